from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from wijkteam.cases.models import CaseConference, Contact, ContactKind
from wijkteam.conferences import services
from wijkteam.conferences.selectors import (
    conference_detail,
    conferences_visible_to,
    month_bounds,
    team_time_balance,
    time_balance_compute,
)
from wijkteam.core.errors import NotFoundOrHidden


def _conference(world, day: date, minutes: int, attendees) -> CaseConference:
    conference = CaseConference.objects.create(
        team=world.schalkwijk,
        held_on=day,
        starts_at=time(10),
        duration_minutes=minutes,
        created_by=world.director.user,
    )
    conference.attendees.set(attendees)
    return conference


def _contact(case, user, day: date, minutes: int, kind=ContactKind.HOME_VISIT) -> None:
    Contact.objects.create(case=case, by=user, date=day, duration_minutes=minutes, kind=kind)


def test_the_time_balance_of_a_hand_made_month(world, conf, oost_case):
    june = date(2026, 6, 1)
    director, colleague, coach = world.director, world.colleague, world.cjg_coach
    # Conferences in June: 90 min (director, colleague, coach) and 60 min (director, Oost expert).
    _conference(world, date(2026, 6, 3), 90, [director, colleague, coach])
    _conference(world, date(2026, 6, 24), 60, [director, conf.oost_expert])
    # Outside the period: 1 July, and another team's conference.
    _conference(world, date(2026, 7, 1), 120, [director])
    CaseConference.objects.create(
        team=world.oost,
        held_on=date(2026, 6, 10),
        duration_minutes=45,
        created_by=world.director.user,
    ).attendees.set([director])
    # Contacts on the team's case: director 30 + 45 execution and a 20-minute network meeting
    # recorded as kind "case conference" (meeting); colleague 60 execution; one in July.
    _contact(conf.case, director.user, date(2026, 6, 2), 30)
    _contact(conf.case, director.user, date(2026, 6, 30), 45, ContactKind.PHONE)
    _contact(conf.case, director.user, date(2026, 6, 15), 20, ContactKind.CASE_CONFERENCE)
    _contact(conf.case, colleague.user, date(2026, 6, 5), 60)
    _contact(conf.case, colleague.user, date(2026, 7, 1), 99)
    # A contact on another team's case does not count for Schalkwijk.
    _contact(oost_case, director.user, date(2026, 6, 5), 77)

    start, end = month_bounds(june)
    assert (start, end) == (date(2026, 6, 1), date(2026, 6, 30))
    balance = time_balance_compute(team=world.schalkwijk, start=start, end=end)
    rows = {row.user_id: row for row in balance.rows}
    assert (rows[director.user_id].meeting_minutes, rows[director.user_id].execution_minutes) == (
        90 + 60 + 20,
        30 + 45,
    )
    assert (rows[colleague.user_id].meeting_minutes, rows[colleague.user_id].execution_minutes) == (
        90,
        60,
    )
    assert (rows[coach.user_id].meeting_minutes, rows[coach.user_id].outside) == (90, True)
    assert rows[conf.oost_expert.user_id].meeting_minutes == 60
    assert rows[conf.oost_expert.user_id].outside
    assert balance.conference_count == 2 and balance.conference_minutes == 150
    assert balance.meeting_minutes == 170 + 90 + 90 + 60 == 410
    assert balance.execution_minutes == 75 + 60 == 135
    assert balance.ratio == round(410 / 135, 2)
    assert balance.meeting_share == round(100 * 410 / 545)
    assert rows[colleague.user_id].meeting_share == 60  # 90 of 150


def test_the_time_balance_is_for_the_teams_members(world, conf):
    start, end = month_bounds(timezone.localdate())
    assert team_time_balance(user=world.colleague.user, team=world.schalkwijk, start=start, end=end)
    with pytest.raises(NotFoundOrHidden):
        team_time_balance(user=world.outsider.user, team=world.schalkwijk, start=start, end=end)


def test_the_time_balance_takes_a_fixed_number_of_queries(
    world, conf, django_assert_max_num_queries
):
    for day in range(1, 8):
        _conference(world, date(2026, 6, day), 30, [world.director, world.colleague])
        _contact(conf.case, world.colleague.user, date(2026, 6, day), 15)
    with django_assert_max_num_queries(4):
        time_balance_compute(team=world.schalkwijk, start=date(2026, 6, 1), end=date(2026, 6, 30))


def test_attendees_see_names_on_the_day_others_only_references(world, conf):
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    colleague_view = conference_detail(user=world.colleague.user, conference=conf.conference)
    assert colleague_view.rows[0].visible
    assert colleague_view.rows[0].household_name.startswith("Zoë")
    coach_view = conference_detail(user=world.cjg_coach.user, conference=conf.conference)
    assert not coach_view.rows[0].visible and coach_view.rows[0].household_name == ""
    CaseConference.objects.filter(pk=conf.conference.pk).update(
        held_on=timezone.localdate() - timedelta(days=1)
    )
    later = conference_detail(user=world.colleague.user, conference=conf.conference)
    assert not later.rows[0].visible and later.rows[0].household_name == ""


def test_a_conference_is_visible_to_the_team_and_its_attendees_only(world, conf):
    assert conferences_visible_to(user=world.cjg_coach.user).filter(pk=conf.conference.pk)
    assert not conferences_visible_to(user=conf.oost_expert.user).filter(pk=conf.conference.pk)
    conf.conference.attendees.add(conf.oost_expert)
    assert conferences_visible_to(user=conf.oost_expert.user).filter(pk=conf.conference.pk)
    assert not conferences_visible_to(user=world.outsider.user).exists()
