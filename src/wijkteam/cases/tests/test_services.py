"""Writes on cases: registration, 1 household · 1 plan · 1 director, closing and contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkteam.access.selectors import households_known_to
from wijkteam.cases import services
from wijkteam.cases.lifecycle import CloseReason, Status, StopReason
from wijkteam.cases.models import (
    Case,
    CaseMember,
    Channel,
    Contact,
    ContactKind,
    DirectorAssignment,
    Source,
    StatusChange,
    Urgency,
)
from wijkteam.cases.selectors import team_inbox
from wijkteam.cases.services import PersonInput, PossibleDuplicate
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.models import Household, Person
from wijkteam.households.selectors import households_visible_to
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.plans.models import Goal, Outcome, Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.teams.tests.factories import MembershipFactory
from wijkteam.zrm.models import Assessment, AssessmentKind


def register(world, **kwargs) -> Case:
    kwargs.setdefault("actor", world.director.user)
    kwargs.setdefault("question", "Huurachterstand en post die blijft liggen")
    return services.registration_create(**kwargs)


def nothing_was_created() -> bool:
    return not (Case.objects.exists() or Household.objects.exists() or Person.objects.exists())


# Registration -----------------------------------------------------------------------------


def test_a_new_question_for_an_anonymous_household_names_its_first_member(world):
    first = register(world)
    services.case_stop(
        actor=world.director.user, case=first, expected_version=first.version, reason="answered"
    )
    register(
        world, household=first.household, person=PersonInput(given_name="Nu", family_name="Bekend")
    )
    assert [p.display_name for p in first.household.members.all()] == ["Nu Bekend"]


def test_a_new_question_for_a_known_household_leaves_its_members_alone(world):
    first = register(world, person=PersonInput(given_name="Al", family_name="Bekend"))
    services.case_stop(
        actor=world.director.user, case=first, expected_version=first.version, reason="answered"
    )
    register(world, household=first.household, person=PersonInput(given_name="Ander"))
    assert [p.display_name for p in first.household.members.all()] == ["Al Bekend"]


def test_a_refused_question_adds_no_member_either(world):
    open_case = register(world)
    with pytest.raises(ConflictError):
        register(world, household=open_case.household, person=PersonInput(given_name="Nu"))
    assert not open_case.household.members.exists()


def test_registration_lands_in_the_inbox_of_the_team_of_the_postcode(world):
    # A Schalkwijk professional registers for an address in Oost: it goes to Oost.
    case = register(
        world,
        postcode="2033XY",
        house_number=4,
        source=Source.GP,
        channel=Channel.EMAIL,
        urgency=Urgency.HIGH,
        domains=["housing", "finances"],
    )

    assert case.team == world.oost
    assert case.household.team == world.oost
    assert case.household.neighbourhood.name == "Parkwijk"
    assert case.status == Status.REGISTERED
    assert (case.source, case.channel, case.urgency) == ("gp", "email", Urgency.HIGH)
    assert case.domains == ["finances", "housing"]  # catalogue order, whatever the input order
    assert case.registered_by == world.director.user
    assert list(team_inbox(user=world.outsider.user, team=world.oost)) == [case]
    assert list(team_inbox(user=world.director.user, team=world.schalkwijk)) == []


def test_registration_is_recorded_as_the_first_step_of_the_history(world):
    case = register(world, postcode="2035AB", house_number=1)
    change = StatusChange.objects.get(case=case)
    assert (change.transition, change.from_status, change.to_status, change.by) == (
        "register",
        "",
        "registered",
        world.director.user,
    )


@pytest.mark.parametrize("raw", ["2035 ab", "2035ab", " 2035 AB ", "2035AB"])
def test_the_postcode_is_stored_normalised(world, raw):
    case = register(world, postcode=raw, house_number=12)
    assert case.household.postcode == "2035AB"
    assert case.household.neighbourhood.name == "Boerhaavewijk"
    assert case.team == world.schalkwijk


def test_a_postcode_outside_the_municipality_is_refused(world):
    with pytest.raises(DomainError) as error:
        register(world, postcode="1011 AB", house_number=1)
    assert (error.value.code, error.value.field) == ("postcode_outside_municipality", "postcode")
    assert "Haarlem" in str(error.value.message)
    assert nothing_was_created()


@pytest.mark.parametrize("raw", ["2035", "0123AB", "2035 A", "ABCD EF", "2035 SS", "20355AB"])
def test_a_malformed_postcode_is_refused(world, raw):
    with pytest.raises(DomainError) as error:
        register(world, postcode=raw, house_number=1)
    assert (error.value.code, error.value.field) == ("invalid_postcode", "postcode")
    assert nothing_was_created()


def test_a_house_number_without_postcode_is_refused(world):
    with pytest.raises(DomainError) as error:
        register(world, house_number=12)
    assert (error.value.code, error.value.field) == ("postcode_required", "postcode")


@pytest.mark.parametrize("bsn", ["123456789", "12345", "99999999x", "999999991"])
def test_an_invalid_bsn_is_refused(world, bsn):
    with pytest.raises(DomainError) as error:
        register(
            world,
            postcode="2035AB",
            house_number=3,
            person=PersonInput(given_name="Test", bsn=bsn),
        )
    assert (error.value.code, error.value.field) == ("invalid_bsn", "bsn")
    assert bsn not in str(error.value.message)
    assert nothing_was_created()


def test_a_person_given_at_registration_becomes_the_main_resident(world):
    case = register(
        world,
        postcode="2035AB",
        house_number=3,
        street="Floris van Adrichemlaan",
        city="Haarlem",
        person=PersonInput(given_name=" Test ", family_name="Persoon", bsn="111 222 333"),
    )
    person = case.household.members.get()
    assert (person.given_name, person.family_name, person.bsn, person.role) == (
        "Test",
        "Persoon",
        "111222333",
        "main",
    )
    assert case.household.street == "Floris van Adrichemlaan"


@pytest.mark.parametrize("persona", ["director", "outsider"])
def test_an_anonymous_registration_goes_to_the_actors_own_team(world, persona):
    membership = getattr(world, persona)
    case = register(world, actor=membership.user)
    assert case.team == membership.team
    assert case.household.team == membership.team
    assert case.household.postcode == ""
    assert case.household.neighbourhood is None
    assert not case.household.members.exists()


def test_an_anonymous_registration_may_name_the_team(world):
    case = register(world, team=world.oost)
    assert case.team == world.oost


def test_without_a_team_and_without_a_postcode_registration_is_refused(world):
    with pytest.raises(DomainError) as error:
        register(world, actor=world.backoffice)
    assert (error.value.code, error.value.field) == ("team_required", "postcode")
    assert nothing_was_created()


def test_the_postcode_decides_over_a_named_team(world):
    case = register(world, postcode="2035AB", team=world.oost)
    assert case.team == world.schalkwijk


@pytest.mark.parametrize("question", ["", "   ", None])
def test_an_empty_question_is_refused(world, question):
    with pytest.raises(DomainError) as error:
        register(world, question=question, postcode="2035AB")
    assert (error.value.code, error.value.field) == ("required", "question")
    assert nothing_was_created()


def test_an_unknown_domain_is_refused(world):
    with pytest.raises(DomainError) as error:
        register(world, domains=["finances", "astrology"])
    assert (error.value.code, error.value.field) == ("invalid_domain", "domains")
    assert nothing_was_created()


@pytest.mark.parametrize(
    ("field", "value"),
    [("source", "newspaper"), ("channel", "pigeon"), ("urgency", 9)],
)
def test_an_unknown_source_channel_or_urgency_is_refused(world, field, value):
    with pytest.raises(DomainError) as error:
        register(world, **{field: value})
    assert (error.value.code, error.value.field) == (f"invalid_{field}", field)
    assert nothing_was_created()


def test_the_same_address_warns_instead_of_creating_a_duplicate(world):
    first = register(world, postcode="2035AB", house_number=12)

    with pytest.raises(PossibleDuplicate) as error:
        register(world, actor=world.colleague.user, postcode="2035 ab", house_number=12)

    assert error.value.code == "possible_duplicate"
    assert error.value.status_code == 409
    [match] = error.value.matches
    assert match.household_id == first.household_id
    assert match.reference == first.household.reference
    assert (match.reason, match.visible, match.open_case_id) == ("address", True, first.pk)
    assert error.value.extra["matches"][0]["household_id"] == first.household_id
    assert Household.objects.count() == 1


def test_a_confirmed_new_household_at_the_same_address_is_created(world):
    first = register(world, postcode="2035AB", house_number=12)
    second = register(world, postcode="2035AB", house_number=12, confirm_new=True)
    assert second.household_id != first.household_id
    assert Household.objects.filter(postcode="2035AB", house_number=12).count() == 2


def test_another_house_number_or_addition_is_not_a_duplicate(world):
    register(world, postcode="2035AB", house_number=12)
    register(world, postcode="2035AB", house_number=14)
    register(world, postcode="2035AB", house_number=12, house_number_suffix="A")
    assert Household.objects.count() == 3


def test_the_same_bsn_is_a_duplicate_that_cannot_be_confirmed_away(world):
    first = register(world, postcode="2035AB", house_number=12, person=PersonInput(bsn="999999990"))

    for confirm_new in (False, True):
        with pytest.raises(PossibleDuplicate) as error:
            register(
                world,
                postcode="2036CD",
                house_number=1,
                person=PersonInput(given_name="Ander", bsn="999999990"),
                confirm_new=confirm_new,
            )
        [match] = error.value.matches
        assert (match.household_id, match.reason) == (first.household_id, "bsn")
    assert Household.objects.count() == 1
    assert Person.objects.count() == 1


def test_a_match_in_another_team_reveals_only_its_reference_and_team(world):
    known = register(
        world,
        postcode="2033XY",
        house_number=7,
        street="Geheime straat",
        person=PersonInput(given_name="Geheim", family_name="Persoon"),
    )
    assert known.team == world.oost

    with pytest.raises(PossibleDuplicate) as error:
        register(world, actor=world.colleague.user, postcode="2033XY", house_number=7)

    [match] = error.value.matches
    assert match.visible is False
    assert match.reference == known.household.reference
    assert match.team_name == "Oost 2"
    assert match.open_case_id is None  # whether the household is in care is not told
    shown = error.value.extra["matches"][0]
    assert set(shown) == {
        "household_id",
        "reference",
        "team_name",
        "team_phone",
        "team_email",
        "reason",
        "visible",
        "open_case_id",
    }
    assert "Geheim" not in str(error.value.extra) and "Geheime" not in str(error.value.extra)


def test_registration_for_a_known_household_uses_it(world):
    household = HouseholdFactory(team=world.schalkwijk)
    case = register(world, household=household, postcode="1011AB")  # address ignored
    assert case.household == household
    assert Household.objects.count() == 1


# 1 household · 1 plan · 1 director ---------------------------------------------------------


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.INTAKE, Status.PLAN_ACTIVE])
def test_a_second_open_case_is_refused(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)

    with pytest.raises(ConflictError) as error:
        register(world, household=case.household)

    assert (error.value.code, error.value.field) == ("open_case_exists", "household")
    assert error.value.extra["open_case_id"] == case.pk
    assert case.reference in str(error.value.message)
    assert Case.objects.filter(household=case.household).count() == 1


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED, Status.TRANSFERRED])
def test_a_new_case_may_follow_an_ended_one(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    new = register(world, household=case.household)
    assert new.status == Status.REGISTERED
    assert Case.objects.filter(household=case.household).count() == 2


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.INTAKE, Status.PLAN_ACTIVE])
def test_the_database_refuses_a_second_open_case(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            household=case.household,
            team=case.team,
            status=Status.REGISTERED,
            question="Langs de services heen",
            registered_by=world.director.user,
        )


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED, Status.TRANSFERRED])
def test_the_database_allows_ended_cases_beside_an_open_one(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    Case.objects.create(
        household=case.household,
        team=case.team,
        status=status,
        question="Oud",
        registered_by=world.director.user,
    )
    assert Case.objects.filter(household=case.household).count() == 2


@pytest.mark.parametrize("status", [Status.INTAKE, Status.PLAN_ACTIVE])
def test_the_database_refuses_an_open_case_past_registration_without_director(world, status):
    household = HouseholdFactory(team=world.schalkwijk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            household=household,
            team=world.schalkwijk,
            status=status,
            director=None,
            question="Zonder regisseur",
            registered_by=world.director.user,
        )


def test_the_database_refuses_to_drop_the_director_of_an_open_case(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(director=None)


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.CLOSED, Status.STOPPED])
def test_the_database_allows_no_director_where_none_is_needed(world, status):
    household = HouseholdFactory(team=world.schalkwijk)
    Case.objects.create(
        household=household,
        team=world.schalkwijk,
        status=status,
        question="Geen regisseur nodig",
        registered_by=world.director.user,
    )


def test_the_database_refuses_a_second_current_director(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectorAssignment.objects.create(
            case=case, membership=world.colleague, by=world.director.user
        )
    # Ended assignments may be as many as history has.
    DirectorAssignment.objects.create(
        case=case, membership=world.colleague, by=world.director.user, ended_at=timezone.now()
    )
    assert DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).count() == 1


def test_intake_gives_the_case_its_director_and_an_empty_plan(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    case = services.case_start_intake(
        actor=world.colleague.user,
        case=case,
        director=world.cjg_coach,  # an expert member may direct a case
        expected_version=case.version,
        note="CJG-coach kent het gezin",
    )
    assert case.status == Status.INTAKE
    assert case.director == world.cjg_coach
    assignment = DirectorAssignment.objects.get(case=case)
    assert (assignment.membership, assignment.by, assignment.ended_at) == (
        world.cjg_coach,
        world.colleague.user,
        None,
    )
    assert case.plan.goals.count() == 0


@pytest.mark.parametrize("who", ["outsider", "inactive"])
def test_intake_refuses_a_director_from_outside_the_team(world, who):
    director = world.outsider
    if who == "inactive":
        director = MembershipFactory(team=world.schalkwijk, is_active=False)
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    with pytest.raises(DomainError) as error:
        services.case_start_intake(
            actor=world.director.user, case=case, director=director, expected_version=case.version
        )
    assert (error.value.code, error.value.field) == ("invalid_director", "director")
    assert Case.objects.get(pk=case.pk).status == Status.REGISTERED
    assert not DirectorAssignment.objects.filter(case=case).exists()


@pytest.mark.parametrize("to", ["colleague", "cjg_coach"])
def test_hand_over_is_explicit_and_recorded(world, to):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    version = case.version
    new_director = getattr(world, to)

    case = services.case_hand_over(
        actor=world.director.user,
        case=case,
        to=new_director,
        expected_director_id=world.director.pk,
        reason="  Schulden staan nu voorop  ",
    )

    assert case.director == new_director
    assert case.version == version + 1
    history = list(DirectorAssignment.objects.filter(case=case).order_by("started_at", "pk"))
    assert [a.membership for a in history] == [world.director, new_director]
    assert history[0].ended_at is not None
    assert history[1].ended_at is None
    assert history[1].reason == "Schulden staan nu voorop"
    assert history[1].by == world.director.user


@pytest.mark.parametrize("reason", ["", "   "])
def test_hand_over_needs_a_reason(world, reason):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=case,
            to=world.colleague,
            expected_director_id=world.director.pk,
            reason=reason,
        )
    assert (error.value.code, error.value.field) == ("reason_required", "reason")
    assert Case.objects.get(pk=case.pk).director == world.director


@pytest.mark.parametrize("who", ["outsider", "inactive"])
def test_hand_over_only_to_an_active_member_of_the_cases_team(world, who):
    to = world.outsider
    if who == "inactive":
        to = MembershipFactory(team=world.schalkwijk, is_active=False)
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=case,
            to=to,
            expected_director_id=world.director.pk,
            reason="Andere expertise nodig",
        )
    assert error.value.code == "invalid_director"
    assert Case.objects.get(pk=case.pk).director == world.director
    assert DirectorAssignment.objects.filter(case=case).count() == 1


def test_hand_over_refuses_a_stale_expected_director(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    services.case_hand_over(
        actor=world.director.user,
        case=case,
        to=world.colleague,
        expected_director_id=world.director.pk,
        reason="Schulden",
    )
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(ConflictError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=stale,
            to=world.cjg_coach,
            expected_director_id=world.director.pk,  # what this user saw before the first one
            reason="Opvoeding",
        )
    assert error.value.code == "stale_director"
    assert Case.objects.get(pk=case.pk).director == world.colleague
    assert DirectorAssignment.objects.get(case=case, ended_at__isnull=True).membership == (
        world.colleague
    )


def test_hand_over_on_a_case_ended_in_the_meantime_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    seen = Case.objects.get(pk=case.pk)
    services.case_stop(
        actor=world.colleague.user, case=case, expected_version=case.version, reason="moved"
    )
    with pytest.raises(ConflictError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=seen,
            to=world.colleague,
            expected_director_id=world.director.pk,
            reason="Verlof",
        )
    assert error.value.code == "stale_director"
    assert Case.objects.get(pk=case.pk).director == world.director
    assert not DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).exists()


def test_hand_over_to_the_current_director_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=case,
            to=world.director,
            expected_director_id=world.director.pk,
            reason="Nogmaals",
        )
    assert error.value.code == "same_director"


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.CLOSED, Status.STOPPED])
def test_hand_over_only_on_an_open_case_after_intake(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(ConflictError) as error:
        services.case_hand_over(
            actor=world.director.user,
            case=case,
            to=world.colleague,
            expected_director_id=case.director_id,
            reason="Overdracht",
        )
    assert error.value.code == "illegal_transition"


def test_case_members_come_from_the_cases_team(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    services.case_add_member(actor=world.director.user, case=case, membership=world.colleague)
    services.case_add_member(actor=world.director.user, case=case, membership=world.colleague)
    assert CaseMember.objects.filter(case=case).count() == 1
    with pytest.raises(DomainError) as error:
        services.case_add_member(actor=world.director.user, case=case, membership=world.outsider)
    assert error.value.code == "invalid_member"


# Closing -----------------------------------------------------------------------------------


def active_case_with_two_goals(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    second = goal_add(
        actor=world.director.user, case=case, domain="social_network", description="Vrienden"
    )
    action_add(
        actor=world.director.user,
        goal=second,
        description="Buurthuis",
        step=1,
        performer=Performer.RESIDENT,
    )
    first = Goal.objects.filter(plan__case=case).exclude(pk=second.pk).get()
    return case, first, second


def close(world, case, **kwargs):
    kwargs.setdefault("reason", CloseReason.GOALS_REACHED)
    kwargs.setdefault("closing_scores", {"finances": 4, "social_network": 3})
    return services.case_close(
        actor=world.director.user, case=case, expected_version=case.version, **kwargs
    )


@pytest.mark.parametrize("outcomes", ["one_missing", "unknown_value"])
def test_closing_needs_an_outcome_for_every_goal(world, outcomes):
    case, first, second = active_case_with_two_goals(world)
    given = {first.pk: Outcome.REACHED}
    if outcomes == "unknown_value":
        given[second.pk] = "mostly"

    with pytest.raises(DomainError) as error:
        close(world, case, outcomes=given)

    assert (error.value.code, error.value.field) == ("outcome_required", "outcomes")
    assert error.value.extra["goal_ids"] == [second.pk]
    assert Case.objects.get(pk=case.pk).status == Status.PLAN_ACTIVE
    assert not Goal.objects.filter(plan__case=case).exclude(outcome="").exists()


def test_closing_needs_a_closing_zrm(world):
    case, first, second = active_case_with_two_goals(world)
    with pytest.raises(DomainError) as error:
        close(world, case, outcomes={first.pk: "reached", second.pk: "partly"}, closing_scores={})
    assert (error.value.code, error.value.field) == ("closing_zrm_required", "closing_scores")
    assert Case.objects.get(pk=case.pk).status == Status.PLAN_ACTIVE


def test_a_refused_closing_zrm_leaves_nothing_behind(world):
    case, first, second = active_case_with_two_goals(world)
    with pytest.raises(DomainError) as error:
        close(
            world,
            case,
            outcomes={first.pk: "reached", second.pk: "partly"},
            closing_scores={"finances": 6},
        )
    assert error.value.code == "invalid_score"
    assert not Goal.objects.filter(plan__case=case).exclude(outcome="").exists()
    assert not Assessment.objects.filter(case=case, kind=AssessmentKind.CLOSING).exists()


def test_closing_records_outcomes_zrm_revision_and_ends_direction(world):
    case, first, second = active_case_with_two_goals(world)
    revisions = case.plan.revisions.count()
    assessed_on = timezone.localdate() - timedelta(days=2)

    case = close(
        world,
        case,
        reason=CloseReason.PARTLY_REACHED,
        outcomes={first.pk: Outcome.REACHED, second.pk: Outcome.NOT_REACHED},
        assessed_on=assessed_on,
        note="Afgesloten in overleg",
    )

    assert case.status == Status.CLOSED
    assert case.closed_at is not None
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("reached", "not_reached")
    closing = Assessment.objects.get(case=case, kind=AssessmentKind.CLOSING)
    assert closing.assessed_on == assessed_on
    assert dict(closing.scores.values_list("domain", "score")) == {
        "finances": 4,
        "social_network": 3,
    }
    assert case.plan.revisions.count() == revisions + 1
    snapshot = case.plan.revisions.last().snapshot
    assert {goal["id"]: goal["outcome"] for goal in snapshot["goals"]} == {
        first.pk: "reached",
        second.pk: "not_reached",
    }
    assert not DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).exists()
    change = StatusChange.objects.filter(case=case).last()
    assert (change.reason, change.note) == ("partly_reached", "Afgesloten in overleg")


def test_closing_on_a_stale_version_changes_nothing(world):
    case, first, second = active_case_with_two_goals(world)
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    with pytest.raises(ConflictError) as error:
        close(world, case, outcomes={first.pk: "reached", second.pk: "partly"})
    assert error.value.code == "stale_version"
    assert not Goal.objects.filter(plan__case=case).exclude(outcome="").exists()
    assert not Assessment.objects.filter(case=case, kind=AssessmentKind.CLOSING).exists()


# Contacts ----------------------------------------------------------------------------------


def test_a_contact_needs_nothing_but_the_case(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    contact = services.contact_add(actor=world.colleague.user, case=case)
    assert contact.date == timezone.localdate()
    assert contact.kind == ContactKind.PHONE
    assert contact.duration_minutes == 30
    assert contact.by == world.colleague.user
    assert contact.note == ""


def test_a_contact_keeps_what_was_given(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    day = timezone.localdate() - timedelta(days=3)
    contact = services.contact_add(
        actor=world.director.user,
        case=case,
        kind=ContactKind.HOME_VISIT,
        date=day,
        duration_minutes=90,
        note="  Kennismaking thuis  ",
    )
    contact.refresh_from_db()
    assert (contact.kind, contact.date, contact.duration_minutes, contact.note) == (
        "home_visit",
        day,
        90,
        "Kennismaking thuis",
    )


def test_a_contact_in_the_future_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.contact_add(
            actor=world.director.user, case=case, date=timezone.localdate() + timedelta(days=1)
        )
    assert (error.value.code, error.value.field) == ("date_in_future", "date")
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "accepted"), [(0, False), (-5, False), (1, True), (1440, True), (1441, False)]
)
def test_a_contact_lasts_between_a_minute_and_a_day(world, minutes, accepted):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    if accepted:
        services.contact_add(actor=world.director.user, case=case, duration_minutes=minutes)
        assert Contact.objects.get().duration_minutes == minutes
    else:
        with pytest.raises(DomainError) as error:
            services.contact_add(actor=world.director.user, case=case, duration_minutes=minutes)
        assert (error.value.code, error.value.field) == ("invalid_duration", "duration_minutes")
        assert not Contact.objects.exists()


def test_a_contact_of_an_unknown_kind_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.contact_add(actor=world.director.user, case=case, kind="telepathy")
    assert (error.value.code, error.value.field) == ("invalid_kind", "kind")
    assert not Contact.objects.exists()


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED, Status.TRANSFERRED])
def test_no_contact_on_an_ended_case(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(ConflictError) as error:
        services.contact_add(actor=world.director.user, case=case)
    assert error.value.code == "case_not_open"
    assert not Contact.objects.exists()


def test_stopping_from_registration_needs_no_director(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    case = services.case_stop(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=StopReason.ANSWERED,
    )
    assert case.status == Status.STOPPED
    assert case.director is None
    # Out of the inbox and nobody's case: the team knows the household, nobody sees its file.
    assert case.household not in households_visible_to(user=world.director.user)
    assert case.household in households_known_to(user=world.director.user)
