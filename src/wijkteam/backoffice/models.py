"""The team and the municipal back office: weighty advice and decision, the household's
back-office contact, and breakthrough requests.

The team has no mandate: for a tailored provision it sends a *weighty advice* (``Advice``) and
the back office decides (``AdviceDecision``, appended; the advice caches the current outcome).
Each household with municipal involvement has one named ``BackOfficeContact`` (appended; one
current). When rules block a sensible solution the team files a ``Breakthrough`` request
(*doorbraak*) to that contact; its steps are appended as ``BreakthroughEvent`` rows.

Everything here hangs off a case and its household with CASCADE: this is the team's record of
what was asked and answered, and it goes with the file when that is erased. The municipality's
own decision (the *beschikking*) lives in its own systems.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case
from wijkteam.core.models import VersionedModel
from wijkteam.households.models import Household, Person

# The Wmo product categories of the iWmo code list WMO020, by their official names: a code list
# is quoted, not translated.
WMO_CATEGORIES = (
    ("01", "Hulp bij het huishouden"),
    ("02", "Begeleiding"),
    ("03", "Persoonlijke verzorging"),
    ("04", "Kortdurend verblijf"),
    ("05", "Woondiensten"),
    ("06", "Overige individuele ondersteuning"),
    ("07", "Dagbesteding"),
    ("08", "Vervoerdiensten"),
    ("09", "Overige groepsgerichte ondersteuning"),
    ("10", "Overige maatwerkarrangementen"),
    ("11", "Rolstoelen"),
    ("12", "Vervoervoorzieningen"),
    ("13", "Woonvoorzieningen"),
    ("14", "Overige hulpmiddelen"),
    ("15", "Beschermd wonen"),
    ("16", "Opvang"),
    ("17", "Spoedopvang"),
    ("18", "Overig beschermd wonen/opvang"),
)


class Law(models.TextChoices):
    """The laws, by their official names."""

    WMO = "wmo", "Wmo 2015"
    YOUTH = "jeugdwet", "Jeugdwet"
    PARTICIPATION = "participatiewet", "Participatiewet"
    DEBT = "wgs", "Wet gemeentelijke schuldhulpverlening"


YOUTH_CARE = "youth_care"
INCOME_SUPPORT = "income_support"
DEBT_RELIEF = "debt_relief"

CATEGORY_CHOICES = [(f"wmo_{code}", f"Wmo {code} {name}") for code, name in WMO_CATEGORIES] + [
    (YOUTH_CARE, _("Youth care (Jeugdwet)")),
    (INCOME_SUPPORT, _("Income support (Participatiewet)")),
    (DEBT_RELIEF, _("Debt relief (Wgs)")),
]
CATEGORY_VALUES = frozenset(value for value, _label in CATEGORY_CHOICES)


def law_of(category: str) -> str:
    """The law a category's decision falls under."""
    if category.startswith("wmo_"):
        return Law.WMO
    return {YOUTH_CARE: Law.YOUTH, INCOME_SUPPORT: Law.PARTICIPATION, DEBT_RELIEF: Law.DEBT}[
        category
    ]


class AdviceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Waiting for a decision")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")


DECIDED_STATES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED})


class Advice(VersionedModel):
    """A weighty advice (*zwaarwegend advies*) of the team to the back office on one provision.

    Editable while a draft; once sent it is never edited: a correction is a new advice, or a
    withdrawal with a reason. ``status`` caches the current decision.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="advices")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="advices")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for household member"),
    )
    category = models.CharField(_("provision category"), max_length=20, choices=CATEGORY_CHOICES)
    provision = models.CharField(_("provision asked for"), max_length=300)
    reasons = models.TextField(_("why"), max_length=4000)
    tried = models.TextField(_("what was tried at lower steps"), max_length=4000)
    requested_on = models.DateField(_("date of the request for help"))
    applied_on = models.DateField(_("date of the application"))
    # Derived from the category and the dates when they are set (``terms``): stored so the back
    # office's inbox sorts on it in the database.
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AdviceStatus.choices, default=AdviceStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The current decision's moment, a cache of ``AdviceDecision`` for sorting.
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "decision_due"]),
            models.Index(fields=["household", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applied_on__gte=models.F("requested_on")),
                name="advice_applied_not_before_request",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(sent_at__isnull=False),
                name="advice_sent_has_sent_at",
            ),
        ]
        verbose_name = _("advice")
        verbose_name_plural = _("advices")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ADV-{self.pk:06d}"

    @property
    def law(self) -> str:
        return law_of(self.category)

    @property
    def is_draft(self) -> bool:
        return self.status == AdviceStatus.DRAFT

    @property
    def is_waiting(self) -> bool:
        return self.status == AdviceStatus.SENT

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATES


class AdviceDecision(models.Model):
    """A decision of the back office on an advice, appended; the newest is the current one
    (a later decision, e.g. after an objection, replaces it without erasing it)."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            # One current decision per advice, also when two consultants decide at once.
            models.UniqueConstraint(
                fields=["advice"],
                condition=models.Q(is_current=True),
                name="advice_one_current_decision",
            ),
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class BackOfficeContact(models.Model):
    """Who in the back office is a household's contact, from when to when. Changing the contact
    ends one row and starts the next; the history is never edited."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="back_office_contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("back-office contact"),
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_at__isnull=True),
                name="back_office_one_current_contact",
            ),
        ]
        verbose_name = _("back-office contact")
        verbose_name_plural = _("back-office contacts")


class BreakthroughStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


class Breakthrough(VersionedModel):
    """A breakthrough request (*doorbraak*): rules block a sensible solution, and the team asks
    the household's back-office contact, who has the mandate, to break through."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="breakthroughs")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="breakthroughs")
    blocking_rule = models.TextField(_("which rule blocks"), max_length=2000)
    solution = models.TextField(_("the sensible solution"), max_length=2000)
    reasons = models.TextField(_("why"), max_length=2000)
    # The household's contact when it was filed; empty while the household has none (then the
    # whole back office sees it, and who takes it up becomes the contact).
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BreakthroughStatus.choices,
        default=BreakthroughStatus.SUBMITTED,
    )
    resolution = models.TextField(_("resolution or reason"), max_length=2000, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["status", "filed_at"])]
        verbose_name = _("breakthrough request")
        verbose_name_plural = _("breakthrough requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"DB-{self.pk:06d}"


class BreakthroughEvent(models.Model):
    """One step of a breakthrough request, appended, never edited."""

    breakthrough = models.ForeignKey(Breakthrough, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=BreakthroughStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BreakthroughStatus.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
