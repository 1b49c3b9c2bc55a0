"""The rules of grounds for sharing, through the services and selectors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import formats, timezone, translation

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.sharing import services
from wijkteam.sharing.models import (
    Basis,
    LegalTask,
    Party,
    Purpose,
    SharingGround,
    SharingOverride,
)
from wijkteam.sharing.selectors import (
    sharing_ground_get,
    sharing_grounds_for,
    sharing_overrides_for,
)
from wijkteam.sharing.services import SharingRefused
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory

YESTERDAY = date.today() - timedelta(days=1)


def consent(actor, household, **fields) -> SharingGround:
    values = {
        "party": Party.SPECIALIST_CARE,
        "purpose": Purpose.REFERRAL,
        "basis": Basis.CONSENT,
        "consent_given_on": YESTERDAY,
        "consent_scope": "Het plan en de ZRM",
        **fields,
    }
    return services.sharing_ground_record(actor=actor, household=household, **values)


def require(actor, household, **fields):
    values = {
        "party": Party.SPECIALIST_CARE,
        "purpose": Purpose.REFERRAL,
        "action": "case_transfer",
        **fields,
    }
    return services.sharing_require(actor=actor, household=household, **values)


def test_a_ground_covers_only_its_own_party_and_purpose(world, case):
    household = case.household
    ground = consent(world.director.user, household)
    assert ground.recorded_by == world.director.user
    check = services.sharing_check
    assert check(household=household, party=Party.SPECIALIST_CARE, purpose=Purpose.REFERRAL) == (
        ground
    )
    assert check(household=household, party=Party.BACK_OFFICE, purpose=Purpose.REFERRAL) is None
    assert (
        check(household=household, party=Party.SPECIALIST_CARE, purpose=Purpose.PROVISION_ADVICE)
        is None
    )
    other = HouseholdFactory(team=world.schalkwijk)
    assert check(household=other, party=Party.SPECIALIST_CARE, purpose=Purpose.REFERRAL) is None
    assert require(world.director.user, household) == ground
    with pytest.raises(SharingRefused):
        require(world.director.user, household, party=Party.BACK_OFFICE)


def test_a_legal_task_is_a_ground_too(world, case):
    ground = services.sharing_ground_record(
        actor=world.director.user,
        household=case.household,
        party=Party.BACK_OFFICE,
        party_name="Wmo-consulent gemeente",
        purpose=Purpose.PROVISION_ADVICE,
        basis=Basis.LEGAL_TASK,
        legal_task=LegalTask.WMO_INVESTIGATION,
        # Consent fields with a legal task are not kept: the basis is the task.
        consent_given_on=YESTERDAY,
        consent_scope="x",
    )
    assert (ground.consent_given_on, ground.consent_scope, ground.legal_task_other) == (
        None,
        "",
        "",
    )
    assert (
        require(
            world.director.user,
            case.household,
            party=Party.BACK_OFFICE,
            purpose=Purpose.PROVISION_ADVICE,
            action="advice_send",
        )
        == ground
    )


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"party": "police"}, "party", "invalid_party"),
        ({"purpose": "marketing"}, "purpose", "invalid_purpose"),
        ({"basis": "vital_interest"}, "basis", "invalid_basis"),
        ({"purpose": Purpose.OTHER}, "purpose_detail", "required"),
        ({"consent_given_on": None}, "consent_given_on", "required"),
        ({"consent_given_on": timezone.localdate() + timedelta(days=1)}, "consent_given_on", None),
        ({"consent_scope": "  "}, "consent_scope", "required"),
        ({"basis": Basis.LEGAL_TASK}, "legal_task", "invalid_legal_task"),
        (
            {"basis": Basis.LEGAL_TASK, "legal_task": LegalTask.OTHER},
            "legal_task_other",
            "required",
        ),
    ],
)
def test_a_ground_needs_what_its_basis_needs(world, case, fields, field, code):
    with pytest.raises(DomainError) as error:
        consent(world.director.user, case.household, **fields)
    assert error.value.field == field
    if code:
        assert error.value.code == code
    assert not SharingGround.objects.exists()


def test_consent_by_must_be_a_member_of_the_household(world, case):
    stranger = PersonFactory(household=HouseholdFactory(team=world.schalkwijk))
    with pytest.raises(DomainError) as error:
        consent(world.director.user, case.household, consent_by=stranger)
    assert (error.value.code, error.value.field) == ("invalid_person", "consent_by")
    member = case.household.members.get()
    assert consent(world.director.user, case.household, consent_by=member).consent_by == member


def test_withdrawn_consent_no_longer_covers_and_the_refusal_says_when(world, case):
    ground = consent(world.director.user, case.household, consent_given_on=date(2026, 3, 2))
    version = ground.version
    withdrawn = services.sharing_ground_withdraw(
        actor=world.director.user,
        ground=ground,
        reason="Mevrouw wil dit niet meer",
        expected_version=ground.version,
    )
    assert withdrawn.withdrawn_by == world.director.user
    assert withdrawn.version == version + 1
    assert withdrawn.withdrawal_reason == "Mevrouw wil dit niet meer"
    assert (
        services.sharing_check(
            household=case.household, party=Party.SPECIALIST_CARE, purpose=Purpose.REFERRAL
        )
        is None
    )
    with translation.override("en"):
        with pytest.raises(SharingRefused) as error:
            require(world.director.user, case.household)
        message = str(error.value.message)
        given = formats.date_format(date(2026, 3, 2), "SHORT_DATE_FORMAT")
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert f"The consent of {given} to share with" in message
    assert f"was withdrawn on {today}." in message
    assert error.value.status_code == 409
    assert error.value.code == "sharing_refused"


def test_the_refusal_explains_what_to_do_and_names_no_one(world, case):
    with translation.override("en"), pytest.raises(SharingRefused) as error:
        require(world.director.user, case.household)
    message = str(error.value.message)
    assert "There is no ground to share this household's data with" in message
    assert "Specialist (second-line) care" in message and "Referral" in message
    assert "ask the team coordinator" in message
    for personal in ("Fatima", "El Amrani", world.director.user.username, case.household.reference):
        assert personal not in message
    assert error.value.extra == {
        "party": Party.SPECIALIST_CARE,
        "purpose": Purpose.REFERRAL,
        "can_override": False,
    }
    assert not SharingOverride.objects.exists()


def test_the_team_coordinator_overrides_with_a_reason_and_it_is_logged(world, case, coordinator):
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with pytest.raises(SharingRefused) as error:
        require(coordinator.user, case.household)  # no reason: refused, but told they may
    assert error.value.extra["can_override"] is True

    with access_context(origin="test", actor=coordinator.user):
        override = require(
            coordinator.user,
            case.household,
            override_reason="Acute zorg nodig, mevrouw onbereikbaar",
        )

    assert isinstance(override, SharingOverride)
    assert (override.household, override.by, override.action) == (
        case.household,
        coordinator.user,
        "case_transfer",
    )
    assert (override.party, override.purpose) == (Party.SPECIALIST_CARE, Purpose.REFERRAL)
    entry = AccessLogEntry.objects.filter(pk__gt=before, event="sharing_override").get()
    assert (entry.object_id, entry.household_id, entry.actor_id) == (
        override.pk,
        case.household.pk,
        coordinator.user.pk,
    )
    # An override is not a ground: the next action needs one again.
    assert (
        services.sharing_check(
            household=case.household, party=Party.SPECIALIST_CARE, purpose=Purpose.REFERRAL
        )
        is None
    )


def test_an_override_is_one_entry_in_the_access_log(world, case, coordinator):
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    override = require(coordinator.user, case.household, override_reason="Crisis, geen toestemming")
    entries = list(
        AccessLogEntry.objects.filter(
            pk__gt=before, object_type="sharing.sharingoverride"
        ).values_list("event", "action", "object_id")
    )
    assert entries == [("sharing_override", "create", override.pk)]


def test_only_the_coordinator_of_the_households_team_may_override(world, case, oost_coordinator):
    inactive = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(), is_coordinator=True, is_active=False
    )
    for actor in (world.director.user, oost_coordinator.user, inactive.user):
        with translation.override("en"), pytest.raises(SharingRefused) as error:
            require(actor, case.household, override_reason="Het moet nu")
        assert error.value.field == "override_reason"
        assert error.value.extra["can_override"] is False
        assert "Only the team coordinator of this household's team" in str(error.value.message)
    assert not SharingOverride.objects.exists()


def test_someone_who_does_not_see_the_household_gets_not_found(world, case):
    ground = SharingGroundFactory(household=case.household)
    # Oost 2, and a colleague in the same team who is not on the case (need-to-know).
    for user in (world.outsider.user, world.colleague.user, world.backoffice):
        with pytest.raises(NotFoundOrHidden):
            consent(user, case.household)
        with pytest.raises(NotFoundOrHidden):
            services.sharing_ground_withdraw(
                actor=user, ground=ground, reason="x", expected_version=ground.version
            )
        with pytest.raises(NotFoundOrHidden):
            sharing_grounds_for(user=user, household=case.household)
        with pytest.raises(NotFoundOrHidden):
            sharing_overrides_for(user=user, household=case.household)
        with pytest.raises(NotFoundOrHidden):
            sharing_ground_get(user=user, pk=ground.pk)
    ground.refresh_from_db()
    assert ground.withdrawn_at is None
    assert SharingGround.objects.count() == 1


def test_a_stale_or_second_withdrawal_is_a_conflict(world, case):
    ground = SharingGroundFactory(household=case.household)
    stale = SharingGround.objects.get(pk=ground.pk)
    services.sharing_ground_withdraw(
        actor=world.director.user, ground=ground, reason="Ingetrokken", expected_version=1
    )
    with pytest.raises(ConflictError) as error:
        services.sharing_ground_withdraw(
            actor=world.director.user, ground=stale, reason="Nogmaals", expected_version=1
        )
    assert error.value.code in {"stale_version", "already_withdrawn"}
    assert error.value.status_code == 409
    ground.refresh_from_db()
    assert ground.withdrawal_reason == "Ingetrokken"
    with pytest.raises(ConflictError) as error:
        services.sharing_ground_withdraw(
            actor=world.director.user, ground=ground, reason="Nogmaals", expected_version=2
        )
    assert error.value.code == "already_withdrawn"


def test_staff_say_why_they_withdraw(world, case):
    ground = SharingGroundFactory(household=case.household)
    with pytest.raises(DomainError) as error:
        services.sharing_ground_withdraw(
            actor=world.director.user, ground=ground, reason=" ", expected_version=1
        )
    assert (error.value.code, error.value.field) == ("reason_required", "reason")


def test_the_resident_records_their_own_consent_never_a_legal_task(world, case, resident):
    person = resident.resident_account.person
    ground = consent(resident, case.household, consent_by=None)
    assert (ground.recorded_by, ground.consent_by) == (resident, person)
    with pytest.raises(DomainError) as error:
        services.sharing_ground_record(
            actor=resident,
            household=case.household,
            party=Party.BACK_OFFICE,
            purpose=Purpose.PROVISION_ADVICE,
            basis=Basis.LEGAL_TASK,
            legal_task=LegalTask.WMO_INVESTIGATION,
        )
    assert (error.value.code, error.value.field) == ("resident_consent_only", "basis")
    assert list(sharing_grounds_for(user=resident, household=case.household)) == [ground]


def test_the_resident_withdraws_consent_without_a_reason_but_not_a_legal_task(
    world, case, resident
):
    given = SharingGroundFactory(household=case.household)
    task = SharingGroundFactory(
        household=case.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        basis=Basis.LEGAL_TASK,
        consent_given_on=None,
        consent_scope="",
        legal_task=LegalTask.WMO_INVESTIGATION,
    )
    withdrawn = services.sharing_ground_withdraw(
        actor=resident, ground=given, reason="", expected_version=given.version
    )
    assert (withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (resident, "")
    with pytest.raises(DomainError) as error:
        services.sharing_ground_withdraw(
            actor=resident, ground=task, reason="Wil ik niet", expected_version=task.version
        )
    assert error.value.code == "resident_consent_only"
    task.refresh_from_db()
    assert task.withdrawn_at is None


def test_a_resident_of_another_household_sees_nothing(world, case, resident):
    other = HouseholdFactory(team=world.schalkwijk)
    ground = SharingGroundFactory(household=other)
    with pytest.raises(NotFoundOrHidden):
        consent(resident, other)
    with pytest.raises(NotFoundOrHidden):
        sharing_grounds_for(user=resident, household=other)
    with pytest.raises(NotFoundOrHidden):
        services.sharing_ground_withdraw(
            actor=resident, ground=ground, reason="", expected_version=1
        )


def test_reads_and_changes_are_in_the_access_log(world, case):
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ground = consent(world.director.user, case.household)
    services.sharing_ground_withdraw(
        actor=world.director.user, ground=ground, reason="Ingetrokken", expected_version=1
    )
    list(sharing_grounds_for(user=world.director.user, household=case.household))
    entries = list(
        AccessLogEntry.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("event", "action", "household_id", "result_count")
    )
    household_id = case.household.pk
    assert entries == [
        ("sharing_changed", "create", household_id, None),
        ("sharing_changed", "update", household_id, None),
        ("sharing_grounds_viewed", "read", household_id, 1),
    ]
    with pytest.raises(NotFoundOrHidden):
        sharing_grounds_for(user=world.outsider.user, household=case.household)
    refused = AccessLogEntry.objects.order_by("-pk").first()
    assert (refused.event, refused.result, refused.household_id) == (
        "sharing_grounds_viewed",
        "not_found",
        None,
    )


def test_no_new_ground_on_a_restricted_file_but_withdrawing_stays_possible(world, case):
    from wijkteam.rights.services import restriction_start

    household = case.household
    ground = consent(world.director.user, household)
    restriction_start(actor=world.director.user, household=household, reason="Bezwaar ingediend")
    with pytest.raises(ConflictError) as refused:
        consent(world.director.user, household)
    assert refused.value.code == "restricted"
    withdrawn = services.sharing_ground_withdraw(
        actor=world.director.user,
        ground=ground,
        reason="Bewoner trekt in",
        expected_version=ground.version,
    )
    assert withdrawn.withdrawn_at is not None
