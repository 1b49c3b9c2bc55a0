"""The resident's own pages under /mijn/: their plan, how it is going, who looked at their file,
their permissions for sharing, a goal of their own and a note for their case director.

Only for a user with a resident account; anyone else gets a plain 404, as for a file they may
not see. No URL here names a household: every page is about the resident's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import resident_page
from wijkteam.cases.lifecycle import Status
from wijkteam.community.forms import ResidentSignalForm
from wijkteam.community.services.signals import signal_file_by_resident
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.plans.models import Performer, Step
from wijkteam.residents import selectors, services
from wijkteam.residents.forms import (
    PARTY_LABELS,
    PURPOSE_LABELS,
    ConsentForm,
    GoalProposeForm,
    NoteForm,
    WithdrawForm,
)

# Where the resident's case stands, in plain words.
CASE_STATUS_TEXTS = {
    Status.REGISTERED: gettext_lazy(
        "Your question has come in at the neighbourhood team. Someone from the team will "
        "contact you soon."
    ),
    Status.INTAKE: gettext_lazy(
        "You and your case director are getting to know each other and making your plan."
    ),
    Status.PLAN_ACTIVE: gettext_lazy("Your plan is running. You work on it with your team."),
    Status.CLOSED: gettext_lazy("Your case has been closed. This is your last plan."),
    Status.TRANSFERRED: gettext_lazy(
        "Your case was handed over to specialist care or to another team."
    ),
    Status.STOPPED: gettext_lazy("Your case has stopped."),
}
# The four steps of stepped care, as a resident reads them.
STEP_TEXTS = {
    Step.OWN_STRENGTH: gettext_lazy("What you do yourself"),
    Step.NETWORK: gettext_lazy("Help from family, neighbours, friends or volunteers"),
    Step.GENERAL_PROVISION: gettext_lazy("A service open to everyone in the neighbourhood"),
    Step.TAILORED: gettext_lazy("Professional help, made for you"),
}


@resident_page
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Mijn plan: where the case stands, the case director and how to reach them, the goals
    and actions."""
    plan = selectors.resident_plan(user=request.user)
    for group in plan.groups:
        for goal in group.goals:
            for action in goal.actions.all():
                action.step_text = STEP_TEXTS.get(action.step, action.get_step_display())
                action.performer_text = (
                    _("You")
                    if action.performer == Performer.RESIDENT
                    else action.get_performer_display()
                )
    context = {
        "plan": plan,
        "status_text": CASE_STATUS_TEXTS.get(plan.case.status) if plan.case else "",
    }
    return render(request, "residents/overview.html", context)


@resident_page
@require_GET
def zrm(request: HttpRequest) -> HttpResponse:
    """Hoe gaat het: the ZRM scores over time, of the household and of the resident."""
    return render(request, "residents/zrm.html", {"zrm": selectors.resident_zrm(user=request.user)})


@resident_page
@require_GET
def file_looks(request: HttpRequest) -> HttpResponse:
    """Wie keek in mijn dossier."""
    page = request.GET.get("page", "1")
    looks = selectors.resident_file_looks(user=request.user, page=page if page.isdigit() else 1)
    return render(request, "residents/file_looks.html", {"looks": looks})


def _ground_rows(grounds: list) -> list:
    for ground in grounds:
        ground.party_text = PARTY_LABELS.get(ground.party, ground.get_party_display())
        ground.purpose_text = PURPOSE_LABELS.get(ground.purpose, ground.get_purpose_display())
    return grounds


def _consents_page(request: HttpRequest, form: ConsentForm, *, status: int = 200) -> HttpResponse:
    sharing = selectors.resident_sharing(user=request.user)
    for grounds in (sharing.consents, sharing.legal_tasks, sharing.ended, sharing.overrides):
        _ground_rows(grounds)
    return render(
        request, "residents/consents.html", {"sharing": sharing, "form": form}, status=status
    )


@resident_page
@require_GET
def consents(request: HttpRequest) -> HttpResponse:
    """Mijn toestemmingen: consents to give and withdraw, legal tasks to read."""
    return _consents_page(request, ConsentForm())


@resident_page
@require_POST
def consent_give(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _consents_page(request, form, status=400)
    data = form.cleaned_data
    try:
        services.resident_consent_give(
            actor=request.user,
            party=data["party"],
            purpose=data["purpose"],
            consent_scope=data["consent_scope"],
            party_name=data["party_name"],
            purpose_detail=data["purpose_detail"],
        )
    except NotFoundOrHidden:
        raise Http404 from None
    except DomainError as error:
        form_refuse(form, error)
        return _consents_page(request, form, status=error.status_code)
    messages.success(request, _("Thank you. Your permission has been saved."))
    return redirect("residents:consents")


@resident_page
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one consent, after seeing what it covers and what withdrawing means."""
    try:
        ground = selectors.resident_consent_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.resident_consent_withdraw(
                    actor=request.user,
                    ground_id=ground.pk,
                    expected_version=form.cleaned_data["expected_version"],
                )
            except NotFoundOrHidden:
                raise Http404 from None
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _(
                        "Your permission has been withdrawn. From now on the team may not share "
                        "this information on the basis of it."
                    ),
                )
                return redirect("residents:consents")
        else:
            form.add_error(None, _("Something went wrong. Please try again."))
            status = 400
        # The consent as it is now, with the refusal; trying again uses the current version.
        ground.refresh_from_db()
        data = form.data.copy()
        data["expected_version"] = str(ground.version)
        form.data = data
    else:
        form = WithdrawForm(initial={"expected_version": ground.version})
    _ground_rows([ground])
    context = {"ground": ground, "form": form}
    return render(request, "residents/consent_withdraw.html", context, status=status)


def _own_form(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    template: str,
    act: Callable[..., Any],
    message: str,
) -> HttpResponse:
    """A form of the resident's own (a goal, a note): the service gets what was filled in; a
    refusal shows the message and keeps what was typed."""
    status = 200
    form = form_class(request.POST) if request.method == "POST" else form_class()
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                act(actor=request.user, **form.cleaned_data)
            except NotFoundOrHidden:
                raise Http404 from None
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                messages.success(request, message)
                return redirect("residents:overview")
    state = selectors.resident_case_state(user=request.user)
    return render(request, template, {"plan": state, "form": form}, status=status)


@resident_page
@require_http_methods(["GET", "POST"])
def goal_propose(request: HttpRequest) -> HttpResponse:
    """Add a goal of your own to your plan."""
    return _own_form(
        request,
        form_class=GoalProposeForm,
        template="residents/goal_form.html",
        act=services.resident_goal_propose,
        message=_("Your goal is in your plan. Your case director will talk it over with you."),
    )


@resident_page
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest) -> HttpResponse:
    """Write a note for your case director."""
    return _own_form(
        request,
        form_class=NoteForm,
        template="residents/note_form.html",
        act=services.resident_note_add,
        message=_("Your note has been sent to your case director."),
    )


@resident_page
@require_http_methods(["GET", "POST"])
def neighbourhood_signal(request: HttpRequest) -> HttpResponse:
    """Tell the neighbourhood team what you notice in your neighbourhood (a neighbourhood
    signal, ``wijkteam.community``): about the neighbourhood, never about a neighbour."""
    return _own_form(
        request,
        form_class=ResidentSignalForm,
        template="residents/neighbourhood_signal.html",
        act=signal_file_by_resident,
        message=_("Thank you. The neighbourhood team's community worker will look at it."),
    )
