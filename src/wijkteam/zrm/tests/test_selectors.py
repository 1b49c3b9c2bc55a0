"""Reads on ZRM assessments: the progress series per domain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.domains import LifeDomain
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.zrm.selectors import zrm_progress
from wijkteam.zrm.services import assessment_create


@pytest.fixture
def case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="intake")


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def assess(world, case, days, scores, kind="follow_up", person=None):
    return assessment_create(
        actor=world.director.user,
        case=case,
        kind=kind,
        assessed_on=days_ago(days),
        scores=scores,
        person=person,
    )


def points(series, domain):
    return [(point.assessed_on, point.score, point.kind) for point in series[domain]]


def test_every_domain_has_a_series_even_when_empty(world, case):
    series = zrm_progress(household=case.household)
    assert list(series) == LifeDomain.values
    assert all(points == [] for points in series.values())


def test_the_series_runs_by_date_whatever_the_order_of_entry(world, case):
    assess(world, case, 10, {"finances": 3}, kind="follow_up")
    assess(world, case, 30, {"finances": 1, "housing": 2}, kind="intake")  # entered late
    assess(world, case, 0, {"finances": 4}, kind="closing")

    series = zrm_progress(household=case.household)

    assert points(series, "finances") == [
        (days_ago(30), 1, "intake"),
        (days_ago(10), 3, "follow_up"),
        (days_ago(0), 4, "closing"),
    ]
    assert points(series, "housing") == [(days_ago(30), 2, "intake")]
    assert series["justice"] == []


def test_a_members_series_is_kept_apart_from_the_household(world, case):
    child = PersonFactory(household=case.household, role="child")
    partner = PersonFactory(household=case.household, role="partner")
    assess(world, case, 20, {"finances": 2})
    assess(world, case, 15, {"finances": 5, "time_use": 1}, person=child)
    assess(world, case, 5, {"finances": 3})

    household = zrm_progress(household=case.household)
    of_child = zrm_progress(household=case.household, person_id=child.pk)

    assert points(household, "finances") == [
        (days_ago(20), 2, "follow_up"),
        (days_ago(5), 3, "follow_up"),
    ]
    assert household["time_use"] == []
    assert points(of_child, "finances") == [(days_ago(15), 5, "follow_up")]
    assert points(of_child, "time_use") == [(days_ago(15), 1, "follow_up")]
    assert all(
        s == [] for s in zrm_progress(household=case.household, person_id=partner.pk).values()
    )


def test_the_series_spans_the_households_cases_and_no_other_household(world):
    first = case_in_state(actor=world.director.user, director=world.director, status="closed")
    household = first.household
    second = case_in_state(
        actor=world.director.user, director=world.director, status="intake", household=household
    )
    elsewhere = case_in_state(actor=world.director.user, director=world.director, status="intake")
    assess(world, second, 0, {"finances": 5})
    assess(world, elsewhere, 0, {"finances": 1})

    finances = [p.score for p in zrm_progress(household=household)["finances"]]
    # The closing ZRM of the first case (4, scored by case_in_state) and the new one.
    assert finances == [4, 5]


def test_the_series_takes_two_queries_however_long(world, case, django_assert_num_queries):
    for days in range(20, 0, -1):
        assess(world, case, days, dict.fromkeys(LifeDomain.values, 3))
    household = case.household
    with django_assert_num_queries(2):
        series = zrm_progress(household=household)
    assert len(series["justice"]) == 20
