"""Small-number suppression (ADR 0011): one place decides what a figure outside a file shows."""

import pytest
from django.utils import translation

from wijkteam.core.disclosure import (
    Suppressed,
    api_value,
    count_disclosed,
    csv_value,
    mean_disclosed,
    rate_disclosed,
    share_disclosed,
)


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.WIJKTEAM_DISCLOSURE_THRESHOLD = 5


@pytest.mark.parametrize("count", [0, 1, 4])
def test_counts_below_the_threshold_are_withheld_zero_included(count):
    assert count_disclosed(count) == Suppressed(5)


def test_counts_at_the_threshold_are_shown():
    assert count_disclosed(5) == 5


def test_a_rate_is_withheld_with_its_count():
    assert rate_disclosed(4, 8000) == Suppressed(5)
    assert rate_disclosed(12, 8000) == 1.5
    assert rate_disclosed(12, 0) is None  # no inhabitants: nothing to divide by


@pytest.mark.parametrize(
    ("part", "whole"),
    [(2, 30), (28, 30), (0, 0), (3, 3)],  # the part, the rest, an empty and a tiny whole
)
def test_a_share_is_withheld_when_the_part_or_the_rest_is_small(part, whole):
    assert share_disclosed(part, whole) == Suppressed(5)


def test_a_share_is_shown_when_part_and_rest_are_large_enough():
    assert share_disclosed(10, 40) == 25


def test_a_mean_is_withheld_for_too_few_values():
    assert mean_disclosed(12, 4) == Suppressed(5)
    assert mean_disclosed(0, 0) == Suppressed(5)
    assert mean_disclosed(15, 6) == 2.5


def test_how_a_withheld_figure_reads_on_a_page_in_an_export_and_in_the_api():
    withheld = count_disclosed(2)
    with translation.override("nl"):
        assert str(withheld) == "minder dan 5"
    assert csv_value(withheld) == "<5"
    assert api_value(withheld) is None
    assert not withheld  # never taken for a figure in a template's {% if %}
    assert csv_value(7) == "7" and api_value(7) == 7


def test_the_threshold_follows_the_setting(settings):
    settings.WIJKTEAM_DISCLOSURE_THRESHOLD = 10
    assert count_disclosed(9) == Suppressed(10)
    assert count_disclosed(10) == 10
