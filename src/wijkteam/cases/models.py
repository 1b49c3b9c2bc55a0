"""Cases: a household's trajectory from the first question to its end, and what is recorded on it.

The case row holds the current state as a cache; the history is appended in ``StatusChange``
and ``DirectorAssignment`` and never edited.
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.lifecycle import OPEN_STATES, Status, Transition
from wijkteam.core.models import VersionedModel
from wijkteam.households.models import Household
from wijkteam.teams.models import Membership, Team


class Source(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    OWN_NETWORK = "own_network", _("Own network")
    GP = "gp", _("GP")
    POLICE = "police", _("District police officer")
    HOUSING = "housing", _("Housing corporation")
    SCHOOL = "school", _("School")
    CJG = "cjg", _("CJG")
    OTHER_PARTNER = "other_partner", _("Other partner")
    OUTREACH = "outreach", _("Outreach by the team")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    HOME_VISIT = "home_visit", _("Home visit")


class Urgency(models.IntegerChoices):
    # Higher sorts first in the inbox.
    NORMAL = 1, _("Normal")
    HIGH = 2, _("High")
    CRISIS = 3, _("Crisis")


class Theme(VersionedModel):
    """A theme from the municipality's managed list (loneliness, debts, poor housing maintenance,
    …): what a question is about beyond the life domains, so that patterns in a neighbourhood can
    be seen (``wijkteam.community``). The functional administrator keeps the list; a theme that
    cases carry is deactivated, never deleted."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Eenzaamheid" and "eenzaamheid" are one theme, also when added at the same moment.
            models.UniqueConstraint(Lower("name"), name="theme_name_unique_ignoring_case"),
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Case(VersionedModel):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    director = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directed_cases",
        verbose_name=_("case director"),
    )

    # The registration (aanmelding): the first question, as it came in.
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.RESIDENT
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    domains = models.JSONField(_("life domains"), default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    question = models.TextField(_("question"), max_length=2000)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # Themes from the managed list; ``CaseTheme`` says who added each and when, and the
    # neighbourhood-signal detection counts households by that date.
    themes = models.ManyToManyField(
        Theme, through="CaseTheme", related_name="cases", blank=True, verbose_name=_("themes")
    )

    # Caches of the history, for lists and indicators.
    status_changed_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["team", "status", "-urgency", "registered_at"]),
            models.Index(fields=["director", "status"]),
        ]
        constraints = [
            # 1 household, 1 plan: at most one open case per household.
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status__in=sorted(OPEN_STATES)),
                name="case_one_open_per_household",
            ),
            # 1 director: once past registration, an open case has its director.
            models.CheckConstraint(
                condition=(
                    models.Q(status=Status.REGISTERED)
                    | ~models.Q(status__in=sorted(OPEN_STATES))
                    | models.Q(director__isnull=False)
                ),
                name="case_open_has_director",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class CaseTheme(models.Model):
    """A theme on a case. Removing a theme deletes its row: what counts is what the case is
    about now; the access log keeps the change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="case_themes")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["theme__name"]
        indexes = [models.Index(fields=["theme", "added_at"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "theme"], name="case_theme_unique"),
        ]
        verbose_name = _("theme of a case")
        verbose_name_plural = _("themes of cases")


class StatusChange(models.Model):
    """One step in a case's life, appended, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    transition = models.CharField(
        max_length=20, choices=[("register", _("Register")), *Transition.choices]
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    note = models.TextField(_("explanation"), blank=True, max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]


class DirectorAssignment(models.Model):
    """Who directed a case, from when to when. Handing over ends one row and starts the next."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="director_history")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True, max_length=1000)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            # Exactly one current director per case, even under simultaneous hand-overs.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_at__isnull=True),
                name="director_one_current_per_case",
            ),
        ]


class CaseMember(models.Model):
    """A professional working on a case besides its director."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "membership"], name="case_member_unique"),
        ]


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone")
    OFFICE = "office", _("At the office")
    NETWORK = "network", _("With the network")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    EMAIL = "email", _("E-mail or message")


class Contact(models.Model):
    """A contact moment with or about the household."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ContactKind.choices, default=ContactKind.PHONE
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["case", "-date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=24 * 60), name="contact_duration_max_day"
            ),
        ]


class CaseConference(VersionedModel):
    """A case conference (*casuïstiekbespreking*) of a team: a meeting with an agenda of cases,
    attendees (team members and expert members, also from outside the team), and per agenda item
    a conclusion with the plan actions it led to.

    Need-to-know (ADR 0010): on its day, the members who attend see the files of the cases on its
    agenda (``households.selectors.households_visible_to`` reads ``attendees`` and ``cases``).
    Experts from outside the team joining is a sharing action (``wijkteam.sharing``), checked by
    ``wijkteam.conferences.services``. Its duration counts as meeting time for each attendee
    (``wijkteam.conferences.selectors.team_time_balance``).
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="conferences")
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), default=time(9, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    attendees = models.ManyToManyField(Membership, related_name="conferences", blank=True)
    # The agenda: the rows of ``ConferenceAgendaItem`` say who put a case on it and when.
    cases = models.ManyToManyField(
        Case, related_name="conferences", blank=True, through="ConferenceAgendaItem"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=8 * 60),
                name="conference_duration_range",
            ),
        ]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    def __str__(self) -> str:
        return f"{self.team} {self.held_on:%Y-%m-%d}"

    @property
    def reference(self) -> str:
        return f"CO-{self.pk:06d}"


class ConferenceAgendaItem(models.Model):
    """A case on a conference's agenda. The table is the one the plain many-to-many field had
    (``cases_caseconference_cases``); this model adds who put the case on the agenda, and when."""

    conference = models.ForeignKey(
        CaseConference,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        db_column="caseconference_id",
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_caseconference_cases"
        ordering = ["position", "pk"]
        unique_together = [("conference", "case")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")


class ConferenceConclusion(models.Model):
    """The conclusion of a conference about one agenda item. Appended, never edited: a changed
    conclusion is a new row, the newest is the current one and the older ones its history."""

    item = models.ForeignKey(
        ConferenceAgendaItem, on_delete=models.CASCADE, related_name="conclusions"
    )
    text = models.TextField(_("conclusion"), max_length=1000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]
        indexes = [models.Index(fields=["item", "written_at"])]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")


class ConclusionAction(models.Model):
    """A plan action that a conference conclusion led to (the action itself lives in the plan)."""

    conclusion = models.ForeignKey(
        ConferenceConclusion, on_delete=models.CASCADE, related_name="action_links"
    )
    action = models.OneToOneField(
        "plans.Action", on_delete=models.CASCADE, related_name="conference_link"
    )

    class Meta:
        ordering = ["pk"]
