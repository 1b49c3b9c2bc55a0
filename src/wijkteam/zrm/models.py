"""ZRM assessments: a dated score per life domain, per household or per member.

Assessments are never edited: a new assessment is a new row, so the series shows progress.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case
from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Person


class AssessmentKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSING = "closing", _("Closing")


class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household member"),
        help_text=_("Empty: the household as a whole."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessed_on", "created_at", "pk"]
        indexes = [models.Index(fields=["case", "assessed_on"])]
        verbose_name = _("ZRM assessment")


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(max_length=30, choices=LifeDomain.choices)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["assessment", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="score_one_per_domain"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_range_1_5"
            ),
        ]
