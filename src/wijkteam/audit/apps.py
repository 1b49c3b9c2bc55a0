from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "wijkteam.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from wijkteam.audit import signals

        signals.connect()
