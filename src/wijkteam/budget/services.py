"""Writes of the custom-solutions budget: set a team's budget, request, approve, refuse, withdraw.

The one rule that must hold under load: the approved requests of a budget never add up to more
than the budget. ``spending_request_approve`` therefore locks the budget row
(``select_for_update``) inside its transaction before it adds up what is already approved, so
two approvals at the same moment are checked one after the other. On PostgreSQL the second
waits for the first's row lock; on SQLite every write transaction starts ``IMMEDIATE``
(settings), which serialises writers the same way.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import Role, has_role, is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.cases.models import Case
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.teams.models import Team

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")


def euros(amount: Decimal) -> str:
    """An amount as Dutch readers write it: € 1.234,50."""
    whole, cents = f"{amount.quantize(CENT):,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def may_set_budgets(*, user: User) -> bool:
    """The municipality (back office) and the functional administrator set budgets."""
    return has_role(user, Role.BACK_OFFICE) or has_role(user, Role.FUNCTIONAL_ADMIN)


def deciding_powers(*, user: User, team_id: int) -> tuple[bool, bool]:
    """Whether ``user`` decides on the team's requests within the coordinator limit (the team's
    coordinator), and above it (the municipality). The same for every request of a budget, so a
    page asks once."""
    if not user.is_authenticated or not user.is_active:
        return False, False
    return is_coordinator_of(user=user, team=team_id), has_role(user, Role.BACK_OFFICE)


def may_decide(*, user: User, spending: SpendingRequest) -> bool:
    """Within the coordinator limit the team's coordinator decides, above it the municipality."""
    within, above = deciding_powers(user=user, team_id=spending.budget.team_id)
    return above if spending.needs_municipality else within


def budget_totals(*, budget: TeamBudget) -> tuple[Decimal, Decimal]:
    """What is approved and what is waiting for a decision, in one query."""
    sums = budget.requests.aggregate(
        approved=Sum("amount", filter=Q(status=SpendingStatus.APPROVED)),
        pending=Sum("amount", filter=Q(status=SpendingStatus.REQUESTED)),
    )
    # Quantized: SQLite's SUM drops the cents' zeros.
    return (
        (sums["approved"] or Decimal("0")).quantize(CENT),
        (sums["pending"] or Decimal("0")).quantize(CENT),
    )


def approved_total(*, budget: TeamBudget) -> Decimal:
    return budget_totals(budget=budget)[0]


def _amount_clean(amount: Decimal | None, *, field: str, positive: bool) -> Decimal:
    if amount is None:
        raise DomainError(_("Fill in an amount in euros."), code="invalid_amount", field=field)
    amount = Decimal(amount)
    if amount != amount.quantize(CENT):
        raise DomainError(
            _("An amount has at most two decimals (cents)."), code="invalid_amount", field=field
        )
    if positive and amount <= 0:
        raise DomainError(
            _("The amount must be more than € 0."), code="invalid_amount", field=field
        )
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), code="invalid_amount", field=field)
    return amount


# Budgets ---------------------------------------------------------------------------------------


def budget_set(
    *,
    actor: User,
    team: Team,
    year: int,
    amount: Decimal,
    coordinator_limit: Decimal,
) -> TeamBudget:
    """Set (or change) a team's budget for a year. Lowering it below what is already approved is
    refused: spending approved stays approved."""
    if not may_set_budgets(user=actor):
        raise Forbidden(
            _("Only the municipality or the functional administrator sets budgets."),
            code="not_allowed",
        )
    amount = _amount_clean(amount, field="amount", positive=False)
    coordinator_limit = _amount_clean(coordinator_limit, field="coordinator_limit", positive=False)
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Fill in a year such as 2026."), code="invalid_year", field="year")
    with transaction.atomic():
        budget = TeamBudget.objects.select_for_update().filter(team=team, year=year).first()
        if budget is None:
            try:
                with transaction.atomic():
                    budget = TeamBudget.objects.create(
                        team=team,
                        year=year,
                        amount=amount,
                        coordinator_limit=coordinator_limit,
                        set_by=actor,
                    )
            except IntegrityError:
                raise ConflictError(
                    _("Someone else set this budget at the same moment. Reload the page."),
                    code="stale_version",
                ) from None
        else:
            spent = approved_total(budget=budget)
            if amount < spent:
                raise ConflictError(
                    _("The budget cannot be lower than what is already approved (%(spent)s).")
                    % {"spent": euros(spent)},
                    code="below_approved",
                    field="amount",
                    extra={"approved": str(spent)},
                )
            budget = update_versioned(
                budget,
                expected_version=None,
                fields={
                    "amount": amount,
                    "coordinator_limit": coordinator_limit,
                    "set_by": actor,
                    # auto_now does not fire on the UPDATE that update_versioned makes.
                    "set_at": timezone.now(),
                },
            )
    logger.info("budget_set budget=%s team=%s year=%s", budget.pk, team.pk, year)
    return budget


# Requests --------------------------------------------------------------------------------------


def spending_request_create(
    *,
    actor: User,
    household: Household,
    amount: Decimal,
    purpose: str,
    case: Case | None = None,
) -> SpendingRequest:
    """Ask for money from the budget of the household's team for this year, by someone who sees
    the household's file. Above the coordinator limit the municipality will decide."""
    from wijkteam.households.selectors import households_visible_to
    from wijkteam.rights.services import household_require_unrestricted

    if not households_visible_to(user=actor).filter(pk=household.pk).exists():
        raise NotFoundOrHidden("not found")
    household_require_unrestricted(household_id=household.pk)
    amount = _amount_clean(amount, field="amount", positive=True)
    purpose = (purpose or "").strip()
    if not purpose:
        raise DomainError(
            _("Say what the money is for, without naming anyone."),
            code="purpose_required",
            field="purpose",
        )
    if case is not None and case.household_id != household.pk:
        raise DomainError(_("Choose a case of this household."), code="invalid_case", field="case")
    year = timezone.localdate().year
    budget = TeamBudget.objects.filter(team_id=household.team_id, year=year).first()
    if budget is None:
        raise ConflictError(
            _("The team has no custom-solutions budget for %(year)s yet. Ask the municipality.")
            % {"year": year},
            code="no_budget",
        )
    if amount > budget.amount:
        raise DomainError(
            _("The amount is more than the team's whole budget for the year (%(budget)s).")
            % {"budget": euros(budget.amount)},
            code="budget_exceeded",
            field="amount",
        )
    spending = SpendingRequest.objects.create(
        budget=budget,
        household=household,
        case=case,
        amount=amount,
        purpose=purpose,
        needs_municipality=amount > budget.coordinator_limit,
        requested_by=actor,
    )
    logger.info("spending_requested request=%s budget=%s", spending.pk, budget.pk)
    return spending


def _decision_start(
    *, actor: User, spending: SpendingRequest
) -> tuple[TeamBudget, SpendingRequest]:
    """Lock the budget, then the request; check state and who decides. The version is checked
    by ``update_versioned`` when the decision is written."""
    budget = TeamBudget.objects.select_for_update().get(pk=spending.budget_id)
    spending = SpendingRequest.objects.select_for_update().get(pk=spending.pk)
    spending.budget = budget
    if not may_decide(user=actor, spending=spending):
        if spending.needs_municipality:
            message = _(
                "This request is above the coordinator limit (%(limit)s): the municipality decides."
            ) % {"limit": euros(budget.coordinator_limit)}
        else:
            message = _("The team coordinator decides on requests up to %(limit)s.") % {
                "limit": euros(budget.coordinator_limit)
            }
        raise Forbidden(message, code="not_allowed")
    if spending.status != SpendingStatus.REQUESTED:
        raise ConflictError(
            _("This request was already decided on (%(status)s).")
            % {"status": spending.get_status_display().lower()},
            code="already_decided",
        )
    return budget, spending


@transaction.atomic
def spending_request_approve(
    *, actor: User, request: SpendingRequest, reason: str = "", expected_version: int
) -> SpendingRequest:
    """Approve a request, if the budget still holds it. Never overspends, also when two people
    approve at the same moment: the budget row is locked while the total is checked."""
    budget, spending = _decision_start(actor=actor, spending=request)
    remaining = budget.amount - approved_total(budget=budget)
    if spending.amount > remaining:
        raise ConflictError(
            _(
                "Approving %(amount)s would exceed the budget: %(remaining)s is left of "
                "%(budget)s for %(year)s."
            )
            % {
                "amount": euros(spending.amount),
                "remaining": euros(remaining),
                "budget": euros(budget.amount),
                "year": budget.year,
            },
            code="budget_exceeded",
            extra={"remaining": str(remaining)},
        )
    spending = update_versioned(
        spending,
        expected_version=expected_version,
        fields={
            "status": SpendingStatus.APPROVED,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_reason": (reason or "").strip(),
        },
    )
    logger.info("spending_approved request=%s budget=%s", spending.pk, budget.pk)
    return spending


@transaction.atomic
def spending_request_refuse(
    *, actor: User, request: SpendingRequest, reason: str, expected_version: int
) -> SpendingRequest:
    """Refuse a request; the reason is kept and told to the requester."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why the request is refused, without naming anyone."),
            code="reason_required",
            field="reason",
        )
    _budget, spending = _decision_start(actor=actor, spending=request)
    spending = update_versioned(
        spending,
        expected_version=expected_version,
        fields={
            "status": SpendingStatus.REFUSED,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
    logger.info("spending_refused request=%s", spending.pk)
    return spending


@transaction.atomic
def spending_request_withdraw(
    *, actor: User, request: SpendingRequest, expected_version: int
) -> SpendingRequest:
    """The requester takes back a request that is not decided yet."""
    spending = SpendingRequest.objects.select_for_update().get(pk=request.pk)
    if spending.requested_by_id != actor.pk:
        raise Forbidden(_("Only who made the request can withdraw it."), code="not_allowed")
    if spending.status != SpendingStatus.REQUESTED:
        raise ConflictError(
            _("This request was already decided on (%(status)s).")
            % {"status": spending.get_status_display().lower()},
            code="already_decided",
        )
    return update_versioned(
        spending,
        expected_version=expected_version,
        fields={"status": SpendingStatus.WITHDRAWN, "decided_at": timezone.now()},
    )
