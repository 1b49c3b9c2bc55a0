"""The outcome indicators on hand-made data: every expected figure is worked out in the test,
with an empty period, records on both sides of a period border (in the municipality's time
zone), a case closed, reopened and closed again, scopes, and a query count that does not grow
with the data."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.backoffice.models import Advice, AdviceStatus
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseConference, Contact, ContactKind, StatusChange
from wijkteam.cases.tests.factories import CaseFactory
from wijkteam.community.models import CollectiveActivity
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.monitoring.indicators import (
    INDICATORS,
    MUNICIPALITY,
    NEIGHBOURHOOD,
    TEAM,
    TEAM_AREA,
    Period,
    Scope,
    indicator_compute,
)
from wijkteam.plans.models import Action, ActionStatus, Goal, Performer, Plan
from wijkteam.socialmap.models import Provision
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

Q1 = Period.quarter(2025, 1)
JANUARY = Period.month(2025, 1)
MAY = Period.month(2025, 5)  # nothing happens in May
ALL = Scope()
OUTCOME_KEYS = (
    "zrm_change",
    "multi_problem_share",
    "step_distribution",
    "goals_without_step_4",
    "informal_referrals",
    "tailored_advised_granted",
    "budget_spent",
    "meeting_vs_execution_time",
)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def place(code: str) -> Neighbourhood:
    return Neighbourhood.objects.get(code=code)


class Maker:
    """Rows made directly, with their dates set, so every border can be placed exactly."""

    def __init__(self, world):
        self.world = world
        self.user = world.director.user

    def case(
        self, code: str = "boerhaavewijk", *, registered: datetime | None = None, domains=()
    ) -> Case:
        team = self.world.oost if code == "parkwijk" else self.world.schalkwijk
        household = HouseholdFactory(team=team, neighbourhood=place(code))
        case = CaseFactory(household=household, team=team, domains=list(domains))
        Case.objects.filter(pk=case.pk).update(registered_at=registered or at(date(2025, 1, 2)))
        return case

    def change(self, case: Case, to_status: str, when: datetime) -> None:
        transition = {Status.CLOSED: "close", Status.INTAKE: "reopen"}[to_status]
        change = StatusChange.objects.create(
            case=case, transition=transition, to_status=to_status, by=self.user
        )
        StatusChange.objects.filter(pk=change.pk).update(at=when)

    def zrm(self, case: Case, kind: str, day: date, person=None, **scores: int) -> None:
        assessment = Assessment.objects.create(
            case=case, kind=kind, assessed_on=day, person=person, created_by=self.user
        )
        Score.objects.bulk_create(
            Score(assessment=assessment, domain=domain, score=score)
            for domain, score in scores.items()
        )

    def goal(self, case: Case, outcome: str = "") -> Goal:
        plan, _created = Plan.objects.get_or_create(case=case)
        return Goal.objects.create(
            plan=plan, domain="finances", description="Doel", outcome=outcome, created_by=self.user
        )

    def action(
        self,
        goal: Goal,
        step: int,
        *,
        created: datetime | None = None,
        performer: str = Performer.RESIDENT,
        status: str = ActionStatus.PLANNED,
        **extra,
    ) -> Action:
        action = Action.objects.create(
            goal=goal,
            description="Actie",
            step=step,
            performer=performer,
            status=status,
            created_by=self.user,
            **extra,
        )
        Action.objects.filter(pk=action.pk).update(created_at=created or at(date(2025, 2, 1)))
        return action

    def advice(
        self,
        case: Case,
        category: str,
        *,
        sent: datetime | None,
        decided: datetime | None = None,
        status: str = AdviceStatus.SENT,
    ) -> Advice:
        return Advice.objects.create(
            case=case,
            household=case.household,
            category=category,
            provision="Voorziening",
            reasons="Reden",
            tried="Geprobeerd",
            requested_on=date(2024, 12, 1),
            applied_on=date(2024, 12, 1),
            status=AdviceStatus.DRAFT if sent is None else status,
            sent_at=sent,
            decided_at=decided,
            created_by=self.user,
        )

    def budget(self, team) -> TeamBudget:
        return TeamBudget.objects.create(
            team=team,
            year=2025,
            amount=Decimal("10000"),
            coordinator_limit=Decimal("500"),
            set_by=self.user,
        )

    def spend(self, budget, code, amount, *, decided=None, status=SpendingStatus.APPROVED):
        return SpendingRequest.objects.create(
            budget=budget,
            household=HouseholdFactory(team=budget.team, neighbourhood=place(code)),
            amount=Decimal(amount),
            purpose="Doel",
            status=status,
            requested_by=self.user,
            decided_at=decided,
        )


@pytest.fixture
def make(world) -> Maker:
    return Maker(world)


def team_scope(team) -> Scope:
    return Scope(TEAM, team.pk)


def area_scope(team) -> Scope:
    return Scope(TEAM_AREA, team.area_id)


def hood_scope(code: str) -> Scope:
    return Scope(NEIGHBOURHOOD, place(code).pk)


def test_every_outcome_indicator_is_in_the_catalogue():
    for key in OUTCOME_KEYS:
        indicator = INDICATORS[key]
        assert indicator.key == key
        assert str(indicator.label) and str(indicator.definition) and str(indicator.period_rule)
    assert not INDICATORS["budget_spent"].counts_people
    assert not INDICATORS["meeting_vs_execution_time"].counts_people
    assert INDICATORS["zrm_change"].counts_people


# 1. ZRM change ----------------------------------------------------------------------------------


def test_zrm_change_by_hand(world, make):
    # A: intake finances 1, housing 2; closed 20 Jan with finances 3, housing 2: +2 and 0.
    # A household member's closing ZRM does not count.
    a = make.case()
    make.zrm(a, AssessmentKind.INTAKE, date(2025, 1, 3), finances=1, housing=2)
    make.zrm(a, AssessmentKind.CLOSING, date(2025, 1, 20), finances=3, housing=2)
    member = PersonFactory(household=a.household)
    make.zrm(a, AssessmentKind.CLOSING, date(2025, 1, 20), person=member, finances=5)
    make.change(a, Status.CLOSED, at(date(2025, 1, 20)))
    # B: the first intake counts (finances 2), not the later one; mental health has no intake
    # score, so no pair. Closed 10 Feb with finances 4: +2.
    b = make.case()
    make.zrm(b, AssessmentKind.INTAKE, date(2025, 1, 2), finances=2)
    make.zrm(b, AssessmentKind.INTAKE, date(2025, 1, 9), finances=1)
    make.zrm(b, AssessmentKind.CLOSING, date(2025, 2, 10), finances=4, mental_health=3)
    make.change(b, Status.CLOSED, at(date(2025, 2, 10)))
    # C, reopened: intake finances 1; closed 15 Jan (finances 2), reopened, closed 5 Mar
    # (finances 5). January sees +1; the quarter sees C once, with its last closing: +4.
    c = make.case()
    make.zrm(c, AssessmentKind.INTAKE, date(2025, 1, 2), finances=1)
    make.zrm(c, AssessmentKind.CLOSING, date(2025, 1, 15), finances=2)
    make.change(c, Status.CLOSED, at(date(2025, 1, 15)))
    make.change(c, Status.INTAKE, at(date(2025, 2, 1)))
    make.zrm(c, AssessmentKind.CLOSING, date(2025, 3, 5), finances=5)
    make.change(c, Status.CLOSED, at(date(2025, 3, 5)))
    # D, across the border: closed at 23:59 on 31 December 2024, so not in the quarter.
    d = make.case(registered=at(date(2024, 11, 1)))
    make.zrm(d, AssessmentKind.INTAKE, date(2024, 11, 2), finances=1)
    make.zrm(d, AssessmentKind.CLOSING, date(2024, 12, 31), finances=5)
    make.change(d, Status.CLOSED, at(date(2024, 12, 31), 23, 59))
    # E: closed in the quarter without any closing ZRM: no pair.
    e = make.case()
    make.zrm(e, AssessmentKind.INTAKE, date(2025, 1, 2), finances=1)
    make.change(e, Status.CLOSED, at(date(2025, 3, 1)))

    quarter = indicator_compute(key="zrm_change", scope=ALL, period=Q1)
    # Pairs: A +2, A 0, B +2, C +4 → 8 / 4 = 2.0, over three cases.
    assert quarter.value == 2.0
    assert quarter.denominator == 3
    assert quarter.breakdown["finances"].value == round(8 / 3, 2)  # (2 + 2 + 4) / 3
    assert quarter.breakdown["finances"].denominator == 3
    assert quarter.breakdown["housing"].value == 0.0
    assert quarter.breakdown["housing"].denominator == 1
    assert set(quarter.breakdown) == {"finances", "housing"}

    january = indicator_compute(key="zrm_change", scope=ALL, period=JANUARY)
    # A +2, A 0, C (closing of 15 Jan) +1 → 3 / 3 = 1.0, over two cases.
    assert january.value == 1.0
    assert january.denominator == 2

    december = indicator_compute(key="zrm_change", scope=ALL, period=Period.month(2024, 12))
    assert december.value == 4.0  # D alone
    assert (
        indicator_compute(key="zrm_change", scope=team_scope(world.oost), period=Q1).value is None
    )


def test_zrm_change_of_an_empty_period(world, make):
    result = indicator_compute(key="zrm_change", scope=ALL, period=MAY)
    assert (result.value, result.denominator, result.breakdown) == (None, 0, {})


# 2. Multi-problem households --------------------------------------------------------------------


def test_multi_problem_share_by_hand(world, make):
    three = ("finances", "housing", "mental_health")
    make.case(domains=three)  # multi: three domains named
    heavy = make.case(domains=("finances",))  # multi: its first intake scores 3 domains at 1-2
    make.zrm(heavy, AssessmentKind.INTAKE, date(2025, 1, 3), finances=1, housing=2, justice=2)
    light = make.case(domains=("finances", "housing"))  # two named, two heavy and one at 3: not
    make.zrm(light, AssessmentKind.INTAKE, date(2025, 1, 3), finances=1, housing=2, justice=3)
    make.case("meerwijk", domains=("finances",))  # not
    make.case(domains=three, registered=at(date(2024, 12, 31), 23, 30))  # before the quarter
    make.case(domains=three, registered=at(date(2025, 1, 1), 0, 30))  # just in: multi
    make.case("parkwijk", domains=three)  # Oost 2: multi

    result = indicator_compute(key="multi_problem_share", scope=ALL, period=Q1)
    assert (result.numerator, result.denominator, result.value) == (4, 6, 66.7)
    schalkwijk = indicator_compute(
        key="multi_problem_share", scope=team_scope(world.schalkwijk), period=Q1
    )
    assert (schalkwijk.numerator, schalkwijk.denominator, schalkwijk.value) == (3, 5, 60.0)
    oost = indicator_compute(key="multi_problem_share", scope=area_scope(world.oost), period=Q1)
    assert (oost.numerator, oost.denominator, oost.value) == (1, 1, 100.0)
    meerwijk = indicator_compute(key="multi_problem_share", scope=hood_scope("meerwijk"), period=Q1)
    assert (meerwijk.numerator, meerwijk.denominator, meerwijk.value) == (0, 1, 0.0)
    empty = indicator_compute(key="multi_problem_share", scope=ALL, period=MAY)
    assert (empty.numerator, empty.denominator, empty.value) == (0, 0, None)


# 3. Step distribution ---------------------------------------------------------------------------


def test_step_distribution_by_hand(world, make):
    goal = make.goal(make.case())
    for step in (1, 1, 2, 4):
        make.action(goal, step, **({"is_fast_track": True} if step == 4 else {}))
    make.action(goal, 3, created=at(date(2024, 12, 31), 23, 30))  # before the quarter
    oost_goal = make.goal(make.case("parkwijk"))
    make.action(oost_goal, 3, created=at(date(2025, 3, 31), 23, 30))  # just in, Oost 2

    result = indicator_compute(
        key="step_distribution", scope=team_scope(world.schalkwijk), period=Q1
    )
    assert result.value == 4
    assert {step: part.value for step, part in result.breakdown.items()} == {
        "1": 50.0,
        "2": 25.0,
        "3": 0.0,
        "4": 25.0,
    }
    assert result.breakdown["1"].numerator == 2 and result.breakdown["1"].denominator == 4
    everyone = indicator_compute(key="step_distribution", scope=ALL, period=Q1)
    assert everyone.value == 5
    assert everyone.breakdown["3"].value == 20.0  # 1 of 5
    empty = indicator_compute(key="step_distribution", scope=ALL, period=MAY)
    assert empty.value == 0
    assert all(part.value is None and part.numerator == 0 for part in empty.breakdown.values())


# 4. Goals reached without step 4 ----------------------------------------------------------------


def test_goals_without_step_4_by_hand(world, make):
    # C is closed twice in the quarter: its goal counts once.
    c = make.case()
    make.change(c, Status.CLOSED, at(date(2025, 1, 15)))
    make.change(c, Status.INTAKE, at(date(2025, 2, 1)))
    make.change(c, Status.CLOSED, at(date(2025, 3, 5)))
    g1 = make.goal(c, "reached")  # steps 1 and 2: without
    make.action(g1, 1)
    make.action(g1, 2)
    other = make.case()
    make.change(other, Status.CLOSED, at(date(2025, 3, 31), 23, 0))
    g2 = make.goal(other, "partly")  # a step 4 action done: with
    make.action(g2, 4, status=ActionStatus.DONE)
    g3 = make.goal(other, "reached")  # step 4 cancelled, step 3: without
    make.action(g3, 4, status=ActionStatus.CANCELLED)
    make.action(g3, 3)
    make.goal(other, "not_reached")  # not reached: not counted
    make.goal(other, "reached")  # no actions at all: without
    later = make.case()
    make.change(later, Status.CLOSED, at(date(2025, 4, 1), 0, 30))  # after the quarter
    make.goal(later, "reached")

    result = indicator_compute(key="goals_without_step_4", scope=ALL, period=Q1)
    assert (result.numerator, result.denominator, result.value) == (3, 4, 75.0)
    january = indicator_compute(key="goals_without_step_4", scope=ALL, period=JANUARY)
    assert (january.numerator, january.denominator) == (1, 1)
    oost = indicator_compute(key="goals_without_step_4", scope=team_scope(world.oost), period=Q1)
    assert (oost.numerator, oost.denominator, oost.value) == (0, 0, None)


# 5. Informal referrals --------------------------------------------------------------------------


def test_informal_referrals_by_hand(world, make):
    goal = make.goal(make.case())
    volunteer = Provision.objects.create(
        municipality=world.schalkwijk.area.municipality,
        name="Maatje",
        kind="volunteer",
        step=2,
        provider="Stichting",
        domains=["finances"],
    )
    activity = CollectiveActivity.objects.create(
        team=world.schalkwijk, kind="group", name="Koffie", created_by=make.user
    )
    make.action(goal, 2)  # step 2
    make.action(goal, 3, collective_activity=activity)  # a collective activity
    make.action(  # a volunteer organisation using a volunteer provision: one action
        goal, 3, performer=Performer.VOLUNTEER_ORGANISATION, provision=volunteer
    )
    make.action(goal, 1)  # not informal
    make.action(goal, 4, performer=Performer.PROFESSIONAL)  # not informal
    make.action(goal, 2, created=at(date(2024, 12, 31), 23, 59))  # before the quarter

    result = indicator_compute(key="informal_referrals", scope=ALL, period=Q1)
    assert result.value == 3
    assert {key: part.value for key, part in result.breakdown.items()} == {
        "step_2": 1,
        "informal_performer": 1,
        "volunteer_provision": 1,
        "collective_activity": 1,
    }
    assert (
        indicator_compute(key="informal_referrals", scope=hood_scope("parkwijk"), period=Q1).value
        == 0
    )
    assert indicator_compute(key="informal_referrals", scope=ALL, period=MAY).value == 0


# 6. Tailored provisions advised and granted -----------------------------------------------------


def test_tailored_advised_granted_by_hand(world, make):
    case = make.case()
    # Wmo 02: sent in January and granted in February; sent in December and refused in
    # January (decided in the quarter, not sent in it); a draft (nothing).
    make.advice(
        case,
        "wmo_02",
        sent=at(date(2025, 1, 10)),
        decided=at(date(2025, 2, 1)),
        status=AdviceStatus.GRANTED,
    )
    make.advice(
        case,
        "wmo_02",
        sent=at(date(2024, 12, 20)),
        decided=at(date(2025, 1, 5)),
        status=AdviceStatus.REFUSED,
    )
    make.advice(case, "wmo_02", sent=None)
    # Youth care: one waiting, one sent in March and partly granted in April.
    make.advice(case, "youth_care", sent=at(date(2025, 3, 1)))
    make.advice(
        case,
        "youth_care",
        sent=at(date(2025, 3, 2)),
        decided=at(date(2025, 4, 2)),
        status=AdviceStatus.PARTLY_GRANTED,
    )

    result = indicator_compute(key="tailored_advised_granted", scope=ALL, period=Q1)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.breakdown["sent"].value == 3
    wmo = result.breakdown["wmo_02"]
    assert (wmo.numerator, wmo.denominator, wmo.value, wmo.breakdown["sent"].value) == (
        1,
        2,
        50.0,
        1,
    )
    youth = result.breakdown["youth_care"]
    assert (youth.numerator, youth.denominator, youth.value, youth.breakdown["sent"].value) == (
        0,
        0,
        None,
        2,
    )
    april = indicator_compute(
        key="tailored_advised_granted", scope=ALL, period=Period.month(2025, 4)
    )
    assert (april.numerator, april.denominator, april.value) == (1, 1, 100.0)  # partly granted
    oost = indicator_compute(
        key="tailored_advised_granted", scope=team_scope(world.oost), period=Q1
    )
    assert (oost.value, oost.denominator, oost.breakdown["sent"].value) == (None, 0, 0)


# 7. Budget spent ---------------------------------------------------------------------------------


def test_budget_spent_by_hand(world, make):
    schalkwijk = make.budget(world.schalkwijk)
    oost = make.budget(world.oost)
    make.spend(schalkwijk, "boerhaavewijk", "120.50", decided=at(date(2025, 1, 5)))
    make.spend(schalkwijk, "meerwijk", "79.50", decided=at(date(2025, 3, 31), 23, 0))
    make.spend(schalkwijk, "meerwijk", "1000", decided=at(date(2025, 4, 1), 0, 30))  # later
    make.spend(
        schalkwijk, "meerwijk", "300", decided=at(date(2025, 2, 1)), status=SpendingStatus.REFUSED
    )
    make.spend(schalkwijk, "meerwijk", "50", status=SpendingStatus.REQUESTED)
    make.spend(oost, "parkwijk", "40", decided=at(date(2025, 2, 1)))

    def spent(scope: Scope, period: Period = Q1) -> float | None:
        return indicator_compute(key="budget_spent", scope=scope, period=period).value

    assert spent(ALL) == 240.0
    assert spent(team_scope(world.schalkwijk)) == 200.0
    assert spent(area_scope(world.oost)) == 40.0
    assert spent(hood_scope("meerwijk")) == 79.5
    assert spent(ALL, MAY) == 0.0


# 8. Meeting against execution time ---------------------------------------------------------------


def test_meeting_vs_execution_time_by_hand(world, make):
    case = make.case()
    conference = CaseConference.objects.create(
        team=world.schalkwijk, held_on=date(2025, 2, 3), duration_minutes=60, created_by=make.user
    )
    conference.attendees.add(world.director, world.colleague)  # 2 × 60 = 120 meeting minutes

    def contact(day: date, minutes: int, by, kind: str = ContactKind.HOME_VISIT) -> None:
        Contact.objects.create(case=case, kind=kind, date=day, duration_minutes=minutes, by=by)

    contact(date(2025, 2, 4), 90, world.director.user)
    contact(date(2025, 3, 31), 210, world.colleague.user)
    contact(date(2025, 3, 1), 30, world.director.user, ContactKind.CASE_CONFERENCE)  # meeting
    contact(date(2025, 4, 1), 60, world.director.user)  # after the quarter

    result = indicator_compute(key="meeting_vs_execution_time", scope=ALL, period=Q1)
    # Meeting 120 + 30 = 150; execution 90 + 210 = 300.
    assert (result.value, result.numerator, result.denominator) == (0.5, 150, 300)
    assert result.breakdown["meeting"].value == 150
    assert result.breakdown["execution"].value == 300
    for scope in (
        team_scope(world.schalkwijk),
        area_scope(world.schalkwijk),
        hood_scope("meerwijk"),
    ):
        assert (
            indicator_compute(key="meeting_vs_execution_time", scope=scope, period=Q1).value == 0.5
        )
    oost = indicator_compute(
        key="meeting_vs_execution_time", scope=team_scope(world.oost), period=Q1
    )
    assert (oost.value, oost.numerator, oost.denominator) == (None, 0, 0)
    empty = indicator_compute(key="meeting_vs_execution_time", scope=ALL, period=MAY)
    assert (empty.value, empty.numerator, empty.denominator) == (None, 0, 0)


# Query counts ------------------------------------------------------------------------------------


def _populate(world, make: Maker, count: int) -> None:
    """``count`` of each kind of record the indicators read, all in the first quarter."""
    budget = TeamBudget.objects.filter(team=world.schalkwijk).first() or make.budget(
        world.schalkwijk
    )
    conference = CaseConference.objects.create(
        team=world.schalkwijk, held_on=date(2025, 2, 3), created_by=make.user
    )
    conference.attendees.add(world.director)
    for index in range(count):
        case = make.case(domains=("finances", "housing", "justice")[: 1 + index % 3])
        make.zrm(case, AssessmentKind.INTAKE, date(2025, 1, 3), finances=1, housing=2, justice=2)
        make.zrm(case, AssessmentKind.CLOSING, date(2025, 2, 3), finances=3, housing=2)
        make.change(case, Status.CLOSED, at(date(2025, 2, 3)))
        goal = make.goal(case, "reached")
        make.action(goal, 1 + index % 4, **({"is_fast_track": True} if index % 4 == 3 else {}))
        make.advice(
            case,
            "wmo_02",
            sent=at(date(2025, 1, 10)),
            decided=at(date(2025, 2, 1)),
            status=AdviceStatus.GRANTED,
        )
        make.spend(budget, "boerhaavewijk", "10", decided=at(date(2025, 2, 1)))
        Contact.objects.create(case=case, date=date(2025, 2, 4), by=world.director.user)


@pytest.mark.parametrize("key", OUTCOME_KEYS)
@pytest.mark.parametrize("level", [MUNICIPALITY, TEAM, TEAM_AREA, NEIGHBOURHOOD])
def test_the_query_count_does_not_grow_with_the_data(world, make, key, level):
    scope = {
        MUNICIPALITY: ALL,
        TEAM: team_scope(world.schalkwijk),
        TEAM_AREA: area_scope(world.schalkwijk),
        NEIGHBOURHOOD: hood_scope("boerhaavewijk"),
    }[level]
    _populate(world, make, 2)
    with CaptureQueriesContext(connection) as few:
        small = indicator_compute(key=key, scope=scope, period=Q1)
    _populate(world, make, 18)
    with CaptureQueriesContext(connection) as many:
        large = indicator_compute(key=key, scope=scope, period=Q1)
    assert small != large  # the data did change the figure (or its counts)
    assert len(many) == len(few) <= 9
