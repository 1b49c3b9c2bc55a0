"""HTML pages of a team's capacity: the coordinator's overview and the form to set the norms.
Thin: the rules are in ``selectors`` and ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.core.forms import form_refuse
from wijkteam.teams import services
from wijkteam.teams.forms import TeamNormForm
from wijkteam.teams.models import Team
from wijkteam.teams.selectors import team_capacity, team_norm_get, teams_coordinated_by


def _team_or_404(pk: int) -> Team:
    # Teams are reference data (the API lists them for all staff): a missing team is a 404,
    # someone else's team a 403.
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def _norm_form(norm) -> TeamNormForm:
    # Every field of the form (the hidden version too) is a field of the norm.
    return TeamNormForm(initial={name: getattr(norm, name) for name in TeamNormForm.base_fields})


def _page(
    request: HttpRequest, team: Team, *, form: TeamNormForm | None = None, status: int = 200
) -> HttpResponse:
    try:
        overview = team_capacity(user=request.user, team=team)
    except Forbidden:
        raise PermissionDenied from None
    context = {
        "team": team,
        "overview": overview,
        "waiting": overview.waiting,
        "form": form or _norm_form(overview.norm),
        "other_teams": list(teams_coordinated_by(user=request.user).exclude(pk=team.pk)),
    }
    return render(request, "teams/capacity.html", context, status=status)


@staff_page
@require_GET
def capacity_index(request: HttpRequest) -> HttpResponse:
    """The menu's entry: the capacity of the team the user coordinates (the first, when
    several; the page links the others)."""
    team = teams_coordinated_by(user=request.user).order_by("name").first()
    if team is None:
        raise PermissionDenied
    return redirect("teams:capacity", pk=team.pk)


@staff_page
@require_GET
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """Members' hours and open cases against the team's norm, the team's totals and its
    waiting list, with the form to set the norms. For the team's coordinator."""
    return _page(request, _team_or_404(pk))


@staff_page
@require_POST
def norms_set(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_or_404(pk)
    form = TeamNormForm(request.POST)
    if not form.is_valid():
        return _page(request, team, form=form, status=400)
    try:
        services.team_norm_set(
            actor=request.user,
            team=team,
            caseload_norm=form.cleaned_data["caseload_norm"],
            fulltime_hours=form.cleaned_data["fulltime_hours"],
            first_contact_working_days=form.cleaned_data["first_contact_working_days"],
            plan_term_days=form.cleaned_data["plan_term_days"],
            expected_version=form.cleaned_data["version"],
        )
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as error:
        form_refuse(form, error)
        # What was typed stays; the hidden version becomes the current one, so sending the form
        # again is a deliberate choice after seeing the change made meanwhile.
        data = form.data.copy()
        data["version"] = str(team_norm_get(team=team).version)
        form.data = data
        return _page(request, team, form=form, status=error.status_code)
    messages.success(request, _("The team's norms are set."))
    return redirect("teams:capacity", pk=team.pk)
