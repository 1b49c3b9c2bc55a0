from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeNetworkConfig(AppConfig):
    name = "wijkteam.knowledgenetwork"
    verbose_name = _("Knowledge network")
