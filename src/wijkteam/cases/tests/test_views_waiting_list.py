"""The team inbox's waiting-list flags and counts, and why the start-intake form suggests whom
(docs/capacity.md)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, Contact
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.teams.models import TeamNorm


def _aged(case: Case, days: int) -> Case:
    Case.objects.filter(pk=case.pk).update(registered_at=timezone.now() - timedelta(days=days))
    return case


def _row(html: str, reference: str) -> str:
    return re.search(rf"{reference}</a></th>((?:(?!</tr>).)*)</tr>", html, re.S).group(1)


def test_the_inbox_flags_and_counts_what_waits_too_long(client, world):
    actor, director = world.director.user, world.director
    # 20 calendar days are at least 12 working days: past the default 5.
    late = _aged(case_in_state(actor=actor, director=director, status=Status.REGISTERED), 20)
    called = _aged(case_in_state(actor=actor, director=director, status=Status.REGISTERED), 20)
    Contact.objects.create(case=called, date=timezone.localdate(), by=actor)
    fresh = case_in_state(actor=actor, director=director, status=Status.REGISTERED)
    # In intake for 60 days, past the default 42 for an active plan.
    stuck = _aged(case_in_state(actor=actor, director=director, status=Status.INTAKE), 60)

    client.force_login(world.colleague.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("cases:inbox")).content.decode()

    assert "No first contact in time" in _row(html, late.reference)
    assert "No first contact in time" not in _row(html, called.reference)
    assert "No first contact in time" not in _row(html, fresh.reference)
    assert "<td>0" in _row(html, fresh.reference)  # waiting 0 working days
    # Counts at the top: the late registration and the intake without contact; one late plan.
    assert "<strong>2</strong> without first contact after 5 working days" in html
    assert "<strong>1</strong> without an active plan after 42 days" in html
    assert stuck.reference in html.split("without an active plan past the term")[1]


def test_the_teams_own_terms_apply(client, world):
    TeamNorm.objects.create(
        team=world.schalkwijk,
        caseload_norm=25,
        fulltime_hours=36,
        first_contact_working_days=60,
        plan_term_days=365,
    )
    _aged(
        case_in_state(actor=world.director.user, director=world.director, status="registered"),
        20,
    )
    client.force_login(world.colleague.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("cases:inbox")).content.decode()
    assert "<strong>0</strong> without first contact after 60 working days" in html
    assert "No first contact in time" not in html


def test_start_intake_says_why_each_member_is_suggested(client, world):
    TeamNorm.objects.create(
        team=world.schalkwijk,
        caseload_norm=2,
        fulltime_hours=36,
        first_contact_working_days=5,
        plan_term_days=42,
    )
    for _i in range(2):
        case_in_state(actor=world.director.user, director=world.director, status=Status.INTAKE)
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    Case.objects.filter(pk=case.pk).update(domains=["finances"])

    client.force_login(world.colleague.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    # The colleague (work & income, 0.5 fte: 1 case by the norm) fits and has room: first and
    # chosen; the director fits too but is at the norm: suggested last. Either may be chosen.
    labels = re.findall(r'name="intake-director" value="(\d+)"[^>]*>\s*([^<]*)', html)
    order = [int(pk) for pk, _label in labels]
    assert (order[0], order[-1]) == (world.colleague.pk, world.director.pk)
    colleague = labels[0][1]
    assert "fits Finances" in colleague and "room under the norm: 0 of 1 cases" in colleague
    assert "at the norm: 2 of 2 cases" in labels[-1][1]
    assert "you choose" in html
