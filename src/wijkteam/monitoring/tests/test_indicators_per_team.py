"""The comparison between teams (``Indicator.compute_teams``, one set of grouped queries) gives
every team the very figure ``Indicator.compute`` gives that team on its own, for every
indicator, on generated data with every kind of case history in it."""

from __future__ import annotations

from datetime import date

import pytest

from wijkteam.core.generator import Options
from wijkteam.core.tests.generated import generated_world, savepoint_per_test
from wijkteam.monitoring.indicators import INDICATORS, TEAM, Period, Scope, computed_together
from wijkteam.monitoring.indicators import flow as _flow  # noqa: F401  (registers)
from wijkteam.monitoring.indicators import outcomes as _outcomes  # noqa: F401  (registers)
from wijkteam.teams.models import Team

pytestmark = pytest.mark.django_db

UNTIL = date(2026, 6, 1)
THREE_TEAMS = Options(households=450, teams=3, years=2, seed=11, until=UNTIL)
PERIODS = {
    "year": Period.year(2025),
    "month": Period.month(2026, 3),
    "empty": Period.year(2010),
}


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    yield from generated_world(django_db_blocker, THREE_TEAMS)


@pytest.fixture
def db(generated) -> None:
    yield from savepoint_per_test()


@pytest.mark.parametrize("period", PERIODS.values(), ids=PERIODS.keys())
@pytest.mark.parametrize("key", sorted(INDICATORS))
def test_each_team_gets_the_figure_it_has_on_its_own(
    generated, key, period, django_assert_max_num_queries
):
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    # Another team id with no data at all: its figure is what an empty team's compute gives.
    teams.append(max(teams) + 1000)
    indicator = INDICATORS[key]
    with django_assert_max_num_queries(3):
        per_team = indicator.compute_teams(period=period, teams=teams)
    alone = {pk: indicator.compute(scope=Scope(TEAM, pk), period=period) for pk in teams}
    assert per_team == alone


def test_the_generated_year_has_figures_for_every_team(generated):
    """The comparison above compares figures, not empty results."""
    teams = list(Team.objects.values_list("pk", flat=True))
    for key in ("questions_registered", "cases_closed", "zrm_change", "step_distribution"):
        results = INDICATORS[key].compute_teams(period=PERIODS["year"], teams=teams)
        assert all(result.value for result in results.values()), key


SHARING = [
    ("questions_registered", "reach_per_1000", "multi_problem_share"),
    ("questions_answered", "cases_closed", "re_registration_12_months"),
    ("step_distribution", "informal_referrals"),
]


@pytest.mark.parametrize("keys", SHARING, ids=lambda keys: keys[0])
def test_indicators_over_the_same_rows_share_one_query_in_a_dashboard(
    generated, keys, django_assert_num_queries
):
    """Computed together (as the dashboard does), indicators over the same rows take their
    counts from one query, with the same figures as computed one by one."""
    period, scope = PERIODS["year"], Scope()
    alone = {key: INDICATORS[key].compute(scope=scope, period=period) for key in keys}
    population = 1 if "reach_per_1000" in keys else 0  # the inhabitants: a query of its own
    with computed_together(period), django_assert_num_queries(1 + population):
        together = {key: INDICATORS[key].compute(scope=scope, period=period) for key in keys}
    assert together == alone
    with computed_together(period), django_assert_num_queries(1):
        # Other arguments, another query: a pass is kept for its own scope, period and teams.
        INDICATORS[keys[0]].compute(scope=scope, period=PERIODS["month"])


# Indicators whose municipality figure is the total of its teams' figures (``PerTeam``), with
# the queries the comparison between teams still takes after the municipality's figure.
PER_TEAM = {
    "zrm_change": 0,
    "days_to_first_contact": 0,
    "days_to_plan": 0,
    "waiting_list": 0,
    "goals_without_step_4": 0,
    "step_distribution": 0,
    "informal_referrals": 0,
    "open_cases_per_fte": 1,  # the fte of each team
}


@pytest.mark.parametrize("key", PER_TEAM)
def test_the_municipality_and_its_teams_come_from_one_query(
    generated, key, django_assert_num_queries
):
    teams = list(Team.objects.values_list("pk", flat=True))
    period = PERIODS["year"]
    with computed_together(period):
        municipality = INDICATORS[key].compute(scope=Scope(), period=period)
        with django_assert_num_queries(PER_TEAM[key]):
            per_team = INDICATORS[key].compute_teams(period=period, teams=teams)
    # The same figures as computed apart.
    assert municipality == INDICATORS[key].compute(scope=Scope(), period=period)
    assert per_team == INDICATORS[key].compute_teams(period=period, teams=teams)


# Passes over the rows of a period that take the dashboard's two periods in one query.
TWO_PERIODS = ["step_distribution", "informal_referrals", "questions_answered", "cases_closed"]


@pytest.mark.parametrize("key", TWO_PERIODS)
def test_a_period_and_the_one_before_come_from_one_query(generated, key, django_assert_num_queries):
    this, before = Period.year(2025), Period.year(2024)
    alone = [INDICATORS[key].compute(scope=Scope(), period=p) for p in (this, before)]
    with computed_together(this, before), django_assert_num_queries(1):
        together = [INDICATORS[key].compute(scope=Scope(), period=p) for p in (this, before)]
    assert together == alone
    assert alone[0] != alone[1]  # two different years, so the periods were kept apart


def test_periods_computed_together_must_not_overlap(generated):
    with computed_together(Period.year(2025), Period.month(2025, 3)), pytest.raises(ValueError):
        INDICATORS["step_distribution"].compute(scope=Scope(), period=Period.year(2025))
