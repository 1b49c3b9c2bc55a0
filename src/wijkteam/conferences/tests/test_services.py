from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import CaseConference, ConclusionAction, ConferenceConclusion
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.conferences import services
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.selectors import households_visible_to
from wijkteam.plans.models import Performer
from wijkteam.sharing.models import Party, Purpose, SharingOverride
from wijkteam.sharing.services import SharingRefused
from wijkteam.sharing.tests.factories import SharingGroundFactory


def _update(conf, actor, **changes):
    conference = CaseConference.objects.get(pk=conf.conference.pk)
    fields = {
        "held_on": conference.held_on,
        "starts_at": conference.starts_at,
        "duration_minutes": conference.duration_minutes,
        "attendees": list(conference.attendees.all()),
        "expected_version": conference.version,
        **changes,
    }
    return services.conference_update(actor=actor, conference=conference, **fields)


def test_a_team_member_plans_a_conference_others_may_not(world, conf):
    assert conf.conference.team == world.schalkwijk
    assert set(conf.conference.attendees.all()) == {world.director, world.colleague}
    with pytest.raises(Forbidden):
        services.conference_create(
            actor=world.outsider.user,
            team=world.schalkwijk,
            held_on=timezone.localdate(),
            starts_at=time(9),
            duration_minutes=60,
        )


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_the_duration_is_bounded(world, conf, minutes):
    with pytest.raises(DomainError) as refused:
        _update(conf, world.director.user, duration_minutes=minutes)
    assert refused.value.field == "duration_minutes"


def test_a_member_of_another_team_who_is_no_expert_cannot_attend(world, conf):
    with pytest.raises(DomainError) as refused:
        _update(conf, world.director.user, attendees=[world.outsider])
    assert refused.value.code == "invalid_attendee"


def test_a_stale_edit_is_refused_with_409(world, conf):
    _update(conf, world.director.user, duration_minutes=45)
    with pytest.raises(ConflictError) as refused:
        services.conference_update(
            actor=world.colleague.user,
            conference=conf.conference,
            held_on=conf.conference.held_on,
            starts_at=conf.conference.starts_at,
            duration_minutes=120,
            attendees=[],
            expected_version=conf.conference.version,  # the version before the first edit
        )
    assert refused.value.status_code == 409 and refused.value.code == "stale_version"
    assert CaseConference.objects.get(pk=conf.conference.pk).duration_minutes == 45


def test_the_director_puts_their_case_on_the_agenda_a_colleague_may_not(world, conf):
    with pytest.raises(Forbidden):
        services.agenda_item_add(
            actor=world.colleague.user, conference=conf.conference, case=conf.case
        )
    item = services.agenda_item_add(
        actor=world.director.user, conference=conf.conference, case=conf.case
    )
    assert item.added_by == world.director.user and item.position == 1
    assert list(conf.conference.cases.all()) == [conf.case]
    with pytest.raises(ConflictError):
        services.agenda_item_add(
            actor=world.director.user, conference=conf.conference, case=conf.case
        )


def test_the_coordinator_puts_any_open_case_of_the_team_on_the_agenda(world, conf):
    item = services.agenda_item_add(
        actor=conf.coordinator, conference=conf.conference, case=conf.case
    )
    assert item.case == conf.case


def test_a_past_conferences_agenda_is_closed(world, conf):
    CaseConference.objects.filter(pk=conf.conference.pk).update(
        held_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ConflictError) as refused:
        services.agenda_item_add(
            actor=world.director.user, conference=conf.conference, case=conf.case
        )
    assert refused.value.code == "conference_past"


def test_an_outside_expert_needs_a_ground_for_each_household_on_the_agenda(world, conf):
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    attendees = [world.director, world.colleague, world.cjg_coach]  # an expert member
    with pytest.raises(SharingRefused) as refused:
        _update(conf, world.director.user, attendees=attendees)
    assert refused.value.status_code == 409
    assert refused.value.extra["party"] == Party.CASE_CONFERENCE
    assert world.cjg_coach not in CaseConference.objects.get(pk=conf.conference.pk).attendees.all()

    SharingGroundFactory(
        household=conf.case.household,
        party=Party.CASE_CONFERENCE,
        purpose=Purpose.CASE_CONFERENCE,
        recorded_by=world.director.user,
    )
    _update(conf, world.director.user, attendees=attendees)
    assert world.cjg_coach in CaseConference.objects.get(pk=conf.conference.pk).attendees.all()


def test_the_coordinator_may_override_with_a_reason(world, conf):
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    attendees = [world.director, conf.oost_expert]  # an expert of another team
    with pytest.raises(SharingRefused):
        _update(conf, world.director.user, attendees=attendees, override_reason="Spoed")
    _update(conf, conf.coordinator, attendees=attendees, override_reason="Crisis, vandaag nodig")
    override = SharingOverride.objects.get()
    assert override.action == "conference_expert_add"
    assert override.household == conf.case.household


def test_putting_a_case_on_a_conference_with_outside_experts_needs_a_ground(world, conf):
    _update(conf, world.director.user, attendees=[world.director, world.cjg_coach])  # empty agenda
    with pytest.raises(SharingRefused):
        services.agenda_item_add(
            actor=world.director.user, conference=conf.conference, case=conf.case
        )
    assert not conf.conference.agenda_items.exists()


def test_attendees_see_the_agenda_file_on_the_day_only(world, conf):
    household = conf.case.household
    assert not households_visible_to(user=world.colleague.user).filter(pk=household.pk).exists()
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    assert households_visible_to(user=world.colleague.user).filter(pk=household.pk).exists()
    CaseConference.objects.filter(pk=conf.conference.pk).update(
        held_on=timezone.localdate() - timedelta(days=1)
    )
    assert not households_visible_to(user=world.colleague.user).filter(pk=household.pk).exists()


def test_conclusions_are_appended_and_lead_to_plan_actions(world, conf):
    item = services.agenda_item_add(
        actor=world.director.user, conference=conf.conference, case=conf.case
    )
    with pytest.raises(ConflictError):  # no conclusion yet
        services.conclusion_action_add(
            actor=world.colleague.user,
            item=item,
            goal=conf.goal,
            description="Bellen",
            step=1,
            performer=Performer.RESIDENT,
        )
    services.conclusion_add(actor=world.colleague.user, item=item, text="Eerst de schulden")
    second = services.conclusion_add(actor=world.director.user, item=item, text="Schuldhulp in")
    assert list(ConferenceConclusion.objects.filter(item=item).values_list("text", flat=True)) == [
        "Eerst de schulden",
        "Schuldhulp in",
    ]
    action = services.conclusion_action_add(
        actor=world.colleague.user,
        item=item,
        goal=conf.goal,
        description="Aanmelden bij schuldhulp",
        step=1,
        performer=Performer.RESIDENT,
    )
    assert ConclusionAction.objects.get(action=action).conclusion == second
    assert action.goal == conf.goal


def test_a_plan_rule_refuses_the_action_and_nothing_is_linked(world, conf):
    item = services.agenda_item_add(
        actor=world.director.user, conference=conf.conference, case=conf.case
    )
    services.conclusion_add(actor=world.director.user, item=item, text="Direct naar specialist")
    with pytest.raises(DomainError) as refused:
        services.conclusion_action_add(
            actor=world.director.user,
            item=item,
            goal=conf.goal,
            description="GGZ",
            step=4,
            performer=Performer.PROFESSIONAL,
        )
    assert refused.value.code == "step_reason_required"
    assert not ConclusionAction.objects.exists()


def test_a_conclusion_needs_text_within_bounds_and_a_held_conference(world, conf):
    item = services.agenda_item_add(
        actor=world.director.user, conference=conf.conference, case=conf.case
    )
    with pytest.raises(DomainError):
        services.conclusion_add(actor=world.director.user, item=item, text="  ")
    with pytest.raises(DomainError) as refused:
        services.conclusion_add(actor=world.director.user, item=item, text="x" * 1001)
    assert refused.value.code == "too_long"
    CaseConference.objects.filter(pk=conf.conference.pk).update(
        held_on=timezone.localdate() + timedelta(days=2)
    )
    item.conference.refresh_from_db()
    with pytest.raises(ConflictError):
        services.conclusion_add(actor=world.director.user, item=item, text="Te vroeg")


def test_who_does_not_see_the_file_cannot_write_a_conclusion(world, conf):
    item = services.agenda_item_add(
        actor=world.director.user, conference=conf.conference, case=conf.case
    )
    with pytest.raises(NotFoundOrHidden):  # on the team, not attending, not on the case
        services.conclusion_add(actor=world.cjg_coach.user, item=item, text="Mijn mening")


def test_a_case_not_in_an_editable_state_cannot_go_on_the_agenda_when_closed(world, conf):
    closed = case_in_state(actor=world.director.user, director=world.director, status=Status.CLOSED)
    with pytest.raises(DomainError) as refused:
        services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=closed)
    assert refused.value.code == "invalid_case"
