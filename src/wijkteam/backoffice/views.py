"""HTML pages between the team and the back office. Thin: the rules are in services and
selectors.

The back office's pages (the inbox, deciding, the household's contact, taking a breakthrough
request a step) answer 403 to anyone outside the group "Backoffice" before they look anything
up. The team's pages (writing an advice or a request) go through ``case_get``: 404 for a case
whose file the user does not see. An advice and a request have one page for both sides, each
seeing the forms that are theirs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.backoffice import selectors, services
from wijkteam.backoffice.forms import (
    AdviceForm,
    BreakthroughForm,
    BreakthroughStepForm,
    ContactForm,
    DecisionForm,
    WithdrawForm,
)
from wijkteam.backoffice.models import Advice, Breakthrough
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import case_get
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.plans.models import Action
from wijkteam.sharing.services import is_team_coordinator_of


def _back_office_only(request: HttpRequest) -> None:
    if not services.is_back_office(user=request.user):
        raise PermissionDenied


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    try:
        return case_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


# The inbox ---------------------------------------------------------------------------------


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The back office's inbox: advices waiting for a decision, the one due first on top; the
    decided ones; open breakthrough requests."""
    _back_office_only(request)
    inbox = selectors.back_office_inbox(
        user=request.user,
        state=request.GET.get("state", "waiting"),
        query=request.GET.get("q", ""),
        page=request.GET.get("page", 1),
    )
    return render(request, "backoffice/index.html", {"inbox": inbox})


# Advices -----------------------------------------------------------------------------------


def lower_step_actions(case: Case) -> list[Action]:
    """The plan's actions at steps 1–3: what the team writes about in "what was tried"."""
    return list(
        Action.objects.filter(goal__plan__case=case, step__lte=3)
        .select_related("goal")
        .order_by("step", "goal__domain", "pk")
    )


def _advice_form_page(
    request: HttpRequest, case: Case, form: AdviceForm, *, advice: Advice | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {
        "case": case,
        "form": form,
        "advice": advice,
        "actions": lower_step_actions(case),
    }
    return render(request, "backoffice/advice_form.html", context, status=status)


def _advice_form(request: HttpRequest, case: Case, data: Any = None, **kwargs: Any) -> AdviceForm:
    return AdviceForm(
        data,
        persons=list(case.household.members.all()),
        can_override=is_team_coordinator_of(user=request.user, household=case.household),
        **kwargs,
    )


def _advice_values(form: AdviceForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "category": data["category"],
        "provision": data["provision"],
        "reasons": data["reasons"],
        "tried": data["tried"],
        "requested_on": data["requested_on"],
        "applied_on": data["applied_on"],
        "person": form.chosen_person(),
        "send": "send" in form.data,
        "override_reason": data.get("override_reason", ""),
    }


def _sent_message(request: HttpRequest, advice: Advice) -> None:
    if advice.is_draft:
        messages.success(request, _("The advice is saved as a draft. It is not sent yet."))
    else:
        messages.success(request, _("The advice is sent to the back office."))


@staff_page
@require_http_methods(["GET", "POST"])
def advice_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Write an advice on a case: save it as a draft, or send it at once."""
    case = _case_or_404(request, case_pk)
    if request.method == "GET":
        # Usually the registration was the request for help, and the application is made
        # with the advice: both can be changed.
        initial = {
            "requested_on": timezone.localtime(case.registered_at).date(),
            "applied_on": timezone.localdate(),
        }
        return _advice_form_page(request, case, _advice_form(request, case, initial=initial))
    form = _advice_form(request, case, request.POST)
    if not form.is_valid():
        return _advice_form_page(request, case, form, status=400)
    try:
        advice = services.advice_create(actor=request.user, case=case, **_advice_values(form))
    except DomainError as error:
        form_refuse(form, error)
        return _advice_form_page(request, case, form, status=error.status_code)
    _sent_message(request, advice)
    return redirect("backoffice:advice", pk=advice.pk)


def _advice_page(
    request: HttpRequest,
    advice: Advice,
    *,
    failed: Any = None,
    status: int = 200,
) -> HttpResponse:
    """One advice, for the team or the back office, with the forms that are the user's."""
    back_office = services.is_back_office(user=request.user)
    team = services.may_advise(user=request.user, case=advice.case)

    def pick(form_class: type, build: Any) -> Any:
        return failed if isinstance(failed, form_class) else build()

    context: dict[str, Any] = {
        "advice": advice,
        "terms": selectors.advice_terms(advice=advice),
        "decisions": list(advice.decisions.select_related("decided_by").order_by("-decided_at")),
        "contact": selectors.contact_current(household=advice.household),
        "back_office": back_office,
        "team": team,
    }
    if back_office and not advice.is_draft and advice.status != "withdrawn":
        context["decision_form"] = pick(
            DecisionForm, lambda: DecisionForm(initial={"version": advice.version})
        )
        context["contact_form"] = ContactForm(consultants=selectors.back_office_consultants())
    if team and advice.is_draft:
        context["edit_form"] = pick(
            AdviceForm,
            lambda: _advice_form(
                request,
                advice.case,
                initial={
                    "version": advice.version,
                    "category": advice.category,
                    "provision": advice.provision,
                    "person": advice.person_id,
                    "reasons": advice.reasons,
                    "tried": advice.tried,
                    "requested_on": advice.requested_on,
                    "applied_on": advice.applied_on,
                },
            ),
        )
        context["actions"] = lower_step_actions(advice.case)
    if team and advice.is_waiting:
        context["withdraw_form"] = pick(
            WithdrawForm, lambda: WithdrawForm(initial={"version": advice.version})
        )
    return render(request, "backoffice/advice_detail.html", context, status=status)


def _advice_or_404(request: HttpRequest, pk: int, *, team: bool = False) -> Advice:
    try:
        if team:
            return selectors.advice_get_for_team(user=request.user, pk=pk)
        return selectors.advice_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _refused(request: HttpRequest, pk: int, form: Any, error: DomainError) -> HttpResponse:
    form_refuse(form, error)
    if "version" in form.fields:
        # Shown again as the advice is now, so a second send is deliberate.
        data = form.data.copy()
        try:
            current = Advice.objects.only("version").get(pk=pk).version
            data[form.add_prefix("version")] = str(current)
        except Advice.DoesNotExist:  # pragma: no cover
            pass
        form.data = data
    return _advice_page(request, _advice_or_404(request, pk), failed=form, status=error.status_code)


@staff_page
@require_GET
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _advice_page(request, _advice_or_404(request, pk))


@staff_page
@require_POST
def advice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft, and send it when the "send" button was used."""
    advice = _advice_or_404(request, pk, team=True)
    form = _advice_form(request, advice.case, request.POST)
    if not form.is_valid():
        return _advice_page(request, advice, failed=form, status=400)
    try:
        advice = services.advice_update(
            actor=request.user,
            advice=advice,
            expected_version=form.cleaned_data["version"],
            **_advice_values(form),
        )
    except DomainError as error:
        return _refused(request, pk, form, error)
    _sent_message(request, advice)
    return redirect("backoffice:advice", pk=advice.pk)


@staff_page
@require_POST
def advice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    advice = _advice_or_404(request, pk, team=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _advice_page(request, advice, failed=form, status=400)
    try:
        services.advice_withdraw(
            actor=request.user,
            advice=advice,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return _refused(request, pk, form, error)
    messages.success(request, _("The advice is withdrawn."))
    return redirect("cases:detail", pk=advice.case_id)


@staff_page
@require_POST
def advice_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The back office records its decision on an advice."""
    _back_office_only(request)
    advice = _advice_or_404(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _advice_page(request, advice, failed=form, status=400)
    try:
        decision = services.advice_decide(
            actor=request.user,
            advice=advice,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return _refused(request, pk, form, error)
    messages.success(
        request,
        _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display().lower()},
    )
    return redirect("backoffice:advice", pk=advice.pk)


# The household's back-office contact -------------------------------------------------------


def _household_page(
    request: HttpRequest, household: Any, *, form: Any = None, status: int = 200
) -> HttpResponse:
    context = {
        "overview": selectors.household_back_office(household=household, sent_only=True),
        "form": form or ContactForm(consultants=selectors.back_office_consultants()),
    }
    return render(request, "backoffice/household.html", context, status=status)


def _household_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.household_for_back_office(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


@staff_page
@require_GET
def household(request: HttpRequest, pk: int) -> HttpResponse:
    """A household as the back office knows it: by reference, its advices and requests, and
    its contact with the history."""
    _back_office_only(request)
    return _household_page(request, _household_or_404(request, pk))


@staff_page
@require_POST
def contact_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Become (or make a colleague) the household's back-office contact."""
    _back_office_only(request)
    household_ = _household_or_404(request, pk)
    form = ContactForm(request.POST, consultants=selectors.back_office_consultants())
    if not form.is_valid():
        return _household_page(request, household_, form=form, status=400)
    try:
        contact = services.back_office_contact_assign(
            actor=request.user, household=household_, user=form.cleaned_data["user"]
        )
    except DomainError as error:
        form_refuse(form, error)
        return _household_page(request, household_, form=form, status=error.status_code)
    messages.success(
        request,
        _("%(name)s is now the back-office contact of %(reference)s.")
        % {"name": contact.user, "reference": household_.reference},
    )
    back = request.POST.get("next", "")
    if back.startswith("/backoffice/") and "//" not in back:
        return redirect(back)
    return redirect("backoffice:household", pk=pk)


# Breakthrough requests ---------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def breakthrough_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """File a breakthrough request on a case."""
    case = _case_or_404(request, case_pk)
    can_override = is_team_coordinator_of(user=request.user, household=case.household)
    contact = selectors.contact_current(household=case.household)

    def page(form: BreakthroughForm, status: int = 200) -> HttpResponse:
        context = {"case": case, "form": form, "contact": contact}
        return render(request, "backoffice/breakthrough_form.html", context, status=status)

    if request.method == "GET":
        return page(BreakthroughForm(can_override=can_override))
    form = BreakthroughForm(request.POST, can_override=can_override)
    if not form.is_valid():
        return page(form, 400)
    try:
        breakthrough = services.breakthrough_file(
            actor=request.user, case=case, **form.cleaned_data
        )
    except DomainError as error:
        form_refuse(form, error)
        return page(form, error.status_code)
    messages.success(request, _("The breakthrough request is sent to the back office."))
    return redirect("backoffice:breakthrough", pk=breakthrough.pk)


def _breakthrough_or_404(request: HttpRequest, pk: int) -> Breakthrough:
    try:
        return selectors.breakthrough_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _breakthrough_page(
    request: HttpRequest, breakthrough: Breakthrough, *, form: Any = None, status: int = 200
) -> HttpResponse:
    allowed = services.BREAKTHROUGH_TRANSITIONS[breakthrough.status]
    back_office = services.is_back_office(user=request.user)
    if back_office and allowed and form is None:
        form = BreakthroughStepForm(allowed=allowed, initial={"version": breakthrough.version})
    context = {
        "breakthrough": breakthrough,
        "events": list(breakthrough.events.select_related("by")),
        "contact": selectors.contact_current(household=breakthrough.household),
        "form": form if back_office and allowed else None,
        "back_office": back_office,
    }
    return render(request, "backoffice/breakthrough_detail.html", context, status=status)


@staff_page
@require_GET
def breakthrough_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _breakthrough_page(request, _breakthrough_or_404(request, pk))


@staff_page
@require_POST
def breakthrough_step(request: HttpRequest, pk: int) -> HttpResponse:
    """The back office takes a breakthrough request a step."""
    _back_office_only(request)
    breakthrough = _breakthrough_or_404(request, pk)
    allowed = services.BREAKTHROUGH_TRANSITIONS[breakthrough.status]
    form = BreakthroughStepForm(request.POST, allowed=allowed)
    if not form.is_valid():
        return _breakthrough_page(request, breakthrough, form=form, status=400)
    try:
        breakthrough = services.breakthrough_transition(
            actor=request.user,
            breakthrough=breakthrough,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        form_refuse(form, error)
        return _breakthrough_page(request, breakthrough, form=form, status=error.status_code)
    messages.success(
        request,
        _("The request is now: %(status)s.")
        % {"status": breakthrough.get_status_display().lower()},
    )
    return redirect("backoffice:breakthrough", pk=breakthrough.pk)
