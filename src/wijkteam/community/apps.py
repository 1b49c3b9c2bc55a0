from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "wijkteam.community"
    verbose_name = _("Community work")
