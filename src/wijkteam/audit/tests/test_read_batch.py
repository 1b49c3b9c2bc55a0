"""``access_log_reads``: a page's reads of several records in a fixed number of queries, each
its own entry in the hash chain, as ``access_log_read`` would have written them one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkteam.access.models import EmergencyAccess
from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry, AppendOnlyError
from wijkteam.audit.services import access_log_read, access_log_reads, access_log_verify
from wijkteam.households.tests.factories import HouseholdFactory


def _reads(actor, households) -> int:
    with access_context(origin="test", actor=actor), CaptureQueriesContext(connection) as queries:
        access_log_reads(
            event="conference_item_viewed",
            object_type="cases.conferenceagendaitem",
            reads=[(100 + n, household.pk) for n, household in enumerate(households)],
        )
    return len(queries)


def test_one_entry_per_read_in_a_fixed_number_of_queries_and_the_chain_holds(world):
    actor = world.director.user
    households = [HouseholdFactory(team=world.schalkwijk) for _ in range(6)]
    with access_context(origin="test", actor=actor):
        access_log_read(  # an entry before: the new ones chain on to it
            event="household_viewed",
            object_type="households.household",
            object_id=households[0].pk,
            household_id=households[0].pk,
        )
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=actor,
        household=households[1],
        reason="Acute zorgmelding",
        started_at=now,
        expires_at=now + timedelta(hours=1),
    )

    two = _reads(actor, households[:2])
    six = _reads(actor, households)

    assert two == six
    entries = list(AccessLogEntry.objects.filter(event="conference_item_viewed").order_by("id"))
    assert [entry.household_id for entry in entries] == [
        *(h.pk for h in households[:2]),
        *(h.pk for h in households),
    ]
    assert {entry.actor_id for entry in entries} == {actor.pk}
    assert [entry.emergency for entry in entries[:2]] == [False, True]
    assert all(entry.action == "read" and entry.result == "ok" for entry in entries)
    assert access_log_verify().intact


@pytest.mark.django_db
def test_nothing_to_log_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert access_log_reads(event="x", object_type="y", reads=[]) == []
    assert len(queries) == 0


@pytest.mark.django_db
def test_bulk_create_is_still_refused_outside_the_chain():
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_create([AccessLogEntry(event="x")])
