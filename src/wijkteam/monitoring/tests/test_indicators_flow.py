"""The flow indicators on small hand-made histories: every expected figure is worked out by
hand in the test, around March 2025 (Monday 31 March is its last day; no holidays nearby).

Households of team Schalkwijk 1 live in Boerhaavewijk (6,000 inhabitants) or Meerwijk (4,000);
those of team Oost 2 in Parkwijk (5,000). Times are local (Europe/Amsterdam).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.areas.tests.factories import NeighbourhoodFactory, TeamAreaFactory
from wijkteam.cases.lifecycle import Status, StopReason, Transition
from wijkteam.cases.models import Case, Contact, StatusChange
from wijkteam.cases.tests.factories import CaseFactory
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.monitoring.indicators import (
    INDICATORS,
    NEIGHBOURHOOD,
    TEAM,
    TEAM_AREA,
    Period,
    Scope,
    indicator_compute,
)
from wijkteam.monitoring.indicators.flow import nearest_rank
from wijkteam.teams.models import TeamNorm
from wijkteam.teams.tests.factories import MembershipFactory, TeamFactory

MARCH = Period.month(2025, 3)
EMPTY = Period.month(2024, 1)  # before every registration below
ALL = Scope()

FLOW = (
    "questions_registered",
    "questions_answered",
    "cases_closed",
    "reach_per_1000",
    "days_to_first_contact",
    "days_to_plan",
    "waiting_list",
    "open_cases_per_fte",
    "re_registration_12_months",
)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def d(month: int, day: int, year: int = 2025) -> date:
    return date(year, month, day)


class History:
    """Cases with a history written row by row, each step on a chosen moment."""

    def __init__(self, world) -> None:
        self.world = world
        self.user = world.director.user

    def neighbourhood(self, code: str) -> Neighbourhood:
        return Neighbourhood.objects.get(code=code)

    def case(
        self,
        registered: datetime,
        *,
        where: str = "boerhaavewijk",
        household: Household | None = None,
        steps: tuple = (),
        contacts: tuple[date, ...] = (),
    ) -> Case:
        """A case registered on ``registered``; ``steps`` are ``(moment, transition, to_status,
        reason)``; its current status is the last step's."""
        team = self.world.oost if where == "parkwijk" else self.world.schalkwijk
        if household is None:
            household = HouseholdFactory(team=team, neighbourhood=self.neighbourhood(where))
        status = steps[-1][2] if steps else Status.REGISTERED
        case = CaseFactory(
            household=household,
            team=team,
            status=status,
            director=None if status == Status.REGISTERED else self.world.director,
        )
        Case.objects.filter(pk=case.pk).update(registered_at=registered)
        self.change(case, registered, "register", Status.REGISTERED)
        source = Status.REGISTERED
        for moment, transition, target, *reason in steps:
            self.change(case, moment, transition, target, reason[0] if reason else "", source)
            source = target
        for day in contacts:
            Contact.objects.create(case=case, date=day, by=self.user)
        return case

    def change(self, case, moment, transition, target, reason="", source="") -> None:
        row = StatusChange.objects.create(
            case=case,
            transition=transition,
            from_status=source,
            to_status=target,
            reason=reason,
            by=self.user,
        )
        StatusChange.objects.filter(pk=row.pk).update(at=moment)


@pytest.fixture
def history(world) -> History:
    return History(world)


def compute(key: str, scope: Scope = ALL, period: Period = MARCH):
    return indicator_compute(key=key, scope=scope, period=period)


def team(world, name: str = "schalkwijk") -> Scope:
    return Scope(TEAM, getattr(world, name).pk)


def place(code: str) -> Scope:
    return Scope(NEIGHBOURHOOD, Neighbourhood.objects.get(code=code).pk)


CLOSE = (Transition.CLOSE, Status.CLOSED, "goals_reached")
INTAKE = (Transition.START_INTAKE, Status.INTAKE)
PLAN = (Transition.ACTIVATE_PLAN, Status.PLAN_ACTIVE)
REOPEN = (Transition.REOPEN, Status.INTAKE, "relapse")
ANSWERED = (Transition.STOP, Status.STOPPED, StopReason.ANSWERED)
DECLINED = (Transition.STOP, Status.STOPPED, StopReason.DECLINED)
TRANSFER = (Transition.TRANSFER, Status.TRANSFERRED, "specialist")


def step(moment: datetime, what: tuple) -> tuple:
    return (moment, *what)


# The catalogue ---------------------------------------------------------------------------------


def test_every_flow_indicator_is_in_the_catalogue_with_its_definition():
    for key in FLOW:
        indicator = INDICATORS[key]
        assert indicator.key == key
        assert str(indicator.label) and str(indicator.definition) and str(indicator.period_rule)
        assert str(indicator.numerator)
    assert INDICATORS["reach_per_1000"].unit == "per_1000"
    assert INDICATORS["re_registration_12_months"].unit == "percent"
    assert INDICATORS["days_to_plan"].unit == "days"
    assert str(INDICATORS["questions_registered"].denominator) == ""


# Questions in and out --------------------------------------------------------------------------


@pytest.fixture
def questions(world, history):
    h = history
    h.case(at(d(2, 20)), steps=[step(at(d(3, 10)), CLOSE)])  # A: crosses the border
    h.case(at(d(3, 5)), steps=[step(at(d(3, 6)), ANSWERED)])  # B: answered without a case
    h.case(at(d(3, 1), 0, 30), where="meerwijk")  # C: first half hour of March
    h.case(at(d(2, 28), 23, 30))  # D: last half hour of February
    h.case(at(d(3, 31), 23, 30))  # E: last half hour of March
    h.case(  # F: closed, reopened and closed again, all in March
        at(d(1, 10)),
        steps=[step(at(d(3, 3)), CLOSE), step(at(d(3, 4)), REOPEN), step(at(d(3, 20)), CLOSE)],
    )
    h.case(  # G: closed in February, reopened in March, closed again in April
        at(d(1, 5)),
        steps=[step(at(d(2, 28)), CLOSE), step(at(d(3, 2)), REOPEN), step(at(d(4, 2)), CLOSE)],
    )
    h.case(at(d(3, 10)), where="parkwijk", steps=[step(at(d(3, 15)), CLOSE)])  # H: Oost
    h.case(at(d(1, 15)), steps=[step(at(d(3, 12)), DECLINED)])  # I: stopped, not answered


def test_questions_registered(world, questions):
    # B, C, E and H; A, D, F, G and I were registered before March.
    assert compute("questions_registered").value == 4
    assert compute("questions_registered", team(world)).value == 3  # B, C, E
    assert compute("questions_registered", team(world, "oost")).value == 1  # H
    assert compute("questions_registered", place("meerwijk")).value == 1  # C
    assert compute("questions_registered", Scope(TEAM_AREA, world.oost.area_id)).value == 1
    assert compute("questions_registered", period=Period.month(2025, 2)).value == 2  # A, D
    assert compute("questions_registered", period=EMPTY).value == 0


def test_questions_answered(world, questions):
    result = compute("questions_answered")
    # Closed: A, F (once, though closed twice) and H; answered without a case: B.
    assert result.value == 4
    assert result.breakdown["closed"].value == 3
    assert result.breakdown["answered_without_case"].value == 1
    assert compute("questions_answered", team(world)).value == 3  # A, B, F
    assert compute("questions_answered", place("parkwijk")).value == 1  # H
    # April: G closed again after its reopening.
    assert compute("questions_answered", period=Period.month(2025, 4)).value == 1
    empty = compute("questions_answered", period=EMPTY)
    assert empty.value == 0
    assert empty.breakdown["closed"].value == 0


def test_cases_closed(world, questions):
    assert compute("cases_closed").value == 3  # A, F, H
    assert compute("cases_closed", team(world)).value == 2  # A, F
    # February: G, closed before it was reopened; D and A were not closed then.
    assert compute("cases_closed", period=Period.month(2025, 2)).value == 1
    # The first quarter: A, F, G (closed in February, reopened) and H, each once.
    assert compute("cases_closed", period=Period.quarter(2025, 1)).value == 4
    assert compute("cases_closed", period=EMPTY).value == 0


# Reach -----------------------------------------------------------------------------------------


def test_reach_per_1000(world, history):
    h = history
    twice = HouseholdFactory(team=world.schalkwijk, neighbourhood=h.neighbourhood("boerhaavewijk"))
    h.case(at(d(3, 2)), household=twice, steps=[step(at(d(3, 3)), ANSWERED)])
    h.case(at(d(3, 20)), household=twice)  # the same household again: counted once
    h.case(at(d(3, 8)))  # another household in Boerhaavewijk
    h.case(at(d(3, 9)), where="meerwijk")
    h.case(at(d(3, 10)), where="parkwijk")
    h.case(at(d(2, 10)))  # February: not reached in March

    result = compute("reach_per_1000")
    # 4 households / 15,000 inhabitants × 1,000 = 0.2666… → 0.3
    assert (result.value, result.numerator, result.denominator) == (0.3, 4, 15000)
    result = compute("reach_per_1000", team(world))
    assert (result.value, result.numerator, result.denominator) == (0.3, 3, 10000)
    result = compute("reach_per_1000", Scope(TEAM_AREA, world.oost.area_id))
    assert (result.value, result.numerator, result.denominator) == (0.2, 1, 5000)
    result = compute("reach_per_1000", place("boerhaavewijk"))
    # 2 / 6,000 × 1,000 = 0.333… → 0.3
    assert (result.value, result.numerator, result.denominator) == (0.3, 2, 6000)
    empty = compute("reach_per_1000", period=EMPTY)
    assert (empty.value, empty.numerator, empty.denominator) == (0.0, 0, 15000)

    nobody = NeighbourhoodFactory(area=world.oost.area, code="leeg", population=0)
    unknown = compute("reach_per_1000", Scope(NEIGHBOURHOOD, nobody.pk))
    assert (unknown.value, unknown.numerator, unknown.denominator) == (None, 0, 0)


# Days to first contact and to a plan -----------------------------------------------------------


def test_nearest_rank():
    assert nearest_rank([], 50) is None
    assert nearest_rank([5], 50) == nearest_rank([5], 90) == 5
    assert nearest_rank([4, 1, 3, 2], 50) == 2  # rank ⌈2⌉: the lower middle value
    assert nearest_rank([4, 1, 3, 2], 90) == 4  # rank ⌈3.6⌉ = 4
    assert nearest_rank(list(range(10, 0, -1)), 90) == 9  # rank 9 of 1…10
    assert nearest_rank(list(range(1, 11)), 50) == 5


def test_days_to_first_contact(world, history):
    h = history
    h.case(at(d(3, 3), 10), contacts=(d(3, 5), d(3, 4)))  # first contact the next day: 1
    h.case(at(d(3, 10)), contacts=(d(3, 10),))  # same day: 0
    h.case(at(d(3, 12)), contacts=(d(4, 2),))  # contact after the period still counts: 21
    h.case(at(d(3, 20)), where="parkwijk", contacts=(d(3, 27),))  # 7, in Oost
    h.case(at(d(3, 25)))  # no contact yet: not measured
    h.case(at(d(2, 25)), contacts=(d(3, 2),))  # registered in February: not measured
    # 00:30 on 1 March is still 28 February in UTC: the local dates give 1 day, not 2.
    h.case(at(d(3, 1), 0, 30), contacts=(d(3, 2),))

    result = compute("days_to_first_contact")
    # Sorted: 0, 1, 1, 7, 21 (n = 5). Median: rank ⌈2.5⌉ = 3 → 1. P90: rank ⌈4.5⌉ = 5 → 21.
    assert (result.value, result.numerator) == (1, 5)
    assert result.breakdown["median"].value == 1
    assert result.breakdown["p90"].value == 21
    # Schalkwijk: 0, 1, 1, 21. Median: rank 2 → 1. P90: rank ⌈3.6⌉ = 4 → 21.
    result = compute("days_to_first_contact", team(world))
    assert (result.value, result.breakdown["p90"].value, result.numerator) == (1, 21, 4)
    result = compute("days_to_first_contact", place("parkwijk"))
    assert (result.value, result.breakdown["p90"].value) == (7, 7)
    empty = compute("days_to_first_contact", period=EMPTY)
    assert (empty.value, empty.numerator, empty.breakdown["p90"].value) == (None, 0, None)


def test_days_to_plan(world, history):
    h = history
    h.case(at(d(3, 2)), steps=[step(at(d(3, 3)), INTAKE), step(at(d(3, 16)), PLAN)])  # 14
    # Registered 23:30 on 5 March, plan at 00:30 on 6 March: 1 day (both are 5 March in UTC).
    h.case(
        at(d(3, 5), 23, 30),
        steps=[step(at(d(3, 6), 0, 10), INTAKE), step(at(d(3, 6), 0, 30), PLAN)],
    )
    h.case(  # reopened: the first activation counts, 10 days
        at(d(3, 1)),
        steps=[
            step(at(d(3, 2)), INTAKE),
            step(at(d(3, 11)), PLAN),
            step(at(d(3, 20)), CLOSE),
            step(at(d(3, 21)), REOPEN),
            step(at(d(3, 28)), PLAN),
        ],
    )
    h.case(at(d(3, 10)), steps=[step(at(d(3, 11)), INTAKE)])  # no plan yet: not measured
    h.case(at(d(2, 10)), steps=[step(at(d(2, 11)), INTAKE), step(at(d(3, 1)), PLAN)])  # Feb

    result = compute("days_to_plan")
    # Sorted: 1, 10, 14. Median: rank ⌈1.5⌉ = 2 → 10. P90: rank ⌈2.7⌉ = 3 → 14.
    assert (result.value, result.breakdown["p90"].value, result.numerator) == (10, 14, 3)
    assert compute("days_to_plan", team(world, "oost")).value is None
    feb = compute("days_to_plan", period=Period.month(2025, 2))
    assert (feb.value, feb.numerator) == (19, 1)  # 10 February to 1 March


# Waiting list ----------------------------------------------------------------------------------


def test_waiting_list(world, history):
    # Schalkwijk agreed 3 working days: a registration on Tuesday 25 March was due on Friday
    # 28 March, overdue on Monday 31 March; one on Wednesday 26 March is due on the 31st itself.
    TeamNorm.objects.create(
        team=world.schalkwijk,
        caseload_norm=20,
        fulltime_hours=36,
        first_contact_working_days=3,
        plan_term_days=42,
    )
    # Oost has no norm of its own: the default of 5 working days. Registered on Friday 21 March:
    # due Friday 28 March; on Monday 24 March: due on the 31st.
    assert settings.WIJKTEAM_FIRST_CONTACT_WORKING_DAYS == 5
    h = history
    h.case(at(d(3, 25), 23, 30))  # counts: overdue, no contact
    h.case(at(d(3, 26)))  # term not over on the 31st
    h.case(at(d(3, 10)), contacts=(d(3, 20),))  # had contact
    h.case(at(d(3, 10)), contacts=(d(4, 3),))  # counts: the contact came after the period
    h.case(at(d(3, 10)), steps=[step(at(d(3, 12)), ANSWERED)])  # stopped, not waiting
    h.case(at(d(2, 1)), steps=[step(at(d(2, 3)), INTAKE)])  # counts: in intake, no contact
    h.case(at(d(3, 10)), steps=[step(at(d(3, 11)), INTAKE), step(at(d(3, 20)), PLAN)])
    h.case(at(d(4, 2)))  # registered after the period
    h.case(  # stopped on the 31st, reopened in April: not waiting at the end of March
        at(d(3, 10)),
        steps=[
            step(at(d(3, 12)), INTAKE),
            step(at(d(3, 31), 9), DECLINED),
            step(at(d(4, 5)), REOPEN),
        ],
    )
    h.case(at(d(3, 24)), where="parkwijk")  # Oost: due on the 31st, not overdue
    h.case(at(d(3, 21)), where="parkwijk")  # counts: Oost, due on the 28th

    assert compute("waiting_list").value == 4
    assert compute("waiting_list", team(world)).value == 3
    assert compute("waiting_list", team(world, "oost")).value == 1
    assert compute("waiting_list", place("parkwijk")).value == 1
    assert compute("waiting_list", Scope(TEAM_AREA, world.schalkwijk.area_id)).value == 3
    # At the end of April (Wednesday 30 April; Easter Monday and King's Day on Saturday 26
    # April in between): still waiting are the cases of 25 and 26 March, the one in intake
    # since February, the one registered on 2 April (due 7 April), the one reopened on 5 April
    # (in intake, never a contact) and both of Oost. The one with contact on 3 April is gone.
    april = Period.month(2025, 4)
    assert compute("waiting_list", period=april).value == 7
    assert compute("waiting_list", period=EMPTY).value == 0


# Caseload --------------------------------------------------------------------------------------


def test_open_cases_per_fte(world, history):
    # Schalkwijk's active fte: 1.00 (director) + 0.50 (colleague) + 0.20 (CJG coach, expert)
    # = 1.70; an inactive member does not count. Oost: 0.50.
    MembershipFactory(team=world.schalkwijk, fte="1.00", is_active=False)
    h = history
    h.case(at(d(2, 1)))  # open
    h.case(at(d(3, 5)), steps=[step(at(d(3, 6)), INTAKE)])  # open
    h.case(
        at(d(1, 10)),
        steps=[step(at(d(1, 11)), INTAKE), step(at(d(1, 20)), PLAN), step(at(d(3, 10)), CLOSE)],
    )  # closed in March
    h.case(  # closed in February, reopened in March: open
        at(d(1, 10)),
        steps=[
            step(at(d(1, 11)), INTAKE),
            step(at(d(1, 20)), PLAN),
            step(at(d(2, 10)), CLOSE),
            step(at(d(3, 15)), REOPEN),
        ],
    )
    h.case(  # closed in April: still open at the end of March
        at(d(1, 10)),
        steps=[step(at(d(1, 11)), INTAKE), step(at(d(2, 1)), PLAN), step(at(d(4, 5)), CLOSE)],
    )
    h.case(at(d(4, 2)))  # registered after the period
    h.case(at(d(3, 31), 23, 30))  # registered in the last half hour: open
    h.case(at(d(3, 1)), where="parkwijk")  # Oost: open

    result = compute("open_cases_per_fte", team(world))
    assert (result.value, result.numerator) == (2.9, 5)  # 5 / 1.70 = 2.94
    assert result.breakdown["fte"].value == 1.7
    assert compute("open_cases_per_fte", team(world, "oost")).value == 2.0  # 1 / 0.50
    all_ = compute("open_cases_per_fte")
    assert (all_.value, all_.numerator) == (2.7, 6)  # 6 / 2.20 = 2.73
    assert compute("open_cases_per_fte", Scope(TEAM_AREA, world.schalkwijk.area_id)).value == 2.9
    # A neighbourhood has no team of its own: the open cases, no ratio.
    here = compute("open_cases_per_fte", place("boerhaavewijk"))
    assert (here.value, here.numerator) == (None, 5)
    # January: the three cases registered on 10 January are open at its end.
    assert compute("open_cases_per_fte", team(world), Period.month(2025, 1)).value == 1.8
    empty = compute("open_cases_per_fte", team(world), EMPTY)
    assert (empty.value, empty.numerator) == (0.0, 0)
    # A team without members has no fte: no figure.
    nobody = TeamFactory(area=TeamAreaFactory(municipality=world.schalkwijk.area.municipality))
    assert compute("open_cases_per_fte", Scope(TEAM, nobody.pk)).value is None


# Coming back -----------------------------------------------------------------------------------


def test_re_registration_12_months(world, history):
    h = history
    ended = h.case(at(d(1, 5)), steps=[step(at(d(1, 6)), PLAN), step(at(d(3, 10)), CLOSE)])
    h.case(at(d(6, 1)), household=ended.household)  # h1: back after 83 days
    ended = h.case(at(d(1, 5)), steps=[step(at(d(3, 15)), DECLINED)])
    h.case(at(d(3, 15, 2026), 13), household=ended.household)  # h2: 365 days and 1 hour
    ended = h.case(at(d(1, 5)), steps=[step(at(d(3, 20)), DECLINED)])
    h.case(at(d(3, 20, 2026), 11), household=ended.household)  # h3: 1 hour within 365 days
    ended = h.case(at(d(1, 5)), steps=[step(at(d(1, 6)), PLAN), step(at(d(2, 20)), CLOSE)])
    h.case(at(d(3, 5)), household=ended.household)  # h4: ended in February, not counted
    h.case(  # h5: closed, reopened, closed again; a reopening is not a new registration
        at(d(1, 5)),
        steps=[
            step(at(d(1, 6)), PLAN),
            step(at(d(3, 3)), CLOSE),
            step(at(d(3, 4)), REOPEN),
            step(at(d(3, 5)), PLAN),
            step(at(d(3, 25)), CLOSE),
        ],
    )
    ended = h.case(at(d(1, 5)), steps=[step(at(d(3, 10)), TRANSFER)])
    h.case(at(d(4, 1)), household=ended.household)  # h6: transferred, not counted
    ended = h.case(
        at(d(1, 5)), where="parkwijk", steps=[step(at(d(1, 6)), PLAN), step(at(d(3, 12)), CLOSE)]
    )
    h.case(at(d(4, 1)), household=ended.household)  # h7: Oost, back
    first = h.case(at(d(1, 5)), steps=[step(at(d(1, 6)), PLAN), step(at(d(3, 2)), CLOSE)])
    h.case(  # h8: back within the period, then stopped again: one household, back
        at(d(3, 5)), household=first.household, steps=[step(at(d(3, 28)), ANSWERED)]
    )

    result = compute("re_registration_12_months")
    # Households ended in March: h1, h2, h3, h5, h7, h8 = 6; back: h1, h3, h7, h8 = 4.
    assert (result.value, result.numerator, result.denominator) == (66.7, 4, 6)
    result = compute("re_registration_12_months", team(world))
    assert (result.value, result.numerator, result.denominator) == (60.0, 3, 5)
    result = compute("re_registration_12_months", place("parkwijk"))
    assert (result.value, result.numerator, result.denominator) == (100.0, 1, 1)
    empty = compute("re_registration_12_months", period=EMPTY)
    assert (empty.value, empty.numerator, empty.denominator) == (None, 0, 0)


# Queries ---------------------------------------------------------------------------------------

MAX_QUERIES = {
    "questions_registered": 1,
    "questions_answered": 1,
    "cases_closed": 1,
    "reach_per_1000": 2,
    "days_to_first_contact": 1,
    "days_to_plan": 1,
    "waiting_list": 2,
    "open_cases_per_fte": 3,  # the norms and the states, shared with the waiting list; fte
    "re_registration_12_months": 1,
}


def _busy_cases(history, world, count: int) -> None:
    for n in range(count):
        ended = history.case(
            at(d(3, 1 + n % 28)),
            where=("boerhaavewijk", "meerwijk", "parkwijk")[n % 3],
            steps=[
                step(at(d(3, 2 + n % 28)), INTAKE),
                step(at(d(3, 3 + n % 27)), PLAN),
                step(at(d(3, 4 + n % 27)), CLOSE),
            ],
            contacts=(d(3, 2 + n % 28),),
        )
        history.case(at(d(4, 1 + n % 28)), household=ended.household)


@pytest.mark.parametrize("key", FLOW)
def test_queries_do_not_grow_with_the_data(world, history, key, django_assert_max_num_queries):
    assert set(MAX_QUERIES) == set(FLOW)
    scopes = (ALL, team(world), place("meerwijk"), Scope(TEAM_AREA, world.oost.area_id))
    _busy_cases(history, world, 2)
    counts = []
    for scope in scopes:
        with CaptureQueriesContext(connection) as small:
            compute(key, scope)
        counts.append(len(small))
    _busy_cases(history, world, 18)
    for scope, before in zip(scopes, counts, strict=True):
        with django_assert_max_num_queries(MAX_QUERIES[key]):
            compute(key, scope)
        with CaptureQueriesContext(connection) as large:
            compute(key, scope)
        assert len(large) == before
