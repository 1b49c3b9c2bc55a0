"""Lists of cases: the user's own caseload and the inboxes of their teams."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from wijkteam.access.permissions import staff_page
from wijkteam.cases.selectors import caseload_for, team_inbox
from wijkteam.households.models import Person
from wijkteam.teams.models import Team
from wijkteam.teams.selectors import WaitingList, team_waiting_list, teams_of

PAGE_SIZE = 25


def _with_members(cases):
    # One query for every listed household's members, however many rows the page has.
    return cases.prefetch_related(
        Prefetch("household__members", queryset=Person.objects.order_by("pk"))
    )


@staff_page
def caseload(request: HttpRequest) -> HttpResponse:
    """Open cases the user directs or works on, most urgent and longest open first."""
    cases = _with_members(caseload_for(user=request.user))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/caseload.html", {"page": page})


@dataclass
class InboxSection:
    team: Team
    page: Page
    param: str
    waiting: WaitingList


@staff_page
def inbox(request: HttpRequest) -> HttpResponse:
    """For each of the user's teams, the registrations waiting for intake, each paged apart,
    with the team's waiting-list counts and each row's flags (docs/capacity.md)."""
    sections = []
    for team in teams_of(user=request.user).select_related("norm").order_by("name"):
        param = f"page_{team.pk}"
        cases = _with_members(team_inbox(user=request.user, team=team))
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get(param))
        # One query per team for every flag: the working days are counted in Python.
        waiting = team_waiting_list(user=request.user, team=team)
        flags = waiting.by_case
        page.object_list = list(page.object_list)
        for case in page.object_list:
            case.waiting = flags.get(case.pk)
        sections.append(InboxSection(team=team, page=page, param=param, waiting=waiting))
    return render(request, "cases/inbox.html", {"sections": sections})


urlpatterns = [
    path("", caseload, name="caseload"),
    path("inbox/", inbox, name="inbox"),
]
