"""The detection of neighbourhood signals (ADR 0011) on hand-made registrations.

The world (src/wijkteam/conftest.py): Boerhaavewijk (6,000) and Meerwijk (4,000) in Schalkwijk
1, Parkwijk (5,000) in Oost 2. Periods end on ``TODAY``; the default period is 91 days.
"""

from __future__ import annotations

import io
import logging
import math
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from wijkteam.areas.models import Neighbourhood
from wijkteam.areas.tests.factories import NeighbourhoodFactory, TeamAreaFactory
from wijkteam.community.detection import poisson_tail, signals_detect, signals_find
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalClosure,
    SignalOrigin,
    SignalStatus,
)
from wijkteam.community.services.signals import signal_close
from wijkteam.community.tests.signal_world import TODAY, theme, themed_households
from wijkteam.core.tests.test_settings import PRODUCTION, start
from wijkteam.teams.tests.factories import MembershipFactory


def _place(code: str) -> Neighbourhood:
    return Neighbourhood.objects.get(code=code)


# The Poisson tail ----------------------------------------------------------------------------


def test_poisson_tail_matches_the_sum_of_the_probabilities():
    def tail(n, lam):
        return 1 - sum(math.exp(-lam) * lam**k / math.factorial(k) for k in range(n))

    for n, lam in [(5, 1.0), (1, 2.0), (3, 3.0), (10, 4.2), (2, 7.5)]:
        assert poisson_tail(n, lam) == pytest.approx(tail(n, lam), rel=1e-9), (n, lam)


def test_poisson_tail_edges_and_tiny_tails():
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 0.0) == 0.0  # nothing expected: any count is beyond chance
    # Far in the tail, where 1 - cdf would give 0: e^-0.1 * 0.1^40 / 40! and a little more.
    expected = math.exp(-0.1 + 40 * math.log(0.1) - math.lgamma(41))
    assert poisson_tail(40, 0.1) == pytest.approx(expected, rel=1e-2)
    assert poisson_tail(40, 0.1) > 0


# Detection ----------------------------------------------------------------------------------


def test_a_cluster_is_found_and_raised_to_the_areas_team(world, caplog):
    themed_households(_place("meerwijk"), 6)
    themed_households(_place("parkwijk"), 1)
    themed_households(_place("meerwijk"), 2, days_ago=120)  # the period before
    with caplog.at_level(logging.INFO, logger="wijkteam.community.detection"):
        summary = signals_detect(today=TODAY)
    assert (summary.raised, summary.updated) == (1, 0)
    signal = NeighbourhoodSignal.objects.get()
    assert signal.origin == SignalOrigin.DETECTED
    assert signal.team == world.schalkwijk
    assert signal.neighbourhood.code == "meerwijk" and signal.theme == theme()
    assert signal.status == SignalStatus.NEW and signal.created_by is None
    detection = signal.detections.get()
    assert (detection.households, detection.previous_households) == (6, 2)
    # 1 household in the other 11,000 inhabitants, times Meerwijk's 4,000.
    assert detection.expected == pytest.approx(4000 / 11000)
    assert detection.p_value < 0.01
    assert (detection.period_end - detection.period_start).days == 90
    assert signal.status_changes.get().by is None
    assert "signals_detected" in caplog.text and "raised=1 updated=0" in caplog.text


def test_a_small_count_is_not_a_signal(world):
    themed_households(_place("meerwijk"), 4)  # below the minimum of 5, even with no baseline
    assert signals_detect(today=TODAY).raised == 0
    assert not NeighbourhoodSignal.objects.exists()


def test_a_city_wide_rise_is_not_a_neighbourhood_signal(world):
    # Everywhere about 1.5 households per 1,000: Meerwijk's 6 alone would be a signal.
    themed_households(_place("meerwijk"), 6)
    themed_households(_place("boerhaavewijk"), 9)
    themed_households(_place("parkwijk"), 8)
    summary = signals_detect(today=TODAY)
    assert summary.raised == 0
    assert not NeighbourhoodSignal.objects.exists()


def test_a_cluster_above_a_city_wide_rise_is_still_found(world):
    themed_households(_place("meerwijk"), 16)
    themed_households(_place("boerhaavewijk"), 9)
    themed_households(_place("parkwijk"), 8)
    signals_detect(today=TODAY)
    assert list(NeighbourhoodSignal.objects.values_list("neighbourhood__code", flat=True)) == [
        "meerwijk"
    ]


def test_only_the_period_counts_and_households_count_once(world):
    meerwijk = _place("meerwijk")
    themed_households(meerwijk, 4)
    themed_households(meerwijk, 3, days_ago=95)  # before the period
    themed_households(meerwijk, 3, days_ago=-2)  # after its end
    assert signals_detect(today=TODAY).raised == 0
    # A second case of one of the 4 households with the theme is still 4 households.
    from wijkteam.cases.models import CaseTheme
    from wijkteam.cases.tests.factories import CaseFactory

    household = meerwijk.households.first()
    household.cases.update(status="closed")  # one open case per household
    second = CaseFactory(household=household, team=household.team)
    CaseTheme.objects.create(
        case=second,
        theme=theme(),
        added_at=CaseTheme.objects.filter(case__household=household).first().added_at,
        added_by=second.registered_by,
    )
    assert signals_detect(today=TODAY).raised == 0


def test_an_inactive_theme_is_not_counted(world):
    themed_households(_place("meerwijk"), 6)
    theme().__class__.objects.filter(code="loneliness").update(is_active=False)
    assert signals_detect(today=TODAY).raised == 0


def test_a_second_run_adds_a_detection_to_the_open_signal(world):
    meerwijk = _place("meerwijk")
    themed_households(meerwijk, 6)
    signals_detect(today=TODAY)
    themed_households(meerwijk, 2, days_ago=1)
    summary = signals_detect(today=TODAY + timedelta(days=7))
    assert (summary.raised, summary.updated) == (0, 1)
    signal = NeighbourhoodSignal.objects.get()
    assert list(signal.detections.values_list("households", flat=True)) == [6, 8]


def test_a_second_run_on_the_same_day_records_the_period_once(world):
    themed_households(_place("meerwijk"), 6)
    signals_detect(today=TODAY)
    summary = signals_detect(today=TODAY)
    assert (summary.raised, summary.updated, summary.already_recorded) == (0, 0, 1)
    assert NeighbourhoodSignal.objects.get().detections.count() == 1


def test_a_closed_signal_gives_way_to_a_new_one(world):
    themed_households(_place("meerwijk"), 6)
    signals_detect(today=TODAY)
    first = NeighbourhoodSignal.objects.get()
    worker = MembershipFactory(team=world.schalkwijk, function="community_worker").user
    signal_close(
        actor=worker, signal=first, closure=SignalClosure.APPROACHED, expected_version=None
    )
    assert signals_detect(today=TODAY).raised == 1
    assert NeighbourhoodSignal.objects.count() == 2


def test_a_neighbourhood_without_inhabitants_is_skipped(world):
    empty = NeighbourhoodFactory(
        area=world.schalkwijk.area, name="Bedrijventerrein", code="bedrijven", population=0
    )
    themed_households(empty, 6)
    findings, checked = signals_find(today=TODAY)
    assert findings == []
    themes = theme().__class__.objects.filter(is_active=True).count()
    assert checked == 3 * themes  # the three inhabited neighbourhoods only


def test_an_area_without_a_team_is_skipped(world):
    area = TeamAreaFactory(municipality=world.schalkwijk.area.municipality, code="nieuw")
    place = NeighbourhoodFactory(area=area, code="nieuwbouw", population=3000)
    themed_households(place, 6, team=world.schalkwijk)
    summary = signals_detect(today=TODAY)
    assert (summary.raised, summary.skipped_without_team) == (0, 1)


def test_the_counts_are_a_few_queries_whatever_the_size(world, django_assert_max_num_queries):
    for code in ("meerwijk", "boerhaavewijk", "parkwijk"):
        themed_households(_place(code), 2)
    with django_assert_max_num_queries(4):
        signals_find(today=TODAY)


# The command ----------------------------------------------------------------------------------


def test_the_command_prints_numbers_only(world):
    themed_households(_place("meerwijk"), 6)
    out = io.StringIO()
    call_command("detect_neighbourhood_signals", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "1 signals raised" in text and "0 open signals updated" in text
    assert "Meerwijk" not in text


def test_the_command_refuses_a_bad_date(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("detect_neighbourhood_signals", "--date", "31-03-2026")


# Settings -------------------------------------------------------------------------------------


def test_a_minimum_below_the_disclosure_threshold_stops_start_up(tmp_path):
    result = start(
        tmp_path,
        **PRODUCTION,
        WIJKTEAM_DISCLOSURE_THRESHOLD="5",
        WIJKTEAM_SIGNAL_MINIMUM="3",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "WIJKTEAM_SIGNAL_MINIMUM" in result.stderr.strip().splitlines()[-1]
