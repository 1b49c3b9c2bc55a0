"""HTML pages of case conferences. Thin: the rules are in services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.access.roles import is_coordinator_of
from wijkteam.cases.models import Case, CaseConference, ConferenceAgendaItem
from wijkteam.conferences import services
from wijkteam.conferences.forms import (
    AgendaItemForm,
    ConclusionActionForm,
    ConclusionForm,
    ConferenceForm,
    PeriodForm,
)
from wijkteam.conferences.selectors import (
    agenda_item_get,
    conference_detail,
    conference_get,
    conference_team_get,
    conference_teams_of,
    conferences_visible_to,
    month_bounds,
    team_conferences,
    team_time_balance,
)
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.plans.models import Goal
from wijkteam.plans.services import EDITABLE_STATES

PAGE_SIZE = 20


def _or_404(get: Any, **kwargs: Any) -> Any:
    try:
        return get(**kwargs)
    except NotFoundOrHidden:
        raise Http404 from None


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's teams, to pick whose conferences to see, and conferences they attend as an
    expert for another team."""
    teams = list(conference_teams_of(user=request.user))
    today = timezone.localdate()
    attending = (
        conferences_visible_to(user=request.user)
        .filter(attendees__user=request.user, held_on__gte=today)
        .exclude(team__in=teams)
        .order_by("held_on", "starts_at", "pk")[:20]
    )
    return render(request, "conferences/index.html", {"teams": teams, "attending": list(attending)})


def _period(request: HttpRequest) -> tuple[PeriodForm, Any, Any]:
    start, end = month_bounds(timezone.localdate())
    form = PeriodForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    return form, start, end


@staff_page
@require_GET
def team_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's conferences, upcoming and past (paged), and the balance between meeting time
    and execution time for a period (this month unless another is picked)."""
    team = _or_404(conference_team_get, user=request.user, pk=pk)
    upcoming = Paginator(
        team_conferences(user=request.user, team=team, upcoming=True), PAGE_SIZE
    ).get_page(request.GET.get("komend"))
    past = Paginator(
        team_conferences(user=request.user, team=team, upcoming=False), PAGE_SIZE
    ).get_page(request.GET.get("eerder"))
    period_form, start, end = _period(request)
    balance = team_time_balance(user=request.user, team=team, start=start, end=end)
    context = {
        "team": team,
        "upcoming": upcoming,
        "past": past,
        "period_form": period_form,
        "balance": balance,
    }
    return render(request, "conferences/team_list.html", context)


def _conference_form_page(
    request: HttpRequest,
    form: ConferenceForm,
    *,
    team: Any,
    conference: CaseConference | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "team": team, "conference": conference}
    return render(request, "conferences/form.html", context, status=status)


def _conference_form(request: HttpRequest, team: Any, *, edit: bool, **kwargs: Any):
    can_override = edit and is_coordinator_of(user=request.user, team=team.pk)
    return ConferenceForm(
        request.POST if request.method == "POST" else None,
        team=team,
        choices=services.attendee_choices(team=team),
        can_override=can_override,
        editing=edit,
        **kwargs,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a conference of the team."""
    team = _or_404(conference_team_get, user=request.user, pk=pk)
    form = _conference_form(request, team, edit=False, initial={"held_on": timezone.localdate()})
    if request.method == "GET":
        return _conference_form_page(request, form, team=team)
    if not form.is_valid():
        return _conference_form_page(request, form, team=team, status=400)
    data = form.cleaned_data
    try:
        conference = services.conference_create(
            actor=request.user,
            team=team,
            held_on=data["held_on"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            attendees=list(data["attendees"]),
        )
    except DomainError as error:
        form_refuse(form, error)
        return _conference_form_page(request, form, team=team, status=error.status_code)
    messages.success(request, _("The case conference is planned."))
    return redirect("conferences:detail", pk=conference.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a conference's date, time, duration and attendees; a stale edit is refused."""
    conference = _or_404(conference_get, user=request.user, pk=pk)
    if not services.is_team_member(user=request.user, team_id=conference.team_id):
        raise Http404
    team = conference.team
    initial = {
        "held_on": conference.held_on,
        "starts_at": conference.starts_at,
        "duration_minutes": conference.duration_minutes,
        "attendees": list(conference.attendees.all()),
        "version": conference.version,
    }
    form = _conference_form(request, team, edit=True, initial=initial)
    page = {"team": team, "conference": conference}
    if request.method == "GET":
        return _conference_form_page(request, form, **page)
    if not form.is_valid():
        return _conference_form_page(request, form, **page, status=400)
    data = form.cleaned_data
    try:
        services.conference_update(
            actor=request.user,
            conference=conference,
            held_on=data["held_on"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            attendees=list(data["attendees"]),
            expected_version=data["version"],
            override_reason=data.get("override_reason", ""),
        )
    except DomainError as error:
        form_refuse(form, error)
        return _conference_form_page(request, form, **page, status=error.status_code)
    messages.success(request, _("The case conference is changed."))
    return redirect("conferences:detail", pk=conference.pk)


def _detail(
    request: HttpRequest,
    conference: CaseConference,
    *,
    failed: tuple[int | None, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = conference_detail(user=request.user, conference=conference)
    case_ids = [row.item.case_id for row in detail.rows if row.may_write]
    goals: dict[int, list[Goal]] = {}
    for goal in Goal.objects.filter(plan__case_id__in=case_ids).select_related("plan"):
        goals.setdefault(goal.plan.case_id, []).append(goal)
    rows = []
    for row in detail.rows:
        conclusion_form = action_form = None
        plan_note = ""
        if row.may_write:
            item_id = row.item.pk
            conclusion_form = ConclusionForm(item_id=item_id)
            case_goals = goals.get(row.item.case_id, [])
            if row.item.case.status not in EDITABLE_STATES:
                plan_note = _("The plan can be changed during intake and while it is active.")
            elif not case_goals:
                plan_note = _(
                    "This case's plan has no goals yet: add one on the case page, then the "
                    "conference's actions can go under it."
                )
            elif row.conclusion is not None:
                action_form = ConclusionActionForm(item_id=item_id, goals=case_goals)
            if failed and failed[0] == item_id:
                if isinstance(failed[1], ConclusionForm):
                    conclusion_form = failed[1]
                else:
                    action_form = failed[1]
        rows.append(
            {
                "row": row,
                "conclusion_form": conclusion_form,
                "action_form": action_form,
                "plan_note": plan_note,
            }
        )
    agenda_form = None
    if failed and failed[0] is None:
        agenda_form = failed[1]
    elif detail.may_add_to_agenda:
        agenda_form = _agenda_form(request, conference)
    context = {
        "detail": detail,
        "conference": detail.conference,
        "rows": rows,
        "agenda_form": agenda_form,
    }
    return render(request, "conferences/detail.html", context, status=status)


def _agenda_form(request: HttpRequest, conference: CaseConference) -> AgendaItemForm:
    cases = list(services.agenda_case_choices(user=request.user, conference=conference))
    return AgendaItemForm(
        request.POST if request.method == "POST" else None,
        cases=cases,
        can_override=is_coordinator_of(user=request.user, team=conference.team_id),
    )


@staff_page
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A conference: attendees, and its agenda with conclusions and actions."""
    return _detail(request, _or_404(conference_get, user=request.user, pk=pk))


@staff_page
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a case on the agenda (its director, or the team coordinator)."""
    conference = _or_404(conference_get, user=request.user, pk=pk)
    if not services.is_team_member(user=request.user, team_id=conference.team_id):
        raise Http404
    form = _agenda_form(request, conference)
    if not form.is_valid():
        return _detail(request, conference, failed=(None, form), status=400)
    case = (
        Case.objects.select_related("household")
        .filter(pk=form.cleaned_data["case"], team_id=conference.team_id)
        .first()
    )
    if case is None:
        raise Http404
    try:
        services.agenda_item_add(
            actor=request.user,
            conference=conference,
            case=case,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except DomainError as error:
        form_refuse(form, error)
        return _detail(request, conference, failed=(None, form), status=error.status_code)
    messages.success(request, _("The case is on the agenda."))
    return redirect("conferences:detail", pk=conference.pk)


@staff_page
@require_POST
def conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the conclusion about an agenda item (a new one keeps the earlier as history)."""
    item = _or_404(agenda_item_get, user=request.user, pk=pk)
    form = ConclusionForm(request.POST, item_id=item.pk)
    if form.is_valid():
        return _item_write(
            request,
            item,
            form,
            lambda: services.conclusion_add(
                actor=request.user, item=item, text=form.cleaned_data["text"]
            ),
            _("The conclusion is recorded."),
        )
    return _detail(request, item.conference, failed=(item.pk, form), status=400)


def _item_write(
    request: HttpRequest,
    item: ConferenceAgendaItem,
    form: forms.Form,
    write: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Run ``write`` for an agenda item's valid form: back to the item on the conference page,
    or the page again with the refusal on the form."""
    try:
        write()
    except NotFoundOrHidden:
        raise Http404 from None
    except DomainError as error:
        form_refuse(form, error)
        return _detail(request, item.conference, failed=(item.pk, form), status=error.status_code)
    messages.success(request, success)
    return redirect(f"{reverse('conferences:detail', args=[item.conference_id])}#item-{item.pk}")


@staff_page
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan action that the conclusion leads to, under a goal of the case's plan."""
    item = _or_404(agenda_item_get, user=request.user, pk=pk)
    goals = list(Goal.objects.filter(plan__case_id=item.case_id).select_related("plan"))
    form = ConclusionActionForm(request.POST, item_id=item.pk, goals=goals)
    if form.is_valid():
        data = form.cleaned_data
        goal = next((g for g in goals if g.pk == data["goal"]), None)
        return _item_write(
            request,
            item,
            form,
            lambda: services.conclusion_action_add(
                actor=request.user,
                item=item,
                goal=goal,
                description=data["description"],
                step=data["step"],
                performer=data["performer"],
                performer_name=data["performer_name"],
                due_date=data["due_date"],
                step_reason=data["step_reason"],
                is_fast_track=data["is_fast_track"],
            ),
            _("The action is added to the plan."),
        )
    return _detail(request, item.conference, failed=(item.pk, form), status=400)
