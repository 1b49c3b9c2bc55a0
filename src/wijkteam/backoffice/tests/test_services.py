from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.audit.models import AccessLogEntry
from wijkteam.backoffice import services
from wijkteam.backoffice.models import (
    AdviceDecision,
    AdviceStatus,
    BackOfficeContact,
    BreakthroughEvent,
    BreakthroughStatus,
)
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.rights.models import Restriction
from wijkteam.sharing.models import SharingGround, SharingOverride
from wijkteam.sharing.services import SharingRefused
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


def test_an_advice_is_drafted_then_sent_and_logged(bo):
    advice = bo.advice(send=False)
    assert (advice.status, advice.sent_at) == (AdviceStatus.DRAFT, None)
    assert advice.decision_due is not None
    sent = services.advice_send(
        actor=bo.case.director.user, advice=advice, expected_version=advice.version
    )
    assert sent.status == AdviceStatus.SENT and sent.sent_by == bo.case.director.user
    assert AccessLogEntry.objects.filter(event="advice_sent", household_id=bo.household.pk).exists()


def test_a_sent_advice_is_not_edited(bo):
    advice = bo.advice()
    with pytest.raises(ConflictError) as error:
        services.advice_update(
            actor=bo.case.director.user,
            advice=advice,
            expected_version=advice.version,
            category="wmo_02",
            provision="Begeleiding",
            reasons="x",
            tried="y",
            requested_on=advice.requested_on,
            applied_on=advice.applied_on,
        )
    assert error.value.code == "already_sent"


def test_the_advice_checks_its_fields(bo):
    today = timezone.localdate()
    cases = [
        ({"category": "wmo_19"}, "category"),
        ({"provision": " "}, "provision"),
        ({"tried": ""}, "tried"),
        ({"applied_on": today - timedelta(days=30)}, "applied_on"),  # before the request
        ({"requested_on": today + timedelta(days=1)}, "requested_on"),
        ({"person": PersonFactory()}, "person"),  # someone of another household
    ]
    for values, field in cases:
        with pytest.raises(DomainError) as error:
            bo.advice(**values)
        assert error.value.field == field, values


def test_only_who_works_on_the_case_advises(world, bo):
    with pytest.raises(NotFoundOrHidden):
        bo.advice(actor=world.colleague.user)  # does not see the file
    with pytest.raises(NotFoundOrHidden):
        bo.advice(actor=bo.consultant)
    # The CJG coach, once on the case, may.
    from wijkteam.cases.services import case_add_member

    case_add_member(actor=world.director.user, case=bo.case, membership=world.cjg_coach)
    assert bo.advice(actor=world.cjg_coach.user).status == AdviceStatus.SENT


def test_sending_without_a_ground_is_refused_and_nothing_is_kept(bo):
    SharingGround.objects.filter(household=bo.household).delete()
    with pytest.raises(SharingRefused) as error:
        bo.advice()
    assert error.value.status_code == 409
    assert not bo.case.advices.exists()


def test_the_team_coordinator_on_the_case_may_override(world, bo):
    SharingGround.objects.filter(household=bo.household).delete()
    coordinator = MembershipFactory(team=world.schalkwijk, is_coordinator=True)
    from wijkteam.cases.services import case_add_member

    case_add_member(actor=world.director.user, case=bo.case, membership=coordinator)
    advice = bo.advice(actor=coordinator.user, override_reason="Spoed: mevrouw valt thuis")
    assert advice.status == AdviceStatus.SENT
    assert SharingOverride.objects.get().action == "advice_send"


def test_a_restricted_file_blocks_the_advice(bo):
    Restriction.objects.create(
        household=bo.household, reason="Bezwaar", started_by=bo.case.director.user
    )
    with pytest.raises(ConflictError):
        bo.advice()


def test_the_back_office_decides_and_becomes_the_contact(bo):
    advice = bo.advice()
    decision = services.advice_decide(
        actor=bo.consultant,
        advice=advice,
        outcome="granted",
        reason="Past binnen de verordening",
        expected_version=advice.version,
    )
    advice.refresh_from_db()
    assert (advice.status, advice.decided_at) == (AdviceStatus.GRANTED, decision.decided_at)
    contact = BackOfficeContact.objects.get(household=bo.household, ended_at__isnull=True)
    assert contact.user == bo.consultant


def test_a_stale_or_second_decision_is_a_conflict_and_a_new_one_replaces(bo):
    advice = bo.advice()
    seen = advice.version
    services.advice_decide(
        actor=bo.consultant, advice=advice, outcome="refused", reason="Voorliggend",
        expected_version=seen,
    )  # fmt: skip
    with pytest.raises(ConflictError) as error:
        services.advice_decide(
            actor=bo.colleague, advice=advice, outcome="granted", reason="Toch",
            expected_version=seen,
        )  # fmt: skip
    assert error.value.code == "stale_version"
    advice.refresh_from_db()
    services.advice_decide(
        actor=bo.colleague, advice=advice, outcome="partly_granted", reason="Na bezwaar: 2 uur",
        expected_version=advice.version,
    )  # fmt: skip
    decisions = list(AdviceDecision.objects.filter(advice=advice).order_by("pk"))
    assert [(d.outcome, d.is_current) for d in decisions] == [
        ("refused", False),
        ("partly_granted", True),
    ]
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.PARTLY_GRANTED


def test_a_decision_needs_the_back_office_and_a_reason(world, bo):
    advice = bo.advice()
    with pytest.raises(Forbidden):
        services.advice_decide(
            actor=world.director.user, advice=advice, outcome="granted", reason="x",
            expected_version=advice.version,
        )  # fmt: skip
    with pytest.raises(DomainError) as error:
        services.advice_decide(
            actor=bo.consultant, advice=advice, outcome="refused", reason=" ",
            expected_version=advice.version,
        )  # fmt: skip
    assert error.value.field == "reason"
    draft = bo.advice(send=False)
    with pytest.raises(NotFoundOrHidden):
        services.advice_decide(
            actor=bo.consultant, advice=draft, outcome="granted", reason="x",
            expected_version=draft.version,
        )  # fmt: skip


def test_withdrawing_needs_a_reason_and_ends_the_wait(bo):
    advice = bo.advice()
    with pytest.raises(DomainError):
        services.advice_withdraw(
            actor=bo.case.director.user, advice=advice, reason="", expected_version=1
        )
    advice = services.advice_withdraw(
        actor=bo.case.director.user,
        advice=advice,
        reason="Verkeerde categorie",
        expected_version=advice.version,
    )
    assert advice.status == AdviceStatus.WITHDRAWN
    with pytest.raises(ConflictError) as error:
        services.advice_decide(
            actor=bo.consultant, advice=advice, outcome="granted", reason="x",
            expected_version=advice.version,
        )  # fmt: skip
    assert error.value.code == "withdrawn"


def test_the_contact_is_one_with_history(bo):
    with pytest.raises(NotFoundOrHidden):  # no involvement yet
        services.back_office_contact_assign(actor=bo.consultant, household=bo.household)
    bo.advice()
    first = services.back_office_contact_assign(actor=bo.consultant, household=bo.household)
    again = services.back_office_contact_assign(actor=bo.consultant, household=bo.household)
    assert first.pk == again.pk
    services.back_office_contact_assign(
        actor=bo.consultant, household=bo.household, user=bo.colleague
    )
    rows = list(BackOfficeContact.objects.filter(household=bo.household).order_by("pk"))
    assert [(row.user, row.ended_at is None) for row in rows] == [
        (bo.consultant, False),
        (bo.colleague, True),
    ]
    with pytest.raises(DomainError):
        services.back_office_contact_assign(
            actor=bo.consultant, household=bo.household, user=UserFactory()
        )


def _file(bo, **kwargs):
    values = {
        "actor": bo.case.director.user,
        "case": bo.case,
        "blocking_rule": "Verhuiskostenvergoeding alleen bij medische urgentie",
        "solution": "Vergoeding verhuizing naar benedenwoning",
        "reasons": "Trap is onhaalbaar, woningruil rond",
    }
    values.update(kwargs)
    return services.breakthrough_file(**values)


def test_a_breakthrough_request_goes_to_the_contact_and_through_its_steps(bo):
    bo.advice()
    services.back_office_contact_assign(actor=bo.consultant, household=bo.household)
    request = _file(bo)
    assert (request.status, request.addressed_to) == (BreakthroughStatus.SUBMITTED, bo.consultant)
    request = services.breakthrough_transition(
        actor=bo.consultant, breakthrough=request, to_status="in_progress",
        expected_version=request.version,
    )  # fmt: skip
    with pytest.raises(DomainError) as error:
        services.breakthrough_transition(
            actor=bo.consultant, breakthrough=request, to_status="resolved",
            expected_version=request.version,
        )  # fmt: skip
    assert error.value.field == "note"
    request = services.breakthrough_transition(
        actor=bo.consultant, breakthrough=request, to_status="resolved",
        note="Eenmalige vergoeding toegekend", expected_version=request.version,
    )  # fmt: skip
    assert request.resolution == "Eenmalige vergoeding toegekend"
    steps = list(BreakthroughEvent.objects.filter(breakthrough=request).order_by("pk"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("", "submitted"),
        ("submitted", "in_progress"),
        ("in_progress", "resolved"),
    ]
    with pytest.raises(ConflictError) as error:
        services.breakthrough_transition(
            actor=bo.consultant, breakthrough=request, to_status="rejected", note="x",
            expected_version=request.version,
        )  # fmt: skip
    assert error.value.code == "illegal_transition"


def test_the_transition_table_ends_in_resolved_or_rejected():
    table = services.BREAKTHROUGH_TRANSITIONS
    assert set(table) == set(BreakthroughStatus.values)
    assert table["resolved"] == table["rejected"] == frozenset()
    assert "submitted" not in set().union(*table.values())  # nothing goes back
    assert {"resolved", "rejected"} == services.NOTE_REQUIRED


def test_a_request_without_a_contact_makes_who_takes_it_up_the_contact(world, bo):
    request = _file(bo)
    assert request.addressed_to is None
    with pytest.raises(Forbidden):
        services.breakthrough_transition(
            actor=world.director.user, breakthrough=request, to_status="in_progress",
            expected_version=request.version,
        )  # fmt: skip
    request = services.breakthrough_transition(
        actor=bo.colleague, breakthrough=request, to_status="rejected", note="Geen ruimte",
        expected_version=request.version,
    )  # fmt: skip
    assert request.addressed_to == bo.colleague
    assert BackOfficeContact.objects.get(household=bo.household).user == bo.colleague


def test_a_breakthrough_request_needs_a_ground(bo):
    SharingGround.objects.filter(household=bo.household).delete()
    with pytest.raises(SharingRefused):
        _file(bo)
