from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "wijkteam.sharing"
    verbose_name = _("Grounds for sharing")
