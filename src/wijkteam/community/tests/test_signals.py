"""Filing and moving neighbourhood signals: the services."""

from __future__ import annotations

import logging

import pytest

from wijkteam.areas.models import Neighbourhood
from wijkteam.community.lifecycle import SIGNAL_TRANSITIONS, signal_moves_allowed
from wijkteam.community.models import SignalClosure, SignalOrigin, SignalStatus
from wijkteam.community.services.signals import (
    signal_close,
    signal_file,
    signal_file_by_resident,
    signal_reopen,
    signal_take_up,
)
from wijkteam.community.tests.signal_world import detected_signal, theme
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.teams.models import Function
from wijkteam.teams.tests.factories import MembershipFactory

DESCRIPTION = "Veel ouderen alleen rond het winkelcentrum"


def _place(code: str) -> Neighbourhood:
    return Neighbourhood.objects.get(code=code)


@pytest.fixture
def worker(world):
    """The community worker of Schalkwijk 1."""
    return MembershipFactory(
        team=world.schalkwijk, user__username="opbouwwerker", function=Function.COMMUNITY_WORKER
    ).user


@pytest.fixture
def signal(world):
    return detected_signal(team=world.schalkwijk, neighbourhood=_place("meerwijk"))


# Filing ---------------------------------------------------------------------------------------


def test_a_team_member_files_for_their_own_area(world, caplog):
    with caplog.at_level(logging.INFO, logger="wijkteam.community.services.signals"):
        filed = signal_file(
            actor=world.colleague.user,
            neighbourhood=_place("meerwijk"),
            theme=theme(),
            origin=SignalOrigin.PROFESSIONAL,
            description=f"  {DESCRIPTION}  ",
        )
    assert filed.team == world.schalkwijk
    assert filed.status == SignalStatus.NEW and filed.description == DESCRIPTION
    assert filed.created_by == world.colleague.user
    change = filed.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("", "new", world.colleague.user)
    assert f"signal_filed signal={filed.pk} team={world.schalkwijk.pk}" in caplog.text
    assert "winkelcentrum" not in caplog.text


def test_a_partner_or_initiative_is_named(world):
    with pytest.raises(DomainError) as refused:
        signal_file(
            actor=world.colleague.user,
            neighbourhood=_place("meerwijk"),
            origin=SignalOrigin.RESIDENTS_INITIATIVE,
            description=DESCRIPTION,
        )
    assert refused.value.field == "reported_by"
    filed = signal_file(
        actor=world.colleague.user,
        neighbourhood=_place("meerwijk"),
        origin=SignalOrigin.RESIDENTS_INITIATIVE,
        description=DESCRIPTION,
        reported_by="Bewonersgroep Meerwijk-Zuid",
    )
    assert filed.theme is None and filed.reported_by == "Bewonersgroep Meerwijk-Zuid"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"neighbourhood": "parkwijk"}, "neighbourhood"),  # Oost 2's area
        ({"description": "   "}, "description"),
        ({"origin": SignalOrigin.DETECTED}, "origin"),
        ({"origin": SignalOrigin.RESIDENT}, "origin"),
    ],
)
def test_filing_refuses(world, change, field):
    values = {
        "neighbourhood": "meerwijk",
        "origin": SignalOrigin.PROFESSIONAL,
        "description": DESCRIPTION,
        **change,
    }
    with pytest.raises(DomainError) as refused:
        signal_file(
            actor=world.colleague.user,
            neighbourhood=_place(values.pop("neighbourhood")),
            **values,
        )
    assert refused.value.field == field and refused.value.status_code == 400


def test_an_inactive_theme_is_refused(world):
    old = theme()
    old.is_active = False
    old.save()
    with pytest.raises(DomainError) as refused:
        signal_file(
            actor=world.colleague.user,
            neighbourhood=_place("meerwijk"),
            theme=old,
            origin=SignalOrigin.PROFESSIONAL,
            description=DESCRIPTION,
        )
    assert refused.value.field == "theme"


def test_only_team_members_file(world):
    with pytest.raises(Forbidden):
        signal_file(
            actor=world.policy,
            neighbourhood=_place("meerwijk"),
            origin=SignalOrigin.PROFESSIONAL,
            description=DESCRIPTION,
        )


def test_a_resident_files_for_their_own_neighbourhood(world):
    household = HouseholdFactory(team=world.schalkwijk, neighbourhood=_place("boerhaavewijk"))
    resident = ResidentAccountFactory(person=PersonFactory(household=household)).user
    filed = signal_file_by_resident(actor=resident, description=DESCRIPTION, theme=theme())
    assert (filed.origin, filed.team, filed.neighbourhood.code) == (
        SignalOrigin.RESIDENT,
        world.schalkwijk,
        "boerhaavewijk",
    )
    assert filed.reported_by == "" and filed.created_by == resident


def test_a_resident_without_a_known_neighbourhood_is_told_to_call(world):
    household = HouseholdFactory(team=world.schalkwijk, neighbourhood=None)
    resident = ResidentAccountFactory(person=PersonFactory(household=household)).user
    with pytest.raises(DomainError) as refused:
        signal_file_by_resident(actor=resident, description=DESCRIPTION)
    assert refused.value.code == "no_neighbourhood"
    with pytest.raises(NotFoundOrHidden):
        signal_file_by_resident(actor=world.colleague.user, description=DESCRIPTION)


# Moving ---------------------------------------------------------------------------------------


def test_the_transition_table():
    assert signal_moves_allowed(SignalStatus.NEW) == ["take_up", "close"]
    assert signal_moves_allowed(SignalStatus.CLOSED) == ["reopen"]
    assert len(SIGNAL_TRANSITIONS) == 4


def test_the_worker_takes_up_closes_and_reopens(signal, worker):
    signal = signal_take_up(actor=worker, signal=signal)
    assert signal.status == SignalStatus.TAKEN_UP
    assert signal_take_up(actor=worker, signal=signal).status == SignalStatus.TAKEN_UP
    signal = signal_close(
        actor=worker,
        signal=signal,
        closure=SignalClosure.APPROACHED,
        expected_version=signal.version,
    )
    assert (signal.status, signal.closure) == (SignalStatus.CLOSED, SignalClosure.APPROACHED)
    signal = signal_reopen(
        actor=worker, signal=signal, note="Weer meer meldingen", expected_version=signal.version
    )
    assert (signal.status, signal.closure) == (SignalStatus.NEW, "")
    steps = list(signal.status_changes.values_list("to_status", flat=True))
    assert steps == ["new", "taken_up", "closed", "new"]


def test_no_action_needs_the_reason(signal, world):
    coordinator = MembershipFactory(team=world.schalkwijk, is_coordinator=True).user
    with pytest.raises(DomainError) as refused:
        signal_close(
            actor=coordinator,
            signal=signal,
            closure=SignalClosure.NO_ACTION,
            expected_version=signal.version,
        )
    assert refused.value.field == "note"
    closed = signal_close(
        actor=coordinator,
        signal=signal,
        closure=SignalClosure.NO_ACTION,
        note="Loopt al via de huurdersvereniging",
        expected_version=signal.version,
    )
    assert closed.closure_note == "Loopt al via de huurdersvereniging"


def test_reopening_needs_the_reason_and_a_closed_signal(signal, worker):
    with pytest.raises(ConflictError) as refused:
        signal_reopen(actor=worker, signal=signal, note="x", expected_version=signal.version)
    assert refused.value.code == "invalid_transition"
    signal = signal_close(
        actor=worker, signal=signal, closure="approached", expected_version=signal.version
    )
    with pytest.raises(DomainError) as refused:
        signal_reopen(actor=worker, signal=signal, note=" ", expected_version=signal.version)
    assert refused.value.field == "note"


def test_only_the_teams_community_workers_and_coordinator_act(signal, world):
    for user in (world.colleague.user, world.director.user, world.policy, world.outsider.user):
        with pytest.raises(Forbidden):
            signal_close(
                actor=user, signal=signal, closure="approached", expected_version=signal.version
            )
    oost_worker = MembershipFactory(team=world.oost, function=Function.COMMUNITY_WORKER).user
    with pytest.raises(Forbidden):
        signal_take_up(actor=oost_worker, signal=signal)


def test_a_stale_version_is_a_conflict(signal, worker):
    seen = signal.version
    signal_take_up(actor=worker, signal=signal)
    with pytest.raises(ConflictError) as refused:
        signal_close(actor=worker, signal=signal, closure="approached", expected_version=seen)
    assert refused.value.code == "stale_version"
