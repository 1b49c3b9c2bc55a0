"""Collective activities: the list, creating and editing one, participation and outcome.

Thin: the rules are in ``community.services.activities``, the reads in
``community.selectors.activities``. The activity page shows the route from individual question
to collective answer only as counts through ``wijkteam.core.disclosure``, never which
households or cases.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.community.forms_activities import (
    ActivityEndForm,
    ActivityFilterForm,
    ActivityForm,
    ParticipationForm,
    ProvisionSearchForm,
    SignalLinkForm,
    VersionForm,
)
from wijkteam.community.models import (
    ActivityStatus,
    CollectiveActivity,
    NeighbourhoodSignal,
    SignalStatus,
)
from wijkteam.community.roles import teams_worked_by
from wijkteam.community.selectors.activities import (
    activities_filter,
    activities_visible_to,
    activity_get,
    activity_may_work,
    activity_route_counts,
    participation_totals,
)
from wijkteam.community.services import activities as services
from wijkteam.core.disclosure import threshold
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.selectors import (
    provision_get,
    provisions_in_area,
    provisions_matching,
    provisions_visible_to,
)

PAGE_SIZE = 25
SEARCH_LIMIT = 8


def _activity_or_404(request: HttpRequest, pk: int) -> CollectiveActivity:
    try:
        return activity_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _worker_or_403(request: HttpRequest, activity: CollectiveActivity) -> None:
    if not activity_may_work(user=request.user, activity=activity):
        raise PermissionDenied


@staff_page
@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    """The activities of the user's teams (every team for the policy advisor), filtered."""
    form = ActivityFilterForm(request.GET or None, user=request.user)
    queryset = activities_visible_to(user=request.user)
    status = 200
    if form.is_bound:
        if form.is_valid():
            queryset = activities_filter(queryset, **form.cleaned_data)
        else:
            queryset = queryset.none()
            status = 400
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_create": teams_worked_by(user=request.user).exists(),
    }
    return render(request, "community/activities.html", context, status=status)


def _signal_preselected(request: HttpRequest, form: ActivityForm) -> NeighbourhoodSignal | None:
    raw = request.GET.get("signal", "")
    if not raw.isdigit():
        return None
    return form.fields["signals"].queryset.filter(pk=int(raw)).first()


def _form_page(
    request: HttpRequest,
    form: ActivityForm,
    *,
    activity: CollectiveActivity | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "activity": activity}
    return render(request, "community/activity_form.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    """A community worker (or coordinator) starts an activity; ``?signal=<id>`` starts it from
    that signal: the signal is linked, its team, neighbourhood and theme filled in."""
    if not teams_worked_by(user=request.user).exists():
        raise PermissionDenied
    if request.method == "GET":
        form = ActivityForm(user=request.user)
        signal = _signal_preselected(request, form)
        if signal is not None:
            form.initial = {
                "team": signal.team_id,
                "signals": [signal.pk],
                "neighbourhoods": [signal.neighbourhood_id],
                "themes": [signal.theme_id] if signal.theme_id else [],
            }
        return _form_page(request, form)
    form = ActivityForm(request.POST, user=request.user)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    team = teams_worked_by(user=request.user).get(pk=data["team"])
    try:
        activity = services.activity_create(
            actor=request.user,
            team=team,
            kind=data["kind"],
            name=data["name"],
            description=data["description"],
            neighbourhoods=list(data["neighbourhoods"]),
            themes=list(data["themes"]),
            signals=list(data["signals"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
    except DomainError as error:
        form_refuse(form, error)
        return _form_page(request, form, status=error.status_code)
    messages.success(request, _("The activity is saved. Link the provisions it uses or creates."))
    return redirect("community:activity_detail", pk=activity.pk)


def _linkable_signals(activity: CollectiveActivity) -> list[NeighbourhoodSignal]:
    linked = [link.signal_id for link in activity.signal_links]
    return list(
        NeighbourhoodSignal.objects.filter(team_id=activity.team_id)
        .exclude(status=SignalStatus.CLOSED)
        .exclude(pk__in=linked)
        .select_related("neighbourhood", "theme")
        .order_by("-created_at", "-pk")[:50]
    )


def _detail_context(
    request: HttpRequest, activity: CollectiveActivity, **forms: Any
) -> dict[str, Any]:
    may_work = activity_may_work(user=request.user, activity=activity)
    ended = activity.status == ActivityStatus.ENDED
    context: dict[str, Any] = {
        "activity": activity,
        "may_work": may_work and not ended,
        "route": activity_route_counts(activity=activity),
        "threshold": threshold(),
        "totals": participation_totals(activity=activity),
        "participations": list(activity.participations.all()),
        "provisions": list(activity.provisions.all()),
    }
    if may_work and not ended:
        context["participation_form"] = forms.get("participation_form") or ParticipationForm()
        context["search_form"] = ProvisionSearchForm()
        context["start_form"] = forms.get("start_form") or VersionForm(
            initial={"version": activity.version}
        )
        signals = _linkable_signals(activity)
        context["signal_form"] = forms.get("signal_form") or (
            SignalLinkForm(signals=signals) if signals else None
        )
    return context


@staff_page
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    return render(request, "community/activity_detail.html", _detail_context(request, activity))


@staff_page
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an activity that has not ended; a change made meanwhile gives 409."""
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    if request.method == "GET":
        initial = {
            "kind": activity.kind,
            "name": activity.name,
            "description": activity.description,
            "neighbourhoods": list(activity.neighbourhoods.all()),
            "themes": list(activity.themes.all()),
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "version": activity.version,
        }
        form = ActivityForm(initial=initial, user=request.user, editing=True)
        return _form_page(request, form, activity=activity)
    form = ActivityForm(request.POST, user=request.user, editing=True)
    if not form.is_valid():
        return _form_page(request, form, activity=activity, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.activity_update(
            actor=request.user,
            activity=activity,
            expected_version=version if version is not None else -1,
            neighbourhoods=list(data.pop("neighbourhoods")),
            themes=list(data.pop("themes")),
            **data,
        )
    except DomainError as error:
        form_refuse(form, error)
        return _form_page(request, form, activity=activity, status=error.status_code)
    messages.success(request, _("The activity is saved."))
    return redirect("community:activity_detail", pk=activity.pk)


def _refused_detail(request: HttpRequest, pk: int, status: int, **forms: Any) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    context = _detail_context(request, activity, **forms)
    return render(request, "community/activity_detail.html", context, status=status)


@staff_page
@require_POST
def activity_start(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    form = VersionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.activity_start(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
        else:
            messages.success(request, _("The activity is running."))
            return redirect("community:activity_detail", pk=pk)
    return _refused_detail(request, pk, status, start_form=form)


@staff_page
@require_POST
def participation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Append a count of who took part (numbers only)."""
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    form = ParticipationForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_add(
                actor=request.user,
                activity=activity,
                on=data["on"],
                participants=data["participants"],
                new_participants=data["new_participants"] or 0,
                volunteers=data["volunteers"] or 0,
                note=data["note"],
            )
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Participation recorded."))
            return redirect("community:activity_detail", pk=pk)
    return _refused_detail(request, pk, status, participation_form=form)


@staff_page
@require_POST
def activity_signal_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link another signal of the team: the activity answers it too, and it is taken up."""
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    form = SignalLinkForm(request.POST, signals=_linkable_signals(activity))
    status = 400
    if form.is_valid():
        signal = NeighbourhoodSignal.objects.get(pk=form.cleaned_data["signal"])
        try:
            services.activity_link_signal(actor=request.user, activity=activity, signal=signal)
        except DomainError as error:
            form_refuse(form, error, aliases={"signals": "signal"})
            status = error.status_code
        else:
            messages.success(request, _("The signal is linked and taken up."))
            return redirect("community:activity_detail", pk=pk)
    return _refused_detail(request, pk, status, signal_form=form)


@staff_page
@require_GET
def activity_provisions(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: active provisions of the social map matching the words typed, offered in the
    team's area, lowest step first; those already linked are left out."""
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    form = ProvisionSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    provisions = provisions_visible_to(user=request.user).filter(is_active=True)
    provisions = provisions_in_area(provisions, area=activity.team.area)
    provisions = provisions_matching(provisions, text=text).exclude(
        pk__in=[provision.pk for provision in activity.provisions.all()]
    )
    context = {"activity": activity, "results": list(provisions[:SEARCH_LIMIT]), "text": text}
    return render(request, "community/_activity_provision_results.html", context)


def _provision_posted(request: HttpRequest) -> Provision:
    """The provision posted, or a refusal (400) shown on the activity's page."""
    raw = request.POST.get("provision", "")
    try:
        if not raw.isdigit():
            raise NotFoundOrHidden("not found")
        return provision_get(user=request.user, pk=int(raw))
    except NotFoundOrHidden:
        raise DomainError(
            _("Choose a provision from the social map."), code="invalid_provision"
        ) from None


@staff_page
@require_POST
def activity_provision_link(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    try:
        provision = _provision_posted(request)
        services.activity_link_provisions(
            actor=request.user, activity=activity, provisions=[provision]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return _refused_detail(request, pk, error.status_code)
    messages.success(request, _("The provision is linked."))
    return redirect("community:activity_detail", pk=pk)


@staff_page
@require_POST
def activity_provision_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    try:
        provision = _provision_posted(request)
        services.activity_unlink_provision(
            actor=request.user, activity=activity, provision=provision
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return _refused_detail(request, pk, error.status_code)
    messages.success(request, _("The provision is no longer linked."))
    return redirect("community:activity_detail", pk=pk)


@staff_page
@require_http_methods(["GET", "POST"])
def activity_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the activity with its outcome."""
    activity = _activity_or_404(request, pk)
    _worker_or_403(request, activity)
    if request.method == "GET":
        form = ActivityEndForm(initial={"version": activity.version, "ends_on": activity.ends_on})
        return render(request, "community/activity_end.html", {"activity": activity, "form": form})
    form = ActivityEndForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_end(
                actor=request.user,
                activity=activity,
                outcome=data["outcome"],
                outcome_note=data["outcome_note"],
                ends_on=data["ends_on"],
                expected_version=data["version"],
            )
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
        else:
            messages.success(request, _("The activity has ended; its outcome is recorded."))
            return redirect("community:activity_detail", pk=pk)
    context = {"activity": activity, "form": form}
    return render(request, "community/activity_end.html", context, status=status)
