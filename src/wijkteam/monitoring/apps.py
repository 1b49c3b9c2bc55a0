from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "wijkteam.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # The indicator modules register their indicators in the catalogue on import.
        from wijkteam.monitoring.indicators import flow, outcomes  # noqa: F401
