"""Stepped care (*viertrapsmodel*, seed 003): the four steps, shared by plan actions
(``wijkteam.plans``) and the provisions of the social map (``wijkteam.socialmap``), so that a
step means the same thing in both."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.IntegerChoices):
    """Stepped care (viertrapsmodel): start at the lowest step that can work."""

    OWN_STRENGTH = 1, _("1 · Own strength")
    NETWORK = 2, _("2 · Network and volunteers")
    GENERAL_PROVISION = 3, _("3 · General or collective provision")
    TAILORED = 4, _("4 · Tailored or specialist support")
