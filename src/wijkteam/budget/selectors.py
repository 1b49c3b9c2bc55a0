"""Reads of the custom-solutions budget, for the acting user only.

A team's budget is for its members (who spend it) and the municipality (back office, and the
functional administrator who sets it). The ledger names households by their reference only,
never by name; reading it is logged as one access-log entry with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_record
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.budget.services import (
    CENT,
    approved_total,
    budget_totals,
    deciding_powers,
    may_set_budgets,
)
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.selectors import households_visible_to


def budgets_visible_to(*, user: User) -> QuerySet[TeamBudget]:
    """The budgets of the user's teams; every budget for the municipality."""
    if not user.is_authenticated or not user.is_active:
        return TeamBudget.objects.none()
    budgets = TeamBudget.objects.select_related("team")
    if may_set_budgets(user=user):  # the municipality: back office and functional admin
        return budgets
    return budgets.filter(
        team__memberships__user=user, team__memberships__is_active=True
    ).distinct()


def budget_get(*, user: User, pk: int) -> TeamBudget:
    budget = budgets_visible_to(user=user).filter(pk=pk).first()
    if budget is None:
        raise NotFoundOrHidden("not found")
    return budget


def spending_requests_visible_to(*, user: User) -> QuerySet[SpendingRequest]:
    return SpendingRequest.objects.filter(budget__in=budgets_visible_to(user=user)).select_related(
        "budget", "budget__team", "requested_by", "decided_by"
    )


def spending_request_get(*, user: User, pk: int) -> SpendingRequest:
    spending = spending_requests_visible_to(user=user).filter(pk=pk).first()
    if spending is None:
        raise NotFoundOrHidden("not found")
    return spending


@dataclass(frozen=True)
class LedgerRow:
    id: int
    date: datetime
    household_reference: str
    amount: Decimal
    purpose: str
    decided_by: str


@dataclass(frozen=True)
class PendingRow:
    id: int
    version: int
    requested_at: datetime
    household_reference: str
    amount: Decimal
    purpose: str
    requested_by: str
    needs_municipality: bool
    may_decide: bool


@dataclass(frozen=True)
class DecidedRow:
    """A refused or withdrawn request; the reason only for who may read the purpose."""

    id: int
    decided_at: datetime | None
    household_reference: str
    amount: Decimal
    status: str
    decision_reason: str


@dataclass(frozen=True)
class BudgetOverview:
    budget: TeamBudget
    amount: Decimal
    approved: Decimal
    pending: Decimal
    remaining: Decimal
    ledger: list[LedgerRow]
    pending_requests: list[PendingRow]
    decided: list[DecidedRow]  # refused and withdrawn, for the year's picture
    by_month: list[tuple[int, Decimal]]  # month 1–12, approved in that month


def budgets_with_totals(budgets: QuerySet[TeamBudget]) -> QuerySet[TeamBudget]:
    """``budgets`` with what is approved of each (``approved_sum``), which ``budget_remaining``
    reads: a list of budgets costs one query, not one per budget."""
    approved = (
        SpendingRequest.objects.filter(budget=OuterRef("pk"), status=SpendingStatus.APPROVED)
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return budgets.annotate(
        approved_sum=Coalesce(Subquery(approved, output_field=money), Value(Decimal("0")))
    )


def budget_remaining(*, budget: TeamBudget) -> Decimal:
    """What is left of ``budget``: from ``budgets_with_totals`` when it came through that, else
    one query."""
    approved = getattr(budget, "approved_sum", None)
    if approved is None:
        approved = approved_total(budget=budget)
    return budget.amount - Decimal(approved).quantize(CENT)


def budget_overview(*, user: User, budget: TeamBudget) -> BudgetOverview:
    """The year overview of one budget: totals, the ledger of approved spending, the requests
    waiting for a decision (with whether ``user`` may decide) and the refused ones."""
    # Deny by default, also for a budget the caller already has: checked, not fetched again.
    if not budgets_visible_to(user=user).filter(pk=budget.pk).exists():
        raise NotFoundOrHidden("not found")
    approved, pending = budget_totals(budget=budget)
    rows = list(
        budget.requests.select_related("requested_by", "decided_by", "budget").order_by(
            "decided_at", "pk"
        )
    )
    # The purpose says something about a household: only for who sees its file, or who must
    # decide on it (need-to-know). Amounts and references are for the whole team.
    visible = set(
        households_visible_to(user=user)
        .filter(pk__in={row.household_id for row in rows if row.household_id})
        .values_list("pk", flat=True)
    )

    may_decide_within, may_decide_above = deciding_powers(user=user, team_id=budget.team_id)

    def may_decide(row) -> bool:
        return may_decide_above if row.needs_municipality else may_decide_within

    def purpose_for(row, *, deciding: bool = False) -> str:
        return row.purpose if deciding or row.household_id in visible else ""

    def reason_for(row) -> str:
        # Why a request was refused says as much about the household as what it was for.
        return row.decision_reason if row.household_id in visible else ""

    ledger = [
        LedgerRow(
            id=row.pk,
            date=row.decided_at,
            household_reference=row.household_reference,
            amount=row.amount,
            purpose=purpose_for(row),
            decided_by=str(row.decided_by),
        )
        for row in rows
        if row.status == SpendingStatus.APPROVED
    ]
    waiting = [
        PendingRow(
            id=row.pk,
            version=row.version,
            requested_at=row.requested_at,
            household_reference=row.household_reference,
            amount=row.amount,
            purpose=purpose_for(row, deciding=may_decide(row)),
            requested_by=str(row.requested_by),
            needs_municipality=row.needs_municipality,
            may_decide=may_decide(row),
        )
        for row in sorted(rows, key=lambda r: (r.requested_at, r.pk))
        if row.status == SpendingStatus.REQUESTED
    ]
    months = {month: Decimal("0") for month in range(1, 13)}
    for row in ledger:
        local = timezone.localtime(row.date)
        if local.year == budget.year:
            months[local.month] += row.amount
    access_log_record(
        event="budget_viewed",
        action=LogAction.READ,
        object_type="budget.teambudget",
        object_id=budget.pk,
        result_count=len(rows),
    )
    return BudgetOverview(
        budget=budget,
        amount=budget.amount,
        approved=approved,
        pending=pending,
        remaining=budget.amount - approved,
        ledger=ledger,
        pending_requests=waiting,
        decided=[
            DecidedRow(
                id=row.pk,
                decided_at=row.decided_at,
                household_reference=row.household_reference,
                amount=row.amount,
                status=row.get_status_display(),
                decision_reason=reason_for(row),
            )
            for row in rows
            if row.status in (SpendingStatus.REFUSED, SpendingStatus.WITHDRAWN)
        ],
        by_month=sorted(months.items()),
    )
