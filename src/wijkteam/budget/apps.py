from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "wijkteam.budget"
    verbose_name = _("Custom-solutions budget")
