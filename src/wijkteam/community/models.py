"""Community work (*opbouwwerk*): neighbourhood signals and the collective approach to them.

A signal is about a neighbourhood and a theme, never about a person: a detected signal carries
counts of households (at or above the disclosure threshold, ADR 0011), a filed one the words of
the professional, partner or residents' initiative who filed it. The community worker of the
area's team answers it with collective activities (a group, an activity, a volunteer initiative,
a request to the municipality) or closes it with the reason for doing nothing. A plan action at
step 2 or 3 may point to a collective activity (``plans.Action.collective_activity``), so the
route from an individual question to a collective answer can be counted.

History is appended: ``SignalStatusChange`` per step of a signal, ``SignalDetection`` per run of
the detection that found it, ``Participation`` per count of an activity's participants.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.core.models import VersionedModel
from wijkteam.teams.models import Team


class SignalOrigin(models.TextChoices):
    DETECTED = "detected", _("Detected in the registrations")
    PROFESSIONAL = "professional", _("Professional of the team")
    PARTNER = "partner", _("Partner organisation")
    RESIDENTS_INITIATIVE = "residents_initiative", _("Residents' initiative")
    RESIDENT = "resident", _("Resident")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    TAKEN_UP = "taken_up", _("Collective approach")
    CLOSED = "closed", _("Closed")


class SignalClosure(models.TextChoices):
    APPROACHED = "approached", _("Collective approach done")
    NO_ACTION = "no_action", _("No action")


class NeighbourhoodSignal(VersionedModel):
    """A pattern in a neighbourhood that community work should look at."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="neighbourhood_signals")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("neighbourhood"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("theme"),
    )
    origin = models.CharField(_("origin"), max_length=30, choices=SignalOrigin.choices)
    # Filed signals: what was seen, in the filer's words ("many elderly people alone in street
    # X"), and who reports it when that is an organisation or initiative. Never a person.
    description = models.TextField(_("what was noticed"), max_length=2000, blank=True)
    reported_by = models.CharField(
        _("reported by (organisation or initiative)"), max_length=150, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    closure = models.CharField(
        _("how it ended"), max_length=20, choices=SignalClosure.choices, blank=True
    )
    closure_note = models.TextField(_("why"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a detected signal."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status", "-created_at"]),
            models.Index(fields=["neighbourhood", "theme", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(origin="detected") | models.Q(theme__isnull=False),
                name="signal_detected_has_theme",
            ),
            models.CheckConstraint(
                condition=models.Q(status="closed") | models.Q(closure=""),
                name="signal_closure_only_when_closed",
            ),
        ]
        verbose_name = _("neighbourhood signal")
        verbose_name_plural = _("neighbourhood signals")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BS-{self.pk:06d}"


class SignalDetection(models.Model):
    """One run of the detection that found the pattern of a detected signal (ADR 0011).

    The counts are households, at or above the minimum by construction; the previous period's
    count may be smaller and is only ever shown through ``wijkteam.core.disclosure``."""

    signal = models.ForeignKey(
        NeighbourhoodSignal, on_delete=models.CASCADE, related_name="detections"
    )
    detected_at = models.DateTimeField(auto_now_add=True)
    period_start = models.DateField()
    period_end = models.DateField()
    households = models.PositiveIntegerField()
    previous_households = models.PositiveIntegerField()
    # What the municipality's rate (outside this neighbourhood) would give this neighbourhood.
    expected = models.FloatField()
    p_value = models.FloatField()

    class Meta:
        ordering = ["detected_at", "pk"]
        indexes = [models.Index(fields=["signal", "detected_at"])]


class SignalStatusChange(models.Model):
    """One step in a signal's life, appended, never edited."""

    signal = models.ForeignKey(
        NeighbourhoodSignal, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    closure = models.CharField(max_length=20, choices=SignalClosure.choices, blank=True)
    note = models.TextField(_("explanation"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ActivityKind(models.TextChoices):
    GROUP = "group", _("Group")
    ACTIVITY = "activity", _("Activity")
    VOLUNTEER_INITIATIVE = "volunteer_initiative", _("Volunteer initiative")
    MUNICIPALITY_REQUEST = "municipality_request", _("Request to the municipality")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class ActivityOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")


class CollectiveActivity(VersionedModel):
    """What community work does about one or more signals, in a team's area."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="collective_activities")
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("what and for whom"), max_length=2000, blank=True)
    # Where: no neighbourhoods means the team's whole area.
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        blank=True,
        related_name="collective_activities",
        verbose_name=_("neighbourhoods"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="collective_activities", verbose_name=_("themes")
    )
    signals = models.ManyToManyField(
        NeighbourhoodSignal,
        blank=True,
        through="ActivitySignal",
        related_name="activities",
        verbose_name=_("signals"),
    )
    # Provisions of the social map the activity created or uses.
    provisions = models.ManyToManyField(
        "socialmap.Provision",
        blank=True,
        related_name="collective_activities",
        verbose_name=_("provisions on the social map"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ActivityOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome, in words"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]
        verbose_name = _("collective activity")
        verbose_name_plural = _("collective activities")

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        return f"CA-{self.pk:06d}"


class ActivitySignal(models.Model):
    """A signal an activity answers: who linked them, and when."""

    activity = models.ForeignKey(CollectiveActivity, on_delete=models.CASCADE)
    signal = models.ForeignKey(NeighbourhoodSignal, on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "signal"], name="activity_signal_unique"),
        ]


class Participation(models.Model):
    """A count of who took part, as the community worker tallied it: numbers, never names."""

    activity = models.ForeignKey(
        CollectiveActivity, on_delete=models.CASCADE, related_name="participations"
    )
    on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"))
    new_participants = models.PositiveIntegerField(_("of whom new"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_participants__lte=models.F("participants")),
                name="participation_new_within_total",
            ),
        ]
        verbose_name = _("participation")
