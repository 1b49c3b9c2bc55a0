"""HTML views of the plan: goals, actions under stepped care, revisions and their comparison.

The forms live on the case page; a refusal shows that page again (see
``wijkteam.cases.views.casework``). Changing an action's status also works inline with htmx.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wijkteam.cases.views.casework import (
    case_or_404,
    form_refuse,
    invalid,
    refuse,
    render_case_page,
)
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.plans import services
from wijkteam.plans.forms import ActionForm, ActionStatusForm, CompareForm, GoalForm, RevisionForm
from wijkteam.plans.models import Action, ActionStatus, Goal, Outcome, Performer, Step
from wijkteam.plans.selectors import (
    ItemChange,
    action_get,
    goal_get,
    plan_revisions_compare,
    plan_revisions_visible_to,
)
from wijkteam.plans.templatetags.plan_tags import highest_step
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.selectors import provision_get, provisions_for_goal


def _goal_or_404(request: HttpRequest, pk: int) -> Goal:
    try:
        return goal_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _action_or_404(request: HttpRequest, pk: int) -> Action:
    try:
        return action_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _to_plan(case_pk: int, anchor: str = "plan") -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case_pk}) + f"#{anchor}")


@login_required
@require_POST
def goal_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_or_404(request, case_pk)
    members = list(case.household.members.all())
    form = GoalForm(request.POST, members=members)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    person = next((member for member in members if member.pk == data["person"]), None)
    try:
        goal = services.goal_add(
            actor=request.user,
            case=case,
            domain=data["domain"],
            description=data["description"],
            person=person,
        )
    except DomainError as error:
        return refuse(request, case.pk, form, error)
    messages.success(request, _("Goal added. Add the first action towards it."))
    return _to_plan(case.pk, f"goal-{goal.pk}")


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, pk)
    case = case_or_404(request, goal.plan.case_id)
    form = ActionForm(request.POST, goal=goal, highest_step=highest_step(goal))
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    try:
        services.action_add(
            actor=request.user,
            goal=goal,
            description=data["description"],
            step=data["step"],
            performer=data["performer"],
            performer_name=data["performer_name"],
            due_date=data["due_date"],
            step_reason=data["step_reason"],
            is_fast_track=data["is_fast_track"],
            provision=_provision_chosen(request, data["provision"]),
            collective_activity=_activity_chosen(form, data["collective_activity"]),
        )
    except DomainError as error:
        if error.field == "provision":  # a hidden field: show it at the search field
            error.field = "provision_q"
        return refuse(request, case.pk, form, error)
    messages.success(request, _("Action added."))
    return _to_plan(case.pk, f"goal-{goal.pk}")


def _activity_chosen(form: ActionForm, pk: int | None) -> Any:
    """The collective activity chosen, from the form's choices (the case team's activities that
    have not ended): the form has already refused any other id."""
    return next((activity for activity in form.activities if activity.pk == pk), None)


def _provision_chosen(request: HttpRequest, pk: int | None) -> Provision | None:
    if pk is None:
        return None
    try:
        return provision_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise DomainError(
            _("Choose a provision from the social map."),
            code="invalid_provision",
            field="provision",
        ) from None


@login_required
@require_GET
def action_provisions(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: provisions of the social map for an action towards this goal, matching what is
    typed in the search field: the goal's life domain, offered in the area of the case's team,
    lowest step first. The query string holds only words about provisions, never the form."""
    goal = _goal_or_404(request, pk)
    # Only for the field's prefixed name and the goal: no collective activities to read.
    form = ActionForm(goal=goal, highest_step=None, activities=[])
    text = request.GET.get(form.add_prefix("provision_q"), "")[:100]
    team = goal.plan.case.team
    provisions, in_domain = provisions_for_goal(
        user=request.user,
        domain=goal.domain,
        area=team.area if team else None,
        text=text,
    )
    context = {
        "form": form,
        "provisions": provisions,
        "in_domain": in_domain,
        "text": text,
        "domain": LifeDomain(goal.domain).label,
    }
    return render(request, "plans/_provision_results.html", context)


# Who does an action at a provision's step, as the form proposes it when one is chosen.
STEP_PERFORMERS = {
    Step.OWN_STRENGTH: Performer.RESIDENT,
    Step.NETWORK: Performer.VOLUNTEER_ORGANISATION,
    Step.GENERAL_PROVISION: Performer.PROVISION,
    Step.TAILORED: Performer.PROVISION,
}


@login_required
@require_POST
def action_provision(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: choose a provision for the action being written (``choose`` its id), or drop it
    (``choose`` empty). The form comes back filled in with the provision's step, who does it,
    and its name as the description when none was typed; everything typed is kept. POST, so
    what was typed never ends up in a URL."""
    goal = _goal_or_404(request, pk)
    highest = highest_step(goal)
    posted = ActionForm(request.POST, goal=goal, highest_step=highest)
    initial = {name: posted[name].value() for name in posted.fields}
    chosen = request.POST.get("choose", "")
    initial["provision"] = None
    if chosen.isdigit():
        provision = _provision_chosen_or_404(request, int(chosen))
        initial["provision"] = provision.pk
        initial["step"] = provision.step
        initial["performer"] = STEP_PERFORMERS[provision.step]
        if not (initial.get("description") or "").strip():
            initial["description"] = provision.name
        if not (initial.get("performer_name") or "").strip():
            initial["performer_name"] = provision.provider
        if provision.step != Step.TAILORED:
            initial["is_fast_track"] = False
    form = ActionForm(goal=goal, highest_step=highest, initial=initial)
    # The button pressed is gone with the old form: htmx focuses what is marked autofocus, so
    # a keyboard user goes on from "Remove" (or the search field) instead of the page's top.
    return render(request, "plans/_action_form.html", {"form": form, "swapped": True})


def _provision_chosen_or_404(request: HttpRequest, pk: int) -> Provision:
    try:
        provision = provision_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None
    if not provision.is_active:
        raise Http404
    return provision


@login_required
@require_POST
def step_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the reason field for the step chosen so far, required with its explanation when
    the core's stepped-care rule asks for a reason. POST, so that what was typed in the form
    never ends up in a URL."""
    goal = _goal_or_404(request, pk)
    form = ActionForm(request.POST, goal=goal, highest_step=highest_step(goal))
    context = {"field": form["step_reason"], "reason": form.reason_state()}
    return render(request, "plans/_step_reason.html", context)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action's status: inline with htmx (the row comes back), or as a plain form."""
    action = _action_or_404(request, pk)
    form = ActionStatusForm(request.POST, action=action)
    status = 200
    if not form.is_valid():
        status = 400
    else:
        try:
            action = services.action_set_status(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
            action = _action_or_404(request, pk)
            data = form.data.copy()
            data[form.add_prefix("expected_version")] = str(action.version)
            form.data = data
    case_pk = action.goal.plan.case_id
    if request.htmx:
        if status == 200:
            form = ActionStatusForm(action=action)
        action.status_form = form
        context = {"action": action, "editable": True, "saved": status == 200}
        return render(request, "plans/_action_row.html", context, status=status)
    if status != 200:
        return render_case_page(request, case_or_404(request, case_pk), failed=form, status=status)
    messages.success(request, _("Status of the action saved."))
    return _to_plan(case_pk, f"action-{action.pk}")


@login_required
@require_POST
def revision_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_or_404(request, case_pk)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    try:
        services.plan_revision_record(actor=request.user, case=case, note=form.cleaned_data["note"])
    except DomainError as error:
        return refuse(request, case.pk, form, error)
    messages.success(request, _("Plan revision recorded."))
    return _to_plan(case.pk)


# How the fields of a snapshot are named and shown when two revisions are compared.
FIELD_LABELS = {
    "domain": gettext_lazy("Life domain"),
    "description": gettext_lazy("Description"),
    "person_id": gettext_lazy("For household member"),
    "outcome": gettext_lazy("Outcome"),
    "step": gettext_lazy("Step"),
    "performer": gettext_lazy("Who does it"),
    "performer_name": gettext_lazy("Name of who does it"),
    "due_date": gettext_lazy("Due date"),
    "status": gettext_lazy("Status"),
    "step_reason": gettext_lazy("Why this step"),
    "is_fast_track": gettext_lazy("Urgent fast track"),
    "goal_id": gettext_lazy("Goal"),
}
CHOICES = {
    "domain": LifeDomain,
    "outcome": Outcome,
    "step": Step,
    "performer": Performer,
    "status": ActionStatus,
}


def _shown(name: str, value: Any, people: dict[int, str]) -> str:
    """A snapshot value as a person reads it."""
    if value in (None, ""):
        return _("The household as a whole") if name == "person_id" else "—"
    if name in CHOICES:
        choices = CHOICES[name]
        return str(choices(value).label) if value in choices.values else str(value)
    if name == "person_id":
        return people.get(value, _("a former household member"))
    if name == "is_fast_track":
        return _("yes") if value else _("no")
    if name == "due_date":
        return date_format(date.fromisoformat(value), "j M Y")
    return str(value)


def _change_rows(changes: list[ItemChange], people: dict[int, str]) -> list[dict[str, Any]]:
    rows = []
    for change in changes:
        item = change.after or change.before or {}
        names = change.fields if change.change == "changed" else []
        rows.append(
            {
                "kind": _("Goal") if change.kind == "goal" else _("Action"),
                "change": change.change,
                "title": item.get("description", ""),
                "fields": [
                    {
                        "label": FIELD_LABELS.get(name, name),
                        "before": _shown(name, (change.before or {}).get(name), people),
                        "after": _shown(name, (change.after or {}).get(name), people),
                    }
                    for name in names
                ],
            }
        )
    return rows


@login_required
@require_GET
def revisions(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The revisions of a case's plan, and what changed between two of them (by default the
    last two)."""
    case = case_or_404(request, case_pk)
    kept = list(
        plan_revisions_visible_to(user=request.user)
        .filter(plan__case=case)
        .select_related("created_by")
        .order_by("number")
    )
    by_pk = {revision.pk: revision for revision in kept}
    context: dict[str, Any] = {"case": case, "revisions": kept}
    if len(kept) >= 2:
        if "older" in request.GET or "newer" in request.GET:
            form = CompareForm(request.GET, revisions=kept)
        else:
            form = CompareForm(revisions=kept, initial={"older": kept[-2].pk, "newer": kept[-1].pk})
        older, newer = kept[-2], kept[-1]
        status = 200
        if form.is_bound:
            if form.is_valid():
                older = by_pk[form.cleaned_data["older"]]
                newer = by_pk[form.cleaned_data["newer"]]
                if older.number > newer.number:
                    older, newer = newer, older
            else:
                status = 400
        people = {member.pk: member.display_name for member in case.household.members.all()}
        context.update(
            {
                "form": form,
                "older": older,
                "newer": newer,
                "changes": _change_rows(plan_revisions_compare(older=older, newer=newer), people),
            }
        )
        return render(request, "plans/revisions.html", context, status=status)
    return render(request, "plans/revisions.html", context)
