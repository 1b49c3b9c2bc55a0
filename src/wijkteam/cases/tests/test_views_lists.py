"""The caseload and the team inbox: who sees what, in which order, paged, in bounded queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, Urgency
from wijkteam.cases.tests.factories import CaseFactory, case_in_state
from wijkteam.core.workdays import working_days_between
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

CASE_REF = re.compile(r"C-\d{6}")


def _registered(team, *, urgency=Urgency.NORMAL, days_ago=0) -> Case:
    household = HouseholdFactory(team=team)
    PersonFactory(household=household)
    case = CaseFactory(household=household, urgency=urgency)
    # registered_at is set on insert; age it afterwards to make the waiting time real.
    Case.objects.filter(pk=case.pk).update(registered_at=timezone.now() - timedelta(days=days_ago))
    return case


def _references(response) -> list[str]:
    return CASE_REF.findall(response.content.decode())


def test_pages_need_a_login(client, world):
    for name in ("cases:caseload", "cases:inbox"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_renders_and_logs_in(client, world):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'for="id_username"' in response.content.decode()
    response = client.post(
        reverse("login"), {"username": "regisseur", "password": "test-password-123"}
    )
    assert response.status_code == 302
    # Home sends each role to its own start: a team member to their caseload.
    assert response.url == reverse("home")
    assert client.get(response.url).url == reverse("cases:caseload")


def test_failed_login_shows_an_error_summary(client, world):
    response = client.post(reverse("login"), {"username": "regisseur", "password": "wrong"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_caseload_shows_the_directors_open_cases_only(client, world):
    mine = case_in_state(actor=world.director.user, director=world.director, status=Status.INTAKE)
    closed = case_in_state(actor=world.director.user, director=world.director, status=Status.CLOSED)
    colleagues = case_in_state(
        actor=world.director.user, director=world.colleague, status=Status.INTAKE
    )
    client.force_login(world.director.user)
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert mine.reference in html
    assert reverse("cases:detail", args=[mine.pk]) in html
    assert closed.reference not in html
    assert colleagues.reference not in html
    # The navigation marks where the user is.
    assert f'href="{reverse("cases:caseload")}" aria-current="page"' in html


def test_inbox_orders_by_urgency_then_waiting_time_and_shows_days(client, world):
    new_normal = _registered(world.schalkwijk, days_ago=1)
    old_normal = _registered(world.schalkwijk, days_ago=9)
    new_crisis = _registered(world.schalkwijk, urgency=Urgency.CRISIS, days_ago=0)
    old_high = _registered(world.schalkwijk, urgency=Urgency.HIGH, days_ago=4)
    client.force_login(world.director.user)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert _references(response) == [
        new_crisis.reference,
        old_high.reference,
        old_normal.reference,
        new_normal.reference,
    ]
    html = response.content.decode()
    row = re.search(rf"{old_normal.reference}</a></th>((?:(?!</tr>).)*)</tr>", html, re.S)
    # Waiting time in working days: nine calendar days back, less weekends and holidays.
    old_normal.refresh_from_db()
    waited = working_days_between(
        timezone.localdate(old_normal.registered_at), timezone.localdate()
    )
    assert 5 <= waited <= 7
    assert f"<td>{waited}" in row.group(1)


def test_inbox_shows_only_the_users_teams(client, world):
    schalkwijk = _registered(world.schalkwijk)
    oost = _registered(world.oost)
    client.force_login(world.outsider.user)
    references = _references(client.get(reverse("cases:inbox")))
    assert oost.reference in references
    assert schalkwijk.reference not in references


def test_inbox_pages_per_team(client, world):
    cases = [_registered(world.schalkwijk, days_ago=40 - n) for n in range(30)]
    client.force_login(world.director.user)
    first = _references(client.get(reverse("cases:inbox")))
    assert first == [case.reference for case in cases[:25]]
    param = f"page_{world.schalkwijk.pk}"
    response = client.get(reverse("cases:inbox"), {param: 2})
    assert _references(response) == [case.reference for case in cases[25:]]
    assert "?" + param + "=1" in response.content.decode()


def test_caseload_pages(client, world):
    cases = [
        case_in_state(actor=world.director.user, director=world.director, status=Status.INTAKE)
        for _ in range(27)
    ]
    client.force_login(world.director.user)
    assert len(_references(client.get(reverse("cases:caseload")))) == 25
    second = _references(client.get(reverse("cases:caseload"), {"page": 2}))
    assert second == [case.reference for case in cases[25:]]


@pytest.mark.parametrize("rows", [3, 30])
def test_inbox_queries_are_bounded(client, world, django_assert_max_num_queries, rows):
    for n in range(rows):
        _registered(world.schalkwijk, days_ago=n)
    client.force_login(world.director.user)
    # 12, plus per team the waiting list and the membership check of its selector.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:inbox"))
    assert len(_references(response)) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_caseload_queries_are_bounded(client, world, django_assert_max_num_queries, rows):
    for _ in range(rows):
        case = case_in_state(
            actor=world.director.user, director=world.director, status=Status.INTAKE
        )
        PersonFactory(household=case.household)
    client.force_login(world.director.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:caseload"))
    assert len(_references(response)) == min(rows, 25)
