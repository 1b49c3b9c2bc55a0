"""The plan of a case: goals per life domain, actions per goal at a stepped-care level.

Goals and actions are the working copy; ``PlanRevision`` keeps what was agreed at a moment as a
snapshot, so revisions can be compared without reconstructing history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case
from wijkteam.core.domains import LifeDomain
from wijkteam.core.models import VersionedModel
from wijkteam.core.steps import Step
from wijkteam.households.models import Person


class Performer(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    NETWORK_PERSON = "network_person", _("Someone from the network")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Volunteer organisation")
    PROVISION = "provision", _("Provision")
    PROFESSIONAL = "professional", _("Professional")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")


class Plan(VersionedModel):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")


class Goal(VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("life domain"), max_length=30, choices=LifeDomain.choices)
    description = models.TextField(_("goal, in the resident's words"), max_length=1000)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for household member"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Written by the resident in their own view (``wijkteam.residents``), not by the team: the
    # team sees it marked as such and takes it up with the resident.
    proposed_by_resident = models.BooleanField(_("proposed by the resident"), default=False)

    class Meta:
        ordering = ["plan", "created_at", "pk"]
        verbose_name = _("goal")


class Action(VersionedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("what will be done"), max_length=1000)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    performer = models.CharField(_("who does it"), max_length=30, choices=Performer.choices)
    performer_name = models.CharField(_("name of who does it"), max_length=150, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    step_reason = models.TextField(_("why this step"), blank=True, max_length=1000)
    is_fast_track = models.BooleanField(_("urgent fast track"), default=False)
    # The provision of the social map this action uses, if any. PROTECT: a provision that plans
    # have used is deactivated, never deleted, so a plan keeps showing what was agreed.
    provision = models.ForeignKey(
        "socialmap.Provision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("provision"),
    )
    # The collective activity of community work this action joins, if any (issue 5): only at
    # step 2 or 3, so the route from an individual question to a collective answer can be
    # counted. PROTECT: an activity that plans point to is ended, never deleted.
    collective_activity = models.ForeignKey(
        "community.CollectiveActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("collective activity"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["goal", "step", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__gte=1, step__lte=4), name="action_step_range"
            ),
            models.CheckConstraint(
                condition=models.Q(is_fast_track=False) | models.Q(step=4),
                name="action_fast_track_is_step_4",
            ),
            models.CheckConstraint(
                condition=models.Q(collective_activity__isnull=True) | models.Q(step__in=[2, 3]),
                name="action_collective_activity_step_2_or_3",
            ),
        ]
        verbose_name = _("action")


class PlanRevision(models.Model):
    """The plan as agreed at one moment, kept whole so revisions can be compared."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.TextField(_("what changed and why"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number_unique"),
        ]
