"""Two people doing the same thing at the same moment: exactly one of them wins.

Each test starts two threads, each with its own database connection, lines them up on a
barrier and lets them write at once. On PostgreSQL the second writer blocks on the first's row
or index entry and then sees the committed result; on SQLite (a file database, transactions
``BEGIN IMMEDIATE``) the second writer waits for the first to commit. Either way the database
constraints and conditional updates decide, and the loser gets a ``ConflictError``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from wijkteam.cases import services
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case, DirectorAssignment
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError
from wijkteam.households.models import Person
from wijkteam.households.services import person_update
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3  # a race that is lost by luck once should not pass three times in a row


def race(*attempts: Callable[[], Any]) -> list[Any]:
    """Run ``attempts`` in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(attempts), timeout=30)
    results: list[Any] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = attempt()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, attempt))
        for index, attempt in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a writer hung"
    return results


def split(results: list[Any]) -> tuple[list[Any], list[Exception]]:
    errors = [result for result in results if isinstance(result, Exception)]
    return [result for result in results if not isinstance(result, Exception)], errors


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_registrations_for_one_household_open_one_case(world, round_):
    household = HouseholdFactory(team=world.schalkwijk)

    results = race(
        lambda: services.registration_create(
            actor=world.director.user, question="Huur", household=household
        ),
        lambda: services.registration_create(
            actor=world.colleague.user, question="Schulden", household=household
        ),
    )

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError), repr(lost[0])
    assert lost[0].code == "open_case_exists"
    assert lost[0].extra["open_case_id"] == won[0].pk
    open_cases = Case.objects.filter(household=household, status__in=OPEN_STATES)
    assert list(open_cases.values_list("pk", flat=True)) == [won[0].pk]
    assert won[0].status_changes.count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_hand_overs_from_the_same_director_set_one_director(world, round_):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")

    results = race(
        lambda: services.case_hand_over(
            actor=world.director.user,
            case=Case.objects.get(pk=case.pk),
            to=world.colleague,
            expected_director_id=world.director.pk,
            reason="Schulden staan voorop",
        ),
        lambda: services.case_hand_over(
            actor=world.colleague.user,
            case=Case.objects.get(pk=case.pk),
            to=world.cjg_coach,
            expected_director_id=world.director.pk,
            reason="Opvoeding staat voorop",
        ),
    )

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError), repr(lost[0])
    assert lost[0].code == "stale_director"
    winner = won[0].director
    assert winner in (world.colleague, world.cjg_coach)
    assert Case.objects.get(pk=case.pk).director == winner
    current = DirectorAssignment.objects.filter(case=case, ended_at__isnull=True)
    assert [a.membership for a in current] == [winner]
    assert DirectorAssignment.objects.filter(case=case).count() == 2


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_edits_of_one_person_from_the_same_version_save_one(world, round_):
    person = PersonFactory(household__team=world.schalkwijk, given_name="Eerst")
    seen = person.version

    def edit(name: str) -> Person:
        return person_update(
            actor=world.director.user,
            person=Person.objects.get(pk=person.pk),
            expected_version=seen,
            role=person.role,
            given_name=name,
            family_name=person.family_name,
            reason="Typefout",
        )

    results = race(lambda: edit("Anna"), lambda: edit("Bea"))

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError), repr(lost[0])
    assert lost[0].code == "stale_version"
    stored = Person.objects.get(pk=person.pk)
    assert stored.given_name == won[0].given_name
    assert stored.given_name in ("Anna", "Bea")
    assert stored.version == seen + 1
