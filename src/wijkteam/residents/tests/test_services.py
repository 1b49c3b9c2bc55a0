"""The resident's writes: a goal of their own, a note for the director, giving and withdrawing
consent; and what withdrawing means for the director's next transfer."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wijkteam.cases import services as cases
from wijkteam.cases.lifecycle import Status, TransferReason
from wijkteam.cases.selectors import household_timeline
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.plans.models import Goal
from wijkteam.residents import services
from wijkteam.residents.models import ResidentNote
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose, SharingGround
from wijkteam.sharing.services import SharingRefused
from wijkteam.sharing.tests.factories import SharingGroundFactory


@pytest.fixture(autouse=True)
def _in_english(english):
    """These tests read the messages in English."""


def test_a_goal_of_their_own_goes_into_their_plan_marked_as_theirs(residents):
    goal = services.resident_goal_propose(
        actor=residents.user, domain="social_network", description="  Vaker op bezoek bij mijn zus "
    )
    goal.refresh_from_db()
    assert goal.plan.case == residents.case
    assert goal.proposed_by_resident and goal.created_by == residents.user
    assert goal.description == "Vaker op bezoek bij mijn zus"
    assert not residents.other_case.plan.goals.filter(proposed_by_resident=True).exists()
    # The team's own goals are not marked.
    assert Goal.objects.filter(plan__case=residents.case, proposed_by_resident=False).count() == 2


def test_a_goal_needs_words_and_a_life_domain(residents):
    with pytest.raises(DomainError) as refused:
        services.resident_goal_propose(actor=residents.user, domain="finances", description=" ")
    assert refused.value.field == "description"
    with pytest.raises(DomainError) as refused:
        services.resident_goal_propose(actor=residents.user, domain="nonsense", description="Iets")
    assert refused.value.field == "domain"


def test_no_goal_before_the_plan_is_made_or_after_it_ended(world):
    waiting = ResidentAccountFactory(person=PersonFactory(household__team=world.schalkwijk))
    case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.REGISTERED,
        household=waiting.person.household,
    )
    with pytest.raises(ConflictError) as refused:
        services.resident_goal_propose(actor=waiting.user, domain="finances", description="Rust")
    assert refused.value.code == "plan_not_started"

    closed = ResidentAccountFactory(person=PersonFactory(household__team=world.schalkwijk))
    case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.CLOSED,
        household=closed.person.household,
    )
    for write in (
        lambda: services.resident_goal_propose(
            actor=closed.user, domain="finances", description="Rust"
        ),
        lambda: services.resident_note_add(actor=closed.user, text="Hallo"),
    ):
        with pytest.raises(ConflictError) as refused:
            write()
        assert refused.value.code == "no_open_case"


def test_staff_cannot_write_as_a_resident(world, residents):
    with pytest.raises(NotFoundOrHidden):
        services.resident_goal_propose(
            actor=world.director.user, domain="finances", description="X"
        )
    with pytest.raises(NotFoundOrHidden):
        services.resident_note_add(actor=world.director.user, text="X")


def test_a_note_for_the_director_shows_on_the_household_timeline(world, residents):
    note = services.resident_note_add(actor=residents.user, text=" Dinsdag kan ik niet. ")
    assert (note.case, note.author, note.text) == (
        residents.case,
        residents.user,
        "Dinsdag kan ik niet.",
    )

    timeline = household_timeline(user=world.director.user, household=residents.case.household)
    [entry] = [entry for entry in timeline if entry.kind == "resident_note"]
    assert entry.title == "Note from the resident"
    assert entry.detail == "Dinsdag kan ik niet."
    assert entry.by == residents.user.get_full_name() and entry.case_id == residents.case.pk
    other = household_timeline(user=world.colleague.user, household=residents.other_case.household)
    assert not [entry for entry in other if entry.kind == "resident_note"]


def test_a_note_must_say_something_and_not_too_much(residents):
    with pytest.raises(DomainError) as refused:
        services.resident_note_add(actor=residents.user, text="  ")
    assert refused.value.field == "text"
    with pytest.raises(DomainError) as refused:
        services.resident_note_add(actor=residents.user, text="x" * 2001)
    assert refused.value.code == "too_long"
    assert not ResidentNote.objects.exists()


def test_giving_consent_records_it_as_the_residents_own(residents):
    ground = services.resident_consent_give(
        actor=residents.user,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        consent_scope="Mijn plan",
    )
    assert ground.household == residents.case.household and ground.basis == Basis.CONSENT
    assert ground.consent_by == residents.person and ground.recorded_by == residents.user
    assert ground.consent_given_on == timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.resident_consent_give(
            actor=residents.user, party=Party.BACK_OFFICE, purpose=Purpose.OTHER, consent_scope="X"
        )
    assert refused.value.field == "purpose_detail"


def test_withdrawing_consent_refuses_the_transfer_it_allowed_and_says_why(world, residents):
    case = residents.case
    withdrawn = services.resident_consent_withdraw(
        actor=residents.user,
        ground_id=residents.consent.pk,
        expected_version=residents.consent.version,
    )
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by == residents.user

    case.refresh_from_db()
    with pytest.raises(SharingRefused) as refused:
        cases.case_transfer(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=TransferReason.SPECIALIST,
        )
    assert "was withdrawn on" in str(refused.value.message)
    case.refresh_from_db()
    assert case.status == Status.PLAN_ACTIVE


def test_a_resident_withdraws_only_their_own_consent_and_never_a_legal_task(world, residents):
    with pytest.raises(NotFoundOrHidden):
        services.resident_consent_withdraw(
            actor=residents.other_user,
            ground_id=residents.consent.pk,
            expected_version=residents.consent.version,
        )
    legal = SharingGroundFactory(
        household=residents.case.household,
        basis=Basis.LEGAL_TASK,
        consent_given_on=None,
        consent_scope="",
        legal_task=LegalTask.WMO_INVESTIGATION,
        recorded_by=world.director.user,
    )
    with pytest.raises(DomainError) as refused:
        services.resident_consent_withdraw(
            actor=residents.user, ground_id=legal.pk, expected_version=legal.version
        )
    assert refused.value.code == "resident_consent_only"
    assert SharingGround.objects.filter(withdrawn_at__isnull=True).count() == 2
