"""``manage.py generate_data`` (issue 7): plausible, complete, deterministic synthetic data that
the application itself can work with."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count, F, Max
from django.urls import reverse
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.areas.models import PostcodeRange
from wijkteam.cases.lifecycle import OPEN_STATES, Status
from wijkteam.cases.models import (
    Case,
    ConferenceAgendaItem,
    Contact,
    StatusChange,
)
from wijkteam.core.generator import Options, data_generate
from wijkteam.core.generator.build import EVENT_MODELS, AlreadyGenerated, _valid_bsns
from wijkteam.core.tests.generated import generated_world, savepoint_per_test
from wijkteam.households.models import Household, Person
from wijkteam.plans.models import Action
from wijkteam.teams.models import Team
from wijkteam.zrm.models import AssessmentKind

# Marked, so pytest-django sets the test database up before the module's world is generated in
# it (asking for ``django_db_setup`` alone leaves the first module of a run on the real one).
pytestmark = pytest.mark.django_db

UNTIL = date(2026, 6, 1)
SMALL = Options(households=500, teams=2, years=1, seed=7, until=UNTIL)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generated once for the module, in a transaction rolled back at its end."""
    yield from generated_world(django_db_blocker, SMALL)


@pytest.fixture
def db(generated) -> None:
    """A savepoint on the generated data for each test (pytest-django's ``db``, overridden)."""
    yield from savepoint_per_test()


def test_every_state_of_a_case_and_every_event_kind_is_there(generated):
    states = set(Case.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert generated.households == Household.objects.count() == SMALL.households
    assert generated.teams == Team.objects.count() == 2
    # At least ten events a household, as the benchmark data set must have.
    events = sum(model.objects.count() for model in EVENT_MODELS)
    assert events == generated.events >= 10 * SMALL.households
    for model in EVENT_MODELS:
        assert model.objects.exists(), model
    assert Action.objects.values("step").distinct().count() == 4
    assert Case.objects.filter(status_changes__transition="reopen").exists()


def test_the_history_of_every_case_ends_in_its_state(generated):
    cases = Case.objects.annotate(changes=Count("status_changes"))
    assert not cases.filter(changes=0).exists()
    last = dict(
        StatusChange.objects.order_by("case_id", "at", "pk").values_list("case_id", "to_status")
    )
    for case_id, status in Case.objects.values_list("pk", "status"):
        assert last[case_id] == status
    # An open case past registration has its director; an ended case its closing moment.
    assert not Case.objects.filter(status__in=[Status.INTAKE, Status.PLAN_ACTIVE]).filter(
        director__isnull=True
    )
    assert not Case.objects.exclude(status__in=OPEN_STATES).filter(closed_at__isnull=True)
    # Nothing happens after the data's last day.
    assert Case.objects.aggregate(last=Max("registered_at"))["last"].date() < UNTIL
    assert StatusChange.objects.aggregate(last=Max("at"))["last"].date() < UNTIL
    assert Contact.objects.aggregate(last=Max("date"))["last"] < UNTIL
    # A closed case has its closing ZRM; the agenda of a conference holds its own team's cases.
    closed = Case.objects.filter(status=Status.CLOSED)
    assert not closed.exclude(assessments__kind=AssessmentKind.CLOSING).exists()
    assert not ConferenceAgendaItem.objects.exclude(case__team_id=F("conference__team_id"))


def test_addresses_lie_in_their_neighbourhood(generated):
    ranges = {r.neighbourhood_id: r for r in PostcodeRange.objects.all()}
    for postcode, neighbourhood in Household.objects.exclude(postcode="").values_list(
        "postcode", "neighbourhood_id"
    ):
        span = ranges[neighbourhood]
        assert int(postcode[:4]) == span.pc4
        assert span.letters_from <= postcode[4:] <= span.letters_to


def test_a_second_run_is_refused(generated):
    with pytest.raises(AlreadyGenerated):
        data_generate(SMALL)


def test_the_application_works_on_generated_data(generated, client):
    director = Case.objects.filter(status=Status.PLAN_ACTIVE).first().director.user
    client.force_login(director)
    caseload = client.get(reverse("cases:caseload"))
    assert caseload.status_code == 200
    case = Case.objects.filter(director__user=director, status=Status.PLAN_ACTIVE).first()
    page = client.get(reverse("households:detail", args=[case.household_id]))
    assert page.status_code == 200
    assert case.household.members.first().family_name in page.content.decode()
    # The coordinator's generated login works with the shared password.
    coordinator = User.objects.get(username="gen-0001-01")
    assert coordinator.check_password(SMALL.password)
    assert coordinator.memberships.get().is_coordinator


def test_every_generated_bsn_is_valid_and_unique(generated):
    bsns = list(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
    assert len(bsns) > SMALL.households / 2
    assert len(set(bsns)) == len(bsns)
    assert all(stdnum_bsn.is_valid(number) for number in bsns)


def test_jobs_side_by_side_draw_bsns_from_ranges_of_their_own():
    first, second = _valid_bsns(0, 2), _valid_bsns(1, 2)
    one = [next(first) for _ in range(50)]
    two = [next(second) for _ in range(50)]
    assert not set(one) & set(two)
    assert all(stdnum_bsn.is_valid(number) for number in one + two)
