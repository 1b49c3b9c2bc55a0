"""The figures of the area analysis on hand-made data, the guideline flag, small-number
suppression with its complements, who may see it, and a bounded number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.areas.models import Neighbourhood
from wijkteam.areas.tests.factories import NeighbourhoodFactory, TeamAreaFactory
from wijkteam.cases.lifecycle import Status
from wijkteam.core.disclosure import Suppressed, complements_hide
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.monitoring.area_analysis import (
    AreaAnalysis,
    AreaRow,
    area_analysis,
    area_rows_ranked,
    period_default,
)
from wijkteam.monitoring.tests.conftest import PERIOD, at
from wijkteam.teams.tests.factories import UserFactory

TWO = ("finances", "housing")
HEAVY = {"finances": 1, "housing": 2}


def _places() -> dict[str, Neighbourhood]:
    return {n.code: n for n in Neighbourhood.objects.all()}


def _rows(analysis: AreaAnalysis) -> dict[str, AreaRow]:
    rows = {row.code: row for row in analysis.neighbourhoods + analysis.team_areas}
    rows["municipality"] = analysis.municipality
    return rows


@pytest.fixture
def figures_world(world, register):
    """Boerhaavewijk 6,000 (36 registrations), Meerwijk 4,000 (10), Parkwijk 5,000 (14): 60
    in 2025 in a municipality of 15,000, so 4.0 per 1,000; and cases that must not count."""
    places = _places()
    boerhaave, meerwijk, parkwijk = (
        places["boerhaavewijk"],
        places["meerwijk"],
        places["parkwijk"],
    )
    # Boerhaavewijk: 12 name two domains, 6 name one but score two domains at 1-2 in their
    # first intake: 18 of 36 with problems on several domains.
    for index in range(12):
        register(
            boerhaave,
            domains=TWO,
            theme_names=["Woning"] * (index < 7) + ["Schulden"] * (index < 6),
        )
    for index in range(6):
        register(
            boerhaave,
            intake=HEAVY,
            later_intake={"finances": 5, "housing": 5} if index == 0 else None,
            theme_names=["Overlast"] * (index < 5),
        )
    # 4 with a light first intake (a heavy later one does not count).
    for index in range(4):
        register(
            boerhaave,
            intake={"finances": 4, "housing": 4},
            later_intake={"finances": 1, "housing": 1} if index == 0 else None,
        )
    # 14 single-domain cases; "Eenzaamheid" on 5 cases of only 4 households.
    first = register(boerhaave, theme_names=["Eenzaamheid"], status=Status.CLOSED)
    register(boerhaave, theme_names=["Eenzaamheid"], household=first.household)
    for index in range(12):
        register(boerhaave, theme_names=["Eenzaamheid"] * (index < 3))
    # Meerwijk: 5 of 10 multi-domain; 5 intakes scoring finances 3.
    for _ in range(5):
        register(meerwijk, domains=TWO)
    for _ in range(5):
        register(meerwijk, intake={"finances": 3})
    # Parkwijk: 5 of 14 multi-domain (one the last evening of the year); 5 intakes, finances 2.
    for _ in range(4):
        register(parkwijk, domains=("finances", "housing", "justice"))
    register(parkwijk, domains=TWO, when=at(date(2025, 12, 31), 23, 30))
    for _ in range(5):
        register(parkwijk, intake={"finances": 2, "housing": 3})
    for _ in range(4):
        register(parkwijk)
    # Outside the period, or in no neighbourhood: not counted.
    for _ in range(3):
        register(boerhaave, domains=TWO, when=at(date(2024, 12, 31), 23, 30))
    register(parkwijk, domains=TWO, when=at(date(2026, 1, 1), 0, 30))
    register(None, domains=TWO)
    return world


def test_registrations_rates_and_comparison(figures_world, policy):
    rows = _rows(area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1]))
    assert [rows[code].registrations for code in ("boerhaavewijk", "meerwijk", "parkwijk")] == [
        36,
        10,
        14,
    ]
    assert rows["municipality"].registrations == 60
    assert rows["municipality"].inhabitants == 15000
    assert rows["municipality"].rate == 4.0
    assert rows["boerhaavewijk"].rate == 6.0
    assert rows["boerhaavewijk"].rate_ratio == 1.5
    assert rows["meerwijk"].rate == 2.5
    assert rows["parkwijk"].rate == 2.8
    assert rows["parkwijk"].rate_ratio == 0.7
    assert rows["schalkwijk-1"].registrations == 46
    assert rows["schalkwijk-1"].inhabitants == 10000
    assert rows["schalkwijk-1"].rate == 4.6
    assert rows["oost-2"].registrations == 14


def test_multi_domain_share_counts_domains_or_the_first_intake(figures_world, policy):
    rows = _rows(area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1]))
    assert rows["boerhaavewijk"].multi_domain_share == 50
    assert rows["meerwijk"].multi_domain_share == 50
    assert rows["parkwijk"].multi_domain_share == 36  # 5 of 14
    assert rows["municipality"].multi_domain_share == 47  # 28 of 60
    assert rows["boerhaavewijk"].multi_domain_difference == 3
    assert rows["parkwijk"].multi_domain_difference == -11
    assert rows["municipality"].multi_domain_difference is None


def test_average_intake_zrm_uses_the_first_household_intake(figures_world, policy):
    rows = _rows(area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1]))
    assert rows["boerhaavewijk"].zrm_mean("finances") == 2.2  # (6 × 1 + 4 × 4) / 10
    assert rows["meerwijk"].zrm_mean("finances") == 3.0
    assert rows["parkwijk"].zrm_mean("finances") == 2.0
    municipality = rows["municipality"].zrm_mean("finances")
    assert municipality == round((22 + 15 + 10) / 20, 1)
    finances = next(f for f in rows["boerhaavewijk"].zrm if f.domain == "finances")
    assert finances.difference == round(2.2 - municipality, 1)
    # Housing: 10 intakes in Boerhaavewijk, none in Meerwijk. Meerwijk's none is withheld, and
    # so is Boerhaavewijk's, or Schalkwijk 1's average would tell Meerwijk's.
    assert isinstance(rows["meerwijk"].zrm_mean("housing"), Suppressed)
    assert isinstance(rows["boerhaavewijk"].zrm_mean("housing"), Suppressed)
    # Parkwijk's 5 housing scores of 3 make Oost 2's; Schalkwijk 1's 10 stay shown.
    assert rows["parkwijk"].zrm_mean("housing") == 3.0
    assert rows["schalkwijk-1"].zrm_mean("housing") == 2.8
    assert isinstance(rows["municipality"].zrm_mean("justice"), Suppressed)


def test_top_themes_count_households_and_leave_out_small_ones(figures_world, policy):
    rows = _rows(area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1]))
    assert rows["boerhaavewijk"].top_themes == ["Woning", "Schulden", "Overlast"]
    assert rows["meerwijk"].top_themes == []
    assert "Eenzaamheid" not in rows["municipality"].top_themes  # 4 households, 5 cases


def test_team_areas_outside_the_guideline_are_flagged(world, policy):
    sizes = {"small": 5000, "large": 12000, "fitting": 8000}
    for code, population in sizes.items():
        area = TeamAreaFactory(municipality=world.schalkwijk.area.municipality, code=code)
        NeighbourhoodFactory(area=area, population=population // 2)
        NeighbourhoodFactory(area=area, population=population - population // 2)
    analysis = area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1])
    rows = _rows(analysis)
    assert rows["small"].guideline == "below"
    assert rows["large"].guideline == "above"
    assert rows["fitting"].guideline == ""
    with translation.override("nl"):  # the Dutch UI writes thousands with a dot
        assert "6.000–10.000" in str(rows["large"].guideline_text)
    assert rows["schalkwijk-1"].guideline == ""  # 10,000: the edge is inside
    assert {row.code for row in analysis.flagged} == {"small", "large", "oost-2"}


def test_a_small_neighbourhood_is_withheld_with_its_complement(world, policy, register):
    places = _places()
    for _ in range(20):
        register(places["boerhaavewijk"], domains=TWO, intake=HEAVY)
    for _ in range(2):
        register(places["meerwijk"], domains=TWO, intake=HEAVY)
    for _ in range(12):
        register(places["parkwijk"], intake={"finances": 4})
    rows = _rows(area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1]))
    meerwijk = rows["meerwijk"]
    for value in (meerwijk.registrations, meerwijk.rate, meerwijk.multi_domain_share):
        assert isinstance(value, Suppressed)
    assert isinstance(meerwijk.zrm_mean("finances"), Suppressed)
    assert isinstance(meerwijk.rate_ratio, Suppressed)
    # Schalkwijk 1 shows 22: Boerhaavewijk's 20 would give Meerwijk's 2 away.
    assert rows["schalkwijk-1"].registrations == 22
    assert isinstance(rows["boerhaavewijk"].registrations, Suppressed)
    assert isinstance(rows["boerhaavewijk"].rate, Suppressed)
    assert isinstance(rows["boerhaavewijk"].zrm_mean("finances"), Suppressed)
    assert rows["parkwijk"].registrations == 12


def test_complements_reach_the_threshold_and_hidden_totals_hide_their_parts():
    groups = [("m", ["a", "b"]), ("a", ["a1", "a2", "a3"]), ("b", ["b1", "b2"])]
    counts = {
        "m": (63,),
        "a": (60,),
        "a1": (1,),
        "a2": (2,),
        "a3": (57,),
        "b": (3,),
        "b1": (1,),
        "b2": (2,),
    }
    hidden = complements_hide(groups=groups, counts=counts, hidden={"a1", "a2", "b", "b1", "b2"})
    # a1 + a2 = 3 would be told by a − a3: a3 goes too. b alone would be m − a: a goes too,
    # with all its parts.
    assert hidden == {"a", "a1", "a2", "a3", "b", "b1", "b2"}
    shares = complements_hide(
        groups=[("t", ["x", "y", "z"])],
        counts={"t": (30, 30), "x": (3, 10), "y": (10, 2), "z": (17, 18)},
        hidden={"x", "y"},
    )
    assert shares == {"x", "y"}  # parts 13, rests 12: both reach 5


def test_ranking_puts_withheld_figures_last_without_a_rank():
    def row(name: str, rate) -> AreaRow:
        return AreaRow("neighbourhood", len(name), name, name, "", 1000, rate=rate)

    ranked = area_rows_ranked(
        rows=[row("A", 2.0), row("B", Suppressed(5)), row("C", 7.5), row("D", None)], sort="rate"
    )
    assert [(r.name, r.rank) for r in ranked] == [("C", 1), ("A", 2), ("B", None), ("D", None)]
    by_name = area_rows_ranked(rows=ranked, sort="name")
    assert [r.name for r in by_name] == ["A", "B", "C", "D"]


@pytest.mark.parametrize("role", [Role.BACK_OFFICE, Role.LOG_OFFICER, Role.FUNCTIONAL_ADMIN])
def test_roles_without_need_are_refused(world, role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    with pytest.raises(Forbidden):
        area_analysis(user=user, start=PERIOD[0], end=PERIOD[1])


def test_team_members_may_see_it(world):
    analysis = area_analysis(user=world.outsider.user, start=PERIOD[0], end=PERIOD[1])
    assert analysis.municipality.inhabitants == 15000


def test_a_period_ending_before_it_starts_is_refused(world, policy):
    with pytest.raises(DomainError) as refused:
        area_analysis(user=policy, start=date(2025, 2, 1), end=date(2025, 1, 1))
    assert refused.value.field == "end"


def test_the_default_period_is_the_last_twelve_months():
    assert period_default(today=date(2025, 3, 10)) == (date(2024, 3, 11), date(2025, 3, 10))
    assert period_default(today=date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_the_number_of_queries_does_not_grow_with_cases(
    world, policy, register, django_assert_max_num_queries
):
    places = _places()
    for _ in range(3):
        for place in places.values():
            register(place, domains=TWO, intake=HEAVY, theme_names=["Schulden"])
    with django_assert_max_num_queries(9):
        area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1])
    for _ in range(10):
        for place in places.values():
            register(place, domains=TWO, intake=HEAVY, theme_names=["Schulden", "Woning"])
    with django_assert_max_num_queries(9):
        area_analysis(user=policy, start=PERIOD[0], end=PERIOD[1])
