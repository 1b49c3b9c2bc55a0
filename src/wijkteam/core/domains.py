"""Life domains, the 13 domains of the Zelfredzaamheid-Matrix (ZRM 2017).

One list serves registration (which domains a question touches), plan goals and ZRM scoring,
so that a goal, a registration and a score on "Financiën" mean the same thing everywhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    FINANCES = "finances", _("Finances")
    WORK_EDUCATION = "work_education", _("Work & education")
    TIME_USE = "time_use", _("Time use")
    HOUSING = "housing", _("Housing")
    DOMESTIC_RELATIONS = "domestic_relations", _("Domestic relations")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    BASIC_ADL = "basic_adl", _("Basic ADL")
    INSTRUMENTAL_ADL = "instrumental_adl", _("Instrumental ADL")
    SOCIAL_NETWORK = "social_network", _("Social network")
    SOCIAL_PARTICIPATION = "social_participation", _("Social participation")
    JUSTICE = "justice", _("Justice")


def domain_labels(values: list[str]) -> list[str]:
    """Labels for stored domain values, in catalogue order; unknown values are skipped."""
    chosen = set(values)
    return [str(label) for value, label in LifeDomain.choices if value in chosen]
