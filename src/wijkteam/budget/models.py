"""The custom-solutions budget (*maatwerkbudget*): money per team per year that the team spends
on a household where no regular provision fits.

``TeamBudget`` is the amount the municipality sets for a team and year, with the amount up to
which the team coordinator approves a request alone. ``SpendingRequest`` is one request from
the budget for a household; the approved requests are the budget's ledger. The sum of the
approved requests never exceeds the budget: ``services.spending_request_approve`` checks it
under a lock on the budget row.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case
from wijkteam.core.models import VersionedModel
from wijkteam.households.models import Household
from wijkteam.teams.models import Team


class TeamBudget(VersionedModel):
    """A team's budget for one calendar year, in euros."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    coordinator_limit = models.DecimalField(
        _("coordinator limit"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "Per request: up to this amount the team coordinator approves; above it, the "
            "municipality."
        ),
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["-year", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="budget_one_per_team_year"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=Decimal("0")), name="budget_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(coordinator_limit__gte=Decimal("0")),
                name="budget_coordinator_limit_not_negative",
            ),
        ]
        verbose_name = _("custom-solutions budget")
        verbose_name_plural = _("custom-solutions budgets")

    def __str__(self) -> str:
        return f"{self.team} {self.year}"


class SpendingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SpendingRequest(VersionedModel):
    """A request to spend from a team's budget for a household. Approved, it is a ledger row."""

    budget = models.ForeignKey(TeamBudget, on_delete=models.PROTECT, related_name="requests")
    # SET_NULL: when a household's file is deleted (erasure, retention) the money spent stays
    # in the ledger, without the household; pseudonymisation blanks the texts
    # (``wijkteam.rights.retention.SCRUB``).
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        related_name="spending_requests",
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="spending_requests"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    purpose = models.TextField(_("purpose"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SpendingStatus.choices,
        default=SpendingStatus.REQUESTED,
    )
    # Above the coordinator limit when requested: the municipality decides.
    needs_municipality = models.BooleanField(_("needs the municipality"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal("0")), name="spending_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["budget", "status"])]
        verbose_name = _("spending request")
        verbose_name_plural = _("spending requests")

    @property
    def household_reference(self) -> str:
        return f"HH-{self.household_id:06d}" if self.household_id else "—"
