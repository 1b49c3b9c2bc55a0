from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "wijkteam.backoffice"
    verbose_name = _("Municipal back office")
