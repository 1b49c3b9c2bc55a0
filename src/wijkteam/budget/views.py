"""HTML pages of the custom-solutions budget. Thin: the rules are in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.budget import services
from wijkteam.budget.forms import BudgetSetForm, DecisionForm, SpendingRequestForm
from wijkteam.budget.models import SpendingRequest, TeamBudget
from wijkteam.budget.selectors import (
    budget_get,
    budget_overview,
    budget_remaining,
    budgets_visible_to,
    budgets_with_totals,
    spending_request_get,
)
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.households.models import Household
from wijkteam.households.selectors import household_get


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The budgets of the user's teams for this year, with what is left; earlier years below."""
    year = timezone.localdate().year
    budgets = budgets_with_totals(budgets_visible_to(user=request.user)).order_by(
        "-year", "team__name"
    )
    rows = [{"budget": budget, "remaining": budget_remaining(budget=budget)} for budget in budgets]
    context = {
        "year": year,
        "current": [row for row in rows if row["budget"].year == year],
        "earlier": [row for row in rows if row["budget"].year != year],
        "may_set": services.may_set_budgets(user=request.user),
    }
    return render(request, "budget/index.html", context)


def _budget_or_404(request: HttpRequest, pk: int) -> TeamBudget:
    try:
        return budget_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _detail(
    request: HttpRequest,
    budget: TeamBudget,
    *,
    failed: tuple[int, DecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = budget_overview(user=request.user, budget=budget)
    pending = []
    for row in overview.pending_requests:
        if failed and failed[0] == row.id:
            form = failed[1]
        else:
            form = DecisionForm(prefix=f"r{row.id}", initial={"version": row.version})
        pending.append((row, form))
    context = {"overview": overview, "budget": overview.budget, "pending": pending}
    return render(request, "budget/detail.html", context, status=status)


@staff_page
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One budget: the year overview, the ledger, and the requests waiting for a decision."""
    return _detail(request, _budget_or_404(request, pk))


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    try:
        spending = spending_request_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None
    form = DecisionForm(request.POST, prefix=f"r{spending.pk}")
    if form.is_valid():
        try:
            if approve:
                services.spending_request_approve(
                    actor=request.user,
                    request=spending,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            else:
                services.spending_request_refuse(
                    actor=request.user,
                    request=spending,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
        except DomainError as error:
            form_refuse(form, error)
            return _detail(
                request, spending.budget, failed=(spending.pk, form), status=error.status_code
            )
        if approve:
            message = _("The request of %(amount)s is approved.")
        else:
            message = _("The request of %(amount)s is refused.")
        messages.success(request, message % {"amount": services.euros(spending.amount)})
        return redirect("budget:detail", pk=spending.budget_id)
    return _detail(request, spending.budget, failed=(spending.pk, form), status=400)


@staff_page
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@staff_page
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


def _request_page(
    request: HttpRequest, household: Household, form: SpendingRequestForm, *, status: int = 200
) -> HttpResponse:
    year = timezone.localdate().year
    budget = TeamBudget.objects.filter(team_id=household.team_id, year=year).first()
    context = {
        "household": household,
        "form": form,
        "budget": budget,
        "remaining": budget_remaining(budget=budget) if budget else None,
        "year": year,
        "requests": SpendingRequest.objects.filter(household=household)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-pk"),
    }
    return render(request, "budget/request_form.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for money from the team's budget for a household (who sees its file)."""
    try:
        household = household_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None
    cases = list(household.cases.order_by("-pk"))
    if request.method == "GET":
        return _request_page(request, household, SpendingRequestForm(cases=cases))
    form = SpendingRequestForm(request.POST, cases=cases)
    if not form.is_valid():
        return _request_page(request, household, form, status=400)
    case = next((c for c in cases if c.pk == form.cleaned_data["case"]), None)
    try:
        spending = services.spending_request_create(
            actor=request.user,
            household=household,
            amount=form.cleaned_data["amount"],
            purpose=form.cleaned_data["purpose"],
            case=case,
        )
    except DomainError as error:
        form_refuse(form, error)
        return _request_page(request, household, form, status=error.status_code)
    if spending.needs_municipality:
        messages.success(
            request, _("Your request is sent: above the limit, the municipality decides.")
        )
    else:
        messages.success(request, _("Your request is sent: the team coordinator decides."))
    return redirect("budget:request_create", pk=household.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def budget_set(request: HttpRequest) -> HttpResponse:
    """The municipality sets a team's budget for a year."""
    if not services.may_set_budgets(user=request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    year = timezone.localdate().year
    if request.method == "GET":
        form = BudgetSetForm(initial={"year": year})
        return render(request, "budget/set_form.html", {"form": form})
    form = BudgetSetForm(request.POST)
    if not form.is_valid():
        return render(request, "budget/set_form.html", {"form": form}, status=400)
    try:
        budget = services.budget_set(actor=request.user, **form.cleaned_data)
    except DomainError as error:
        form_refuse(form, error)
        return render(request, "budget/set_form.html", {"form": form}, status=error.status_code)
    messages.success(request, _("The budget is set."))
    return redirect("budget:detail", pk=budget.pk)
