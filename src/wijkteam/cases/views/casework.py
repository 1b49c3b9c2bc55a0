"""The case page and everything done on a case: intake, direction, contacts and the life cycle.

Every form posts to its own view, which parses it and calls one service. When the core refuses,
the case page (or the form's own page) is rendered again in full, with everything that was
typed and the message at the field it concerns: 400 for a broken rule, 409 for a conflict with
the current state (an illegal step, a change someone else made in the meantime).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.cases import services
from wijkteam.cases.forms import (
    CaseThemesForm,
    CloseForm,
    ContactForm,
    HandOverForm,
    NoteForm,
    ReopenForm,
    StartIntakeForm,
    StopForm,
    TransferForm,
    outcome_field_name,
)
from wijkteam.cases.lifecycle import REASONS, Status, Transition, allowed_transitions
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import case_get
from wijkteam.cases.themes import case_themes_and_choices
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse as core_form_refuse
from wijkteam.plans.forms import ActionForm, ActionStatusForm, GoalForm, RevisionForm
from wijkteam.plans.models import PlanRevision
from wijkteam.plans.selectors import plan_goals
from wijkteam.plans.services import EDITABLE_STATES
from wijkteam.sharing.services import is_team_coordinator_of
from wijkteam.teams.models import Team
from wijkteam.teams.selectors import members_suggested_for, team_members
from wijkteam.zrm.models import Assessment

# Core error fields that a form shows under another name (or at form level, for None).
FIELD_ALIASES = {"scores": None, "closing_scores": None, "outcomes": None, "transition": None}


def case_or_404(request: HttpRequest, pk: int) -> Case:
    """The case through ``case_get``: hidden and missing cases are both a plain 404."""
    try:
        return case_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def form_refuse(form: forms.Form, error: DomainError) -> None:
    """The core's refusal on a casework form (some of its fields have other names there)."""
    core_form_refuse(form, error, aliases=FIELD_ALIASES)


def keep_typed(form: forms.Form, case: Case) -> None:
    """After a refusal, the typed values stay, but the hidden version becomes the current one.

    The page shown with the message is the case as it is now, so the user sees what changed and
    can deliberately send the form again.
    """
    current = {"expected_version": case.version, "expected_director_id": case.director_id}
    data = form.data.copy()
    for field, value in current.items():
        if field in form.fields:
            data[form.add_prefix(field)] = "" if value is None else str(value)
    form.data = data


def _illegal(case: Case, transition: str) -> ConflictError | None:
    """The refusal the core gives for a step the case's state does not allow, checked before
    the form so an illegal step is refused as such and not as an incomplete form."""
    if transition in allowed_transitions(case.status):
        return None
    return ConflictError(
        _("A case that is '%(status)s' cannot be given the step '%(transition)s'.")
        % {"status": Status(case.status).label, "transition": Transition(transition).label},
        code="illegal_transition",
    )


def _case_records(case: Case) -> dict[str, Any]:
    """The case's own history and records; ``case`` came through ``case_get``, which checked
    access. One query per kind of record, however long the history."""
    status_changes = list(case.status_changes.select_related("by"))
    for change in status_changes:
        reasons = REASONS.get(change.transition)
        change.reason_label = (
            reasons(change.reason).label if reasons and change.reason in reasons.values else ""
        )
    return {
        "contacts": list(case.contacts.select_related("by")),
        "status_changes": status_changes,
        "director_history": list(
            case.director_history.select_related("membership__user", "by").order_by(
                "-started_at", "-pk"
            )
        ),
        "assessments": list(
            Assessment.objects.filter(case=case)
            .select_related("person", "created_by")
            .prefetch_related("scores")
            .order_by("-assessed_on", "-created_at", "-pk")
        ),
        "revision_count": PlanRevision.objects.filter(plan__case=case).count(),
    }


def detail_context(request: HttpRequest, case: Case, *, failed: Any = None) -> dict[str, Any]:
    """Everything the case page shows; ``failed`` is a refused form shown again in place."""
    transitions = allowed_transitions(case.status)
    can = {transition: transition in transitions for transition in Transition.values}
    can["hand_over"] = case.status in {Status.INTAKE, Status.PLAN_ACTIVE}
    can["edit_plan"] = case.status in EDITABLE_STATES
    can["contact"] = case.is_open
    can["assess"] = case.is_open
    can["themes"] = case.is_open
    version = {"expected_version": case.version}
    members = list(case.household.members.all())

    def pick(form_class: type[forms.Form], build: Any) -> forms.Form:
        return failed if isinstance(failed, form_class) else build()

    context: dict[str, Any] = {
        "case": case,
        "can": can,
        "failed": failed,
        "members": members,
        "registered_by": case.registered_by,
        **_case_records(case),
    }
    context["case_themes"], theme_choices = case_themes_and_choices(case=case)
    if can["themes"]:
        context["themes_form"] = pick(
            CaseThemesForm,
            lambda: CaseThemesForm(
                choices=theme_choices,
                initial={**version, "themes": [t.code for t in context["case_themes"]]},
            ),
        )
    if can[Transition.START_INTAKE]:
        suggested = members_suggested_for(team=case.team, domains=case.domains)
        context["intake_form"] = pick(
            StartIntakeForm, lambda: StartIntakeForm(members=suggested, initial=version)
        )
    if can["hand_over"]:
        context["hand_over_form"] = pick(
            HandOverForm,
            lambda: HandOverForm(
                members=list(team_members(team=case.team)),
                current_id=case.director_id,
                initial=version,
            ),
        )
    if can["edit_plan"]:
        context["goal_form"] = pick(GoalForm, lambda: GoalForm(members=members, initial=version))
        context["revision_form"] = pick(RevisionForm, lambda: RevisionForm(initial=version))
    if can[Transition.ACTIVATE_PLAN]:
        context["activate_form"] = pick(NoteForm, lambda: NoteForm(initial=version))
    if can["contact"]:
        context["contact_form"] = pick(ContactForm, lambda: ContactForm(initial=version))
    if can[Transition.STOP]:
        context["stop_form"] = pick(StopForm, lambda: StopForm(initial=version))
    if can[Transition.TRANSFER]:
        teams = Team.objects.exclude(pk=case.team_id).order_by("name")
        coordinator = is_team_coordinator_of(user=request.user, household=case.household)
        context["transfer_form"] = pick(
            TransferForm,
            lambda: TransferForm(teams=teams, initial=version, can_override=coordinator),
        )
    if can[Transition.REOPEN]:
        context["reopen_form"] = pick(ReopenForm, lambda: ReopenForm(initial=version))
    if isinstance(failed, ActionForm | ActionStatusForm):
        context["plan_failed"] = failed
    placed = any(failed is form for key, form in context.items() if key != "failed") or (
        "plan_failed" in context and can["edit_plan"]
    )
    if failed is not None and not placed:
        context["unplaced"] = typed_values(failed)
    return context


def typed_values(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value) of what was typed in a form that cannot be shown again in its place (the
    step is no longer possible), so nothing typed is lost."""
    shown = []
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        value = form[name].value()
        if value in (None, "", [], False):
            continue
        labels = {str(key): label for key, label in getattr(field, "choices", None) or []}
        if isinstance(value, list):
            value = ", ".join(str(labels.get(str(item), item)) for item in value)
        elif value is True:
            value = _("yes")
        else:
            value = labels.get(str(value), value)
        shown.append((str(field.label), str(value)))
    return shown


def render_case_page(
    request: HttpRequest, case: Case, *, failed: Any = None, status: int = 200
) -> HttpResponse:
    """The case page, with ``failed`` (a refused form) shown again in its place."""
    return render(
        request, "cases/detail.html", detail_context(request, case, failed=failed), status=status
    )


def refuse(
    request: HttpRequest, case_pk: int, form: forms.Form, error: DomainError
) -> HttpResponse:
    """Show the case page again, as it is now, with the refused form and the core's message."""
    form_refuse(form, error)
    case = case_or_404(request, case_pk)
    keep_typed(form, case)
    return render_case_page(request, case, failed=form, status=error.status_code)


def invalid(request: HttpRequest, case: Case, form: forms.Form) -> HttpResponse:
    """A form that did not parse: the case page again with the field messages, 400."""
    return render_case_page(request, case, failed=form, status=400)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page: the registration, the plan, contacts, ZRM, history, and what can be done
    now in the case's state."""
    return render_case_page(request, case_or_404(request, pk))


@login_required
@require_POST
def start_intake(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    suggested = members_suggested_for(team=case.team, domains=case.domains)
    form = StartIntakeForm(request.POST, members=suggested)
    illegal = _illegal(case, Transition.START_INTAKE)
    if illegal:
        return refuse(request, pk, form, illegal)
    if not form.is_valid():
        return invalid(request, case, form)
    try:
        services.case_start_intake(
            actor=request.user,
            case=case,
            director=form.chosen_member(),
            expected_version=form.cleaned_data["expected_version"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    messages.success(request, _("Intake started. The case has its case director and a plan."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    form = HandOverForm(
        request.POST, members=list(team_members(team=case.team)), current_id=case.director_id
    )
    if not form.is_valid():
        return invalid(request, case, form)
    try:
        services.case_hand_over(
            actor=request.user,
            case=case,
            to=form.chosen_member(),
            expected_director_id=form.cleaned_data["expected_director_id"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    messages.success(request, _("Direction handed over. The history keeps who directed when."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def activate_plan(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    try:
        services.case_activate_plan(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["expected_version"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    messages.success(request, _("The plan is active. This version of the plan has been kept."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    try:
        services.contact_add(
            actor=request.user,
            case=case,
            kind=data["kind"],
            date=data["date"],
            duration_minutes=data["duration_minutes"],
            note=data["note"],
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    messages.success(request, _("Contact recorded."))
    return redirect("cases:detail", pk=pk)


def _end_step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    transition: str,
    case: Case | None = None,
    **form_kwargs,
) -> HttpResponse:
    """Stop, transfer and reopen: a reason code and a note, then one service."""
    case = case or case_or_404(request, pk)
    form = form_class(request.POST, **form_kwargs)
    illegal = _illegal(case, transition)
    if illegal:
        return refuse(request, pk, form, illegal)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    try:
        services.case_transition(
            actor=request.user,
            case=case,
            transition=transition,
            expected_version=data["expected_version"],
            reason=data["reason"],
            note=data["note"],
            to_team=data.get("to_team"),
            override_reason=data.get("override_reason", ""),
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    done = {
        Transition.STOP: _("The case has been stopped."),
        Transition.TRANSFER: _("The case has been transferred."),
        Transition.REOPEN: _("The case has been reopened and is back at intake."),
    }
    messages.success(request, done[transition])
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    return _end_step(request, pk, StopForm, Transition.STOP)


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    teams = Team.objects.order_by("name")
    case = case_or_404(request, pk)
    coordinator = is_team_coordinator_of(user=request.user, household=case.household)
    return _end_step(
        request,
        pk,
        TransferForm,
        Transition.TRANSFER,
        case=case,
        teams=teams,
        can_override=coordinator,
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _end_step(request, pk, ReopenForm, Transition.REOPEN)


def _render_close(
    request: HttpRequest, case: Case, form: CloseForm | None, *, status: int = 200, error=None
) -> HttpResponse:
    context = {"case": case, "form": form, "refusal": error}
    return render(request, "cases/casework_close.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing: an outcome per goal, the closing ZRM, a reason. Its own page, being long."""
    case = case_or_404(request, pk)
    goals = list(plan_goals(case=case))
    illegal = _illegal(case, Transition.CLOSE)
    if request.method == "GET":
        if illegal:
            return _render_close(request, case, None, error=illegal)
        form = CloseForm(goals=goals, initial={"expected_version": case.version})
        return _render_close(request, case, form)

    form = CloseForm(request.POST, goals=goals)
    if illegal:
        form_refuse(form, illegal)
        return _render_close(request, case, form, status=illegal.status_code)
    if not form.is_valid():
        return _render_close(request, case, form, status=400)
    data = form.cleaned_data
    try:
        services.case_close(
            actor=request.user,
            case=case,
            expected_version=data["expected_version"],
            reason=data["reason"],
            outcomes=form.outcomes(),
            closing_scores=form.scores(),
            assessed_on=data["assessed_on"],
            note=data["note"],
        )
    except DomainError as error:
        form_refuse(form, error)
        if error.code == "outcome_required":
            missing = set(error.extra.get("goal_ids", []))
            for goal in goals:
                if goal.pk in missing:
                    form.add_error(outcome_field_name(goal), _("Choose the outcome."))
        case = case_or_404(request, pk)
        keep_typed(form, case)
        return _render_close(request, case, form, status=error.status_code)
    messages.success(request, _("The case has been closed."))
    return redirect("cases:detail", pk=pk)


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/intake/", start_intake, name="start_intake"),
    path("<int:pk>/regie/", hand_over, name="hand_over"),
    path("<int:pk>/plan-activeren/", activate_plan, name="activate_plan"),
    path("<int:pk>/contacten/", contact_add, name="contact_add"),
    path("<int:pk>/afsluiten/", close, name="close"),
    path("<int:pk>/stoppen/", stop, name="stop"),
    path("<int:pk>/overdragen/", transfer, name="transfer"),
    path("<int:pk>/heropenen/", reopen, name="reopen"),
]
