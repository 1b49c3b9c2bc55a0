"""Capacity, caseload against the norm, the waiting-list flags and the suggestions, on small
datasets whose expected numbers are worked out by hand in each test."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from wijkteam.cases.models import Case, CaseMember, Contact
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.teams.models import TeamNorm
from wijkteam.teams.selectors import (
    members_suggested_for,
    team_capacity,
    team_norm_get,
    team_waiting_list,
)
from wijkteam.teams.services import team_norm_set
from wijkteam.teams.tests.factories import MembershipFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Wednesday after Easter 2026 (Easter Monday 6 April; Good Friday 3 April is a working day).
TODAY = date(2026, 4, 8)


def _norm(team, user, **values):
    fields = {
        "caseload_norm": 25,
        "fulltime_hours": 36,
        "first_contact_working_days": 5,
        "plan_term_days": 42,
    }
    fields.update(values)
    current = team_norm_get(team=team)
    return team_norm_set(actor=user, team=team, expected_version=current.version, **fields)


def _registered_on(case: Case, day: date) -> Case:
    Case.objects.filter(pk=case.pk).update(
        registered_at=datetime.combine(day, time(10), tzinfo=AMSTERDAM)
    )
    return case


def _contact(case: Case, day: date, user) -> None:
    Contact.objects.create(case=case, date=day, by=user)


# Norms -----------------------------------------------------------------------------------------


@override_settings(
    WIJKTEAM_CASELOAD_NORM=18,
    WIJKTEAM_FULLTIME_HOURS=32,
    WIJKTEAM_FIRST_CONTACT_WORKING_DAYS=3,
    WIJKTEAM_PLAN_TERM_DAYS=30,
)
def test_a_team_without_norms_has_the_defaults_from_the_settings(world):
    norm = team_norm_get(team=world.schalkwijk)
    assert (norm.version, norm.caseload_norm, norm.fulltime_hours) == (0, 18, 32)
    assert (norm.first_contact_working_days, norm.plan_term_days) == (3, 30)
    assert not TeamNorm.objects.exists()


def test_the_coordinator_sets_the_norms_and_a_stale_version_is_refused(world, coordinator):
    norm = _norm(world.schalkwijk, coordinator.user, caseload_norm=20)
    assert (norm.version, norm.caseload_norm, norm.set_by) == (1, 20, coordinator.user)
    norm = team_norm_set(
        actor=coordinator.user,
        team=world.schalkwijk,
        caseload_norm=22,
        fulltime_hours=36,
        first_contact_working_days=4,
        plan_term_days=42,
        expected_version=1,
    )
    assert (norm.version, norm.caseload_norm) == (2, 22)
    # Someone who read version 1 (or the defaults) cannot overwrite it.
    for stale in (1, 0):
        with pytest.raises(ConflictError) as refused:
            team_norm_set(
                actor=coordinator.user,
                team=world.schalkwijk,
                caseload_norm=30,
                fulltime_hours=36,
                first_contact_working_days=4,
                plan_term_days=42,
                expected_version=stale,
            )
        assert refused.value.code == "stale_version"
    assert TeamNorm.objects.get().caseload_norm == 22


def test_only_the_teams_coordinator_sets_its_norms(world, coordinator):
    for user in (world.director.user, world.outsider.user, world.backoffice):
        with pytest.raises(Forbidden):
            _norm(world.schalkwijk, user)
    # Coordinating Schalkwijk does not make one the coordinator of Oost.
    with pytest.raises(Forbidden):
        _norm(world.oost, coordinator.user)
    assert not TeamNorm.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("caseload_norm", 0),
        ("caseload_norm", 201),
        ("fulltime_hours", 61),
        ("first_contact_working_days", 0),
        ("plan_term_days", 366),
    ],
)
def test_norms_out_of_range_are_refused_at_their_field(world, coordinator, field, value):
    with pytest.raises(DomainError) as refused:
        _norm(world.schalkwijk, coordinator.user, **{field: value})
    assert (refused.value.field, refused.value.code) == (field, "invalid_norm")


# Capacity --------------------------------------------------------------------------------------


def test_capacity_per_member_and_team_against_the_norm(world, coordinator):
    _norm(world.schalkwijk, coordinator.user, caseload_norm=2, fulltime_hours=36)
    actor = world.director.user
    # The director (1.0 fte) directs an intake, an active plan and a registration moved on,
    # plus a closed case that does not count: 3 open.
    first = case_in_state(actor=actor, director=world.director, status="intake")
    case_in_state(actor=actor, director=world.director, status="plan_active")
    case_in_state(actor=actor, director=world.director, status="plan_active")
    case_in_state(actor=actor, director=world.director, status="closed")
    # The colleague (0.5 fte) directs one intake and works on the director's first case: 2.
    case_in_state(actor=actor, director=world.colleague, status="intake")
    CaseMember.objects.create(case=first, membership=world.colleague, added_by=actor)
    # A registration in the inbox: the team's open case, nobody's load yet.
    case_in_state(actor=actor, director=world.director, status="registered")
    # Another team's case counts nowhere here.
    case_in_state(actor=world.outsider.user, director=world.outsider, status="intake")

    overview = team_capacity(user=coordinator.user, team=world.schalkwijk)

    rows = {row.membership.pk: row for row in overview.members}
    director = rows[world.director.pk]
    # 1.0 fte × 36 h = 36 h; capacity 2 × 1.0 = 2; load 3: over by 1.
    assert (director.hours, director.directed, director.as_member, director.load) == (
        Decimal("36.0"),
        3,
        0,
        3,
    )
    assert (director.per_fte, director.capacity, director.status) == (
        Decimal("3.0"),
        Decimal("2.0"),
        "over",
    )
    assert director.difference == Decimal("1.0")
    colleague = rows[world.colleague.pk]
    # 0.5 fte: 18 h, capacity 1; load 1 directed + 1 as member = 2, 4 per fte: over by 1.
    assert (colleague.hours, colleague.directed, colleague.as_member, colleague.load) == (
        Decimal("18.0"),
        1,
        1,
        2,
    )
    assert (colleague.per_fte, colleague.capacity, colleague.status) == (
        Decimal("4.0"),
        Decimal("1.0"),
        "over",
    )
    cjg = rows[world.cjg_coach.pk]
    # 0.2 fte: 7.2 h, capacity 0.4, no cases: room for 0.4.
    assert (cjg.hours, cjg.load, cjg.capacity, cjg.status) == (
        Decimal("7.2"),
        0,
        Decimal("0.4"),
        "under",
    )
    assert rows[coordinator.pk].status == "under"

    # The team: 1.0 + 0.5 + 0.2 + 0.5 = 2.2 fte, 79.2 h; capacity 2 × 2.2 = 4.4.
    # Open: 1 registered + 2 intake + 2 active plans = 5 (the closed one and Oost's not).
    assert (overview.fte, overview.hours, overview.capacity) == (
        Decimal("2.20"),
        Decimal("79.2"),
        Decimal("4.4"),
    )
    assert overview.open_cases == 5
    assert overview.by_status == {"intake": 2, "plan_active": 2, "registered": 1}
    assert (overview.per_fte, overview.status, overview.members_over) == (
        Decimal("2.3"),
        "over",
        2,
    )


def test_only_the_teams_coordinator_sees_its_capacity(world, coordinator):
    for user in (world.director.user, world.outsider.user, world.backoffice, world.policy):
        with pytest.raises(Forbidden):
            team_capacity(user=user, team=world.schalkwijk)
    with pytest.raises(Forbidden):
        team_capacity(user=coordinator.user, team=world.oost)


def test_capacity_queries_do_not_grow_with_members_or_cases(
    world, coordinator, django_assert_max_num_queries
):
    for _ in range(3):
        case_in_state(actor=world.director.user, director=world.director, status="intake")
    for _ in range(5):
        MembershipFactory(team=world.schalkwijk)
    # 9; PostgreSQL adds the access log's advisory lock.
    with django_assert_max_num_queries(10):
        team_capacity(user=coordinator.user, team=world.schalkwijk)


# The waiting list ------------------------------------------------------------------------------


def test_waiting_list_flags_on_a_hand_made_dataset(world, coordinator):
    """Terms: first contact within 5 working days, an active plan within 42 days; today is
    Wednesday 8 April 2026. The due dates are counted on the calendar by hand."""
    _norm(world.schalkwijk, coordinator.user, first_contact_working_days=5, plan_term_days=42)
    actor, director = world.director.user, world.director

    def case(status, registered_on, contact_on=None):
        made = _registered_on(
            case_in_state(actor=actor, director=director, status=status), registered_on
        )
        if contact_on:
            _contact(made, contact_on, actor)
        return made

    # Wed 1 Apr: due Thu 9 Apr (Thu 2, Fri 3, Tue 7, Wed 8, Thu 9; Easter Monday skipped).
    a = case("registered", date(2026, 4, 1))
    # Tue 31 Mar: due Wed 8 Apr, today: on the last day, not yet late.
    b = case("registered", date(2026, 3, 31))
    # Mon 30 Mar: due Tue 7 Apr: late.
    c = case("registered", date(2026, 3, 30))
    # Mon 30 Mar, first contact on 7 Apr: contact was made, so no flag.
    d = case("registered", date(2026, 3, 30), contact_on=date(2026, 4, 7))
    # Saturday 28 Mar: due Fri 3 Apr (Mon 30 … Fri 3): late.
    e = case("registered", date(2026, 3, 28))
    # In intake since Fri 20 Feb, contact made: plan due 3 Apr (20 Feb + 42 days): late.
    f = case("intake", date(2026, 2, 20), contact_on=date(2026, 2, 23))
    # In intake since Thu 26 Feb, no contact: plan due 9 Apr (not late), contact late.
    g = case("intake", date(2026, 2, 26))
    # Registered Mon 5 Jan, contact the next day: plan due 16 Feb: late.
    k = case("registered", date(2026, 1, 5), contact_on=date(2026, 1, 6))
    # Not on the waiting list: an active plan, a closed case, another team's registration.
    case("plan_active", date(2026, 1, 5))
    case("closed", date(2026, 1, 5))
    _registered_on(
        case_in_state(actor=world.outsider.user, director=world.outsider, status="registered"),
        date(2026, 1, 5),
    )

    waiting = team_waiting_list(user=world.colleague.user, team=world.schalkwijk, today=TODAY)

    flags = {
        row.case_id: (row.no_first_contact, row.no_plan, row.working_days_waiting)
        for row in waiting.cases
    }
    assert flags == {
        a.pk: (False, False, 4),  # Thu 2, Fri 3, Tue 7, Wed 8
        b.pk: (False, False, 5),
        c.pk: (True, False, 6),
        d.pk: (False, False, 6),
        e.pk: (True, False, 7),  # Mon 30, Tue 31, Wed 1, Thu 2, Fri 3, Tue 7, Wed 8
        f.pk: (False, True, 32),
        g.pk: (True, False, 28),
        # 93 days: 13 weeks (65) + Tue 7 and Wed 8 April, less Easter Monday.
        k.pk: (False, True, 66),
    }
    by_case = waiting.by_case
    assert by_case[a.pk].first_contact_due == date(2026, 4, 9)
    assert by_case[e.pk].first_contact_due == date(2026, 4, 3)
    assert by_case[f.pk].plan_due == date(2026, 4, 3)
    assert by_case[d.pk].first_contact_on == date(2026, 4, 7)
    assert waiting.counts() == {
        "registered": 6,
        "in_intake": 2,
        "no_first_contact": 3,
        "no_plan": 2,
    }
    assert [row.case_id for row in waiting.late_in_intake] == [f.pk]
    # Inbox order: all normal urgency, so longest waiting first.
    assert [row.case_id for row in waiting.cases][:2] == [k.pk, f.pk]


def test_a_stricter_term_flags_more(world, coordinator):
    _norm(world.schalkwijk, coordinator.user, first_contact_working_days=1, plan_term_days=1)
    registered = _registered_on(
        case_in_state(actor=world.director.user, director=world.director, status="registered"),
        date(2026, 4, 2),  # Thursday: one working day is Friday 3 April
    )
    waiting = team_waiting_list(user=coordinator.user, team=world.schalkwijk, today=TODAY)
    assert waiting.by_case[registered.pk].first_contact_due == date(2026, 4, 3)
    assert waiting.counts()["no_first_contact"] == 1
    assert waiting.counts()["no_plan"] == 1


def test_only_the_team_sees_its_waiting_list(world):
    for user in (world.outsider.user, world.backoffice, world.policy):
        with pytest.raises(Forbidden):
            team_waiting_list(user=user, team=world.schalkwijk)


# Suggestions -----------------------------------------------------------------------------------


def test_suggestions_put_members_with_room_first_and_say_why(world, coordinator, english):
    _norm(world.schalkwijk, coordinator.user, caseload_norm=2)
    # The director (social worker, 1.0 fte, capacity 2) gets 2 open cases: at the norm.
    for _ in range(2):
        case_in_state(actor=world.director.user, director=world.director, status="intake")

    suggested = members_suggested_for(team=world.schalkwijk, domains=["finances"])

    # The colleague (work & income, covers finances) has room and fits: first. The director
    # fits too, but is at the norm: last, whatever the fit.
    assert suggested[0] == world.colleague
    assert suggested[-1] == world.director
    first = suggested[0]
    assert (first.matched_domains, first.load, first.capacity, first.has_room) == (
        ["Finances"],
        0,
        Decimal("1.0"),
        True,
    )
    last = suggested[-1]
    assert (last.load, last.capacity, last.has_room) == (2, Decimal("2.0"), False)
    # The CJG coach and the coordinator fit no finances: after the colleague.
    assert suggested[1:3] and all(not m.matched_domains for m in suggested[1:3])
