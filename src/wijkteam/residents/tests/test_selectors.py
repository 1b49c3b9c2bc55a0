"""The resident's reads: only ever their own household, each read logged as theirs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from wijkteam.access.services import emergency_access_start
from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry, LogChannel
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.selectors import case_get, household_timeline
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.selectors import household_get
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents import selectors
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.sharing.models import Basis, LegalTask
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.zrm.templatetags.zrm_tags import zrm_chart_context


def as_user(user):
    """Act in the web UI as ``user``, as the request middleware would."""
    return access_context(channel=LogChannel.UI, actor=user)


@pytest.fixture(autouse=True)
def _in_english(english):
    """These tests read the messages in English."""


def test_the_plan_is_the_residents_own_case_with_goals_actions_and_director(world, residents):
    world.schalkwijk.phone, world.schalkwijk.email = "023 000 0101", "team@wijkteam.example.org"
    world.schalkwijk.save()

    with as_user(residents.user):
        plan = selectors.resident_plan(user=residents.user)

    assert plan.case == residents.case and plan.household == residents.case.household
    assert plan.person == residents.person
    goals = [goal for group in plan.groups for goal in group.goals]
    assert {goal.description for goal in goals} == {"Rust in de schulden", "Een rustig huis"}
    assert all(goal.plan.case_id == residents.case.pk for goal in goals)
    actions = {action.description: action for goal in goals for action in goal.actions.all()}
    neighbour = actions["Met de buurvrouw boodschappen doen"]
    assert (neighbour.step, neighbour.performer_name, neighbour.status) == (
        2,
        "Buurvrouw Els",
        "planned",
    )
    assert neighbour.due_date is not None
    director = world.director
    assert plan.director.name == director.user.get_full_name()
    assert plan.director.function == "Social worker"
    assert plan.director.organisation == director.organisation.name
    assert (plan.director.team.phone, plan.director.team.email) == (
        "023 000 0101",
        "team@wijkteam.example.org",
    )
    assert plan.can_propose_goal and plan.can_write_note

    entry = AccessLogEntry.objects.filter(event="resident_plan_viewed").get()
    assert entry.actor == residents.user
    assert (entry.household_id, entry.object_id) == (residents.case.household_id, residents.case.pk)


def test_each_resident_sees_only_their_own_household(residents):
    mine = selectors.resident_plan(user=residents.user)
    theirs = selectors.resident_plan(user=residents.other_user)
    assert theirs.case == residents.other_case
    assert not {goal.pk for group in theirs.groups for goal in group.goals} & {
        goal.pk for group in mine.groups for goal in group.goals
    }
    assert (
        selectors.resident_zrm(user=residents.other_user).household
        == residents.other_case.household
    )
    other_sharing = selectors.resident_sharing(user=residents.other_user)
    assert residents.consent not in other_sharing.consents + other_sharing.ended


def test_staff_and_strangers_are_no_residents(world, residents):
    for user in (world.director.user, world.backoffice, AnonymousUser()):
        assert selectors.resident_household_of(user=user) is None
        for read in (
            selectors.resident_plan,
            selectors.resident_zrm,
            selectors.resident_file_looks,
            selectors.resident_sharing,
        ):
            with pytest.raises(NotFoundOrHidden):
                read(user=user)
    residents.user.is_active = False
    residents.user.save()
    with pytest.raises(NotFoundOrHidden):
        selectors.resident_plan(user=residents.user)


def test_a_resident_without_a_case_gets_an_empty_plan(world):
    account = ResidentAccountFactory(person=PersonFactory(household__team=world.schalkwijk))
    plan = selectors.resident_plan(user=account.user)
    assert plan.case is None and plan.groups == [] and plan.director is None
    assert plan.team.name == world.schalkwijk.name
    assert not plan.can_propose_goal and not plan.can_write_note


def test_a_closed_case_shows_as_the_last_plan_without_director(world, residents):
    from wijkteam.cases.tests.factories import case_in_state

    account = ResidentAccountFactory(person=PersonFactory(household__team=world.schalkwijk))
    case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.CLOSED,
        household=account.person.household,
    )
    plan = selectors.resident_plan(user=account.user)
    assert plan.case.status == Status.CLOSED and plan.director is None
    assert not plan.can_propose_goal and not plan.can_write_note


def test_zrm_history_is_the_households_own(residents):
    with as_user(residents.user):
        zrm = selectors.resident_zrm(user=residents.user)
    assert zrm.household == residents.case.household and not zrm.has_own_scores
    chart = zrm_chart_context(household=zrm.household)
    finances = next(panel for panel in chart["panels"] if panel["domain"] == "finances")
    assert [point["score"] for point in finances["points"]] == [2, 4]
    entry = AccessLogEntry.objects.filter(event="resident_zrm_viewed").get()
    assert (entry.actor, entry.household_id) == (residents.user, residents.case.household_id)


def test_who_looked_shows_the_director_and_emergency_access_but_not_the_residents_own(
    world, residents
):
    household = residents.case.household
    with as_user(world.director.user):
        case_get(user=world.director.user, pk=residents.case.pk)
    # A colleague who is not on the case breaks the glass and looks.
    with as_user(world.colleague.user):
        emergency_access_start(
            actor=world.colleague.user,
            household=household,
            reason="Bewoner belt in paniek, regisseur is ziek",
        )
        household_get(user=world.colleague.user, pk=household.pk)
    with as_user(residents.user):
        selectors.resident_plan(user=residents.user)
        selectors.resident_zrm(user=residents.user)
    # The other household's file, read by its own director: not in this list.
    with as_user(world.colleague.user):
        household_timeline(user=world.colleague.user, household=residents.other_case.household)

    with as_user(residents.user):
        looks = selectors.resident_file_looks(user=residents.user)

    shown = [(look.who, look.what, look.emergency) for look in looks.looks]
    director_name = world.director.user.get_full_name()
    colleague_name = world.colleague.user.get_full_name()
    assert (director_name, "Looked at your case", False) in shown
    assert (colleague_name, "Looked at the details of your household", True) in shown
    assert (colleague_name, "Opened your file with emergency access", True) in shown
    director_look = next(look for look in looks.looks if look.who == director_name)
    assert director_look.role == (
        f"Social worker at {world.director.organisation.name}, team Schalkwijk 1"
    )
    # Never a username; never the resident's own reads, nor the system's own processing
    # (the case_in_state history was written without an actor).
    for look in looks.looks:
        assert look.who not in {
            "regisseur",
            "collega",
            "bewoner",
            "",
            residents.person.display_name,
        }
    assert AccessLogEntry.objects.filter(household_id=household.pk, actor=None).exists()
    assert (
        len(looks.looks)
        == AccessLogEntry.objects.filter(
            household_id=household.pk, actor__in=[world.director.user, world.colleague.user]
        ).count()
    )
    # The emergency access itself, with its reason.
    [emergency] = looks.emergencies
    assert emergency.who == colleague_name and emergency.is_active
    assert emergency.reason == "Bewoner belt in paniek, regisseur is ziek"
    # Looking is logged as the resident's own read, and is not listed itself.
    entry = AccessLogEntry.objects.filter(event="resident_access_log_viewed").get()
    assert entry.actor == residents.user and entry.household_id == household.pk


def test_who_looked_names_roles_outside_the_teams(world, residents):
    from django.contrib.auth.models import Group

    from wijkteam.audit.selectors import AccessLogFilter, access_log_entries

    officer = world.policy
    officer.groups.add(Group.objects.get(name="Logbeheerder"))
    with as_user(officer):
        list(
            access_log_entries(
                user=officer, filters=AccessLogFilter(household_id=residents.case.household_id)
            )
        )
    looks = selectors.resident_file_looks(user=residents.user).looks
    [look] = [look for look in looks if look.who == officer.get_full_name()]
    assert look.role == "Log officer"
    assert look.what == "Checked who looked at your file (log officer)"


def test_sharing_shows_consents_to_withdraw_and_legal_tasks_to_read(world, residents):
    household = residents.case.household
    legal = SharingGroundFactory(
        household=household,
        basis=Basis.LEGAL_TASK,
        consent_given_on=None,
        consent_scope="",
        legal_task=LegalTask.WMO_INVESTIGATION,
        party="back_office",
        purpose="provision_advice",
        recorded_by=world.director.user,
    )
    SharingGroundFactory(household=residents.other_case.household, recorded_by=world.colleague.user)

    with as_user(residents.user):
        sharing = selectors.resident_sharing(user=residents.user)

    assert sharing.consents == [residents.consent]
    assert sharing.legal_tasks == [legal]
    assert sharing.ended == [] and sharing.overrides == []
    assert selectors.resident_consent_get(user=residents.user, pk=residents.consent.pk)
    with pytest.raises(NotFoundOrHidden):  # a legal task is not a consent to withdraw
        selectors.resident_consent_get(user=residents.user, pk=legal.pk)
    with pytest.raises(NotFoundOrHidden):  # another household's consent
        selectors.resident_consent_get(user=residents.other_user, pk=residents.consent.pk)
    assert AccessLogEntry.objects.filter(
        event="sharing_grounds_viewed", actor=residents.user, household_id=household.pk
    ).exists()


def test_who_looked_costs_the_same_queries_for_more_emergency_accesses(world, residents):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from wijkteam.access.models import EmergencyAccess
    from wijkteam.teams.tests.factories import UserFactory

    def broken_glass() -> None:
        now = timezone.now()
        EmergencyAccess.objects.create(
            user=UserFactory(),
            household=residents.case.household,
            reason="Crisis",
            started_at=now,
            expires_at=now + timedelta(hours=1),
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.resident_file_looks(user=residents.user)
        return len(captured)

    broken_glass()
    with_one = queries()
    broken_glass()
    broken_glass()
    assert queries() == with_one
