"""The rights of the person (AVG art. 15–18) and the end of a file's life.

``Rectification`` is the history of corrected details (art. 16), appended by the household
services whenever a recorded value changes. ``Restriction`` marks a household's file as
restricted (art. 18): writes are refused until it is lifted. ``Erasure`` records that a file was
pseudonymised or deleted, by request (art. 17) or at the end of its retention term; it holds
ids and counts only, so it outlives a deleted household.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.households.models import Household, Person
from wijkteam.teams.models import Team


class Rectification(models.Model):
    """One changed detail of a person or of the household's address: never edited."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="rectifications"
    )
    # Empty: the household's address.
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="rectifications"
    )
    field = models.CharField(_("field"), max_length=30)
    old_value = models.CharField(_("old value"), max_length=255, blank=True)
    new_value = models.CharField(_("new value"), max_length=255, blank=True)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["household", "-at"])]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")


class Restriction(models.Model):
    """Processing of a household's file restricted (AVG art. 18), from when, by whom, why."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="restrictions")
    reason = models.TextField(_("reason"), max_length=1000)
    started_at = models.DateTimeField(_("restricted since"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(_("reason for lifting"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One restriction in force per household, even when two directors act at once.
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(lifted_at__isnull=True),
                name="restriction_one_active_per_household",
            ),
        ]
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ErasureAction(models.TextChoices):
    PSEUDONYMISE = "pseudonymise", _("Pseudonymised")
    DELETE = "delete", _("Deleted")


class ErasureGround(models.TextChoices):
    RETENTION = "retention", _("Retention term passed")
    REQUEST = "request", _("Erasure request (AVG art. 17)")


class Erasure(models.Model):
    """A household's file was pseudonymised or deleted. Ids and counts only, no client data.

    No foreign key to the household, so the record stays when the household is deleted; it is
    also what makes retention idempotent (a pseudonymised household is not processed again).
    """

    household_id = models.BigIntegerField(_("household"), unique=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=ErasureAction.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=ErasureGround.choices)
    case_count = models.PositiveIntegerField(_("number of cases"), default=0)
    # Why, for an erasure request; the form asks not to name anyone.
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # Empty for the scheduled command.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    @property
    def household_reference(self) -> str:
        return f"HH-{self.household_id:06d}"
