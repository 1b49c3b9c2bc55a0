"""The statutory terms, with dates worked out by hand (calendar on the desk)."""

from __future__ import annotations

from datetime import date

import pytest

from wijkteam.backoffice import terms


@pytest.mark.parametrize(
    ("law", "requested_on", "due"),
    [
        # 31 Jan 2024 (Wed) + 42 days: Feb has 29 days in 2024 -> 29 Feb is +29, 13 Mar is +42.
        ("wmo", date(2024, 1, 31), date(2024, 3, 13)),
        # The same in 2023, not a leap year: 28 Feb is +28, 14 Mar (Tue) is +42.
        ("wmo", date(2023, 1, 31), date(2023, 3, 14)),
        # 15 Nov 2025 (Sat) + 6 weeks = Sat 27 Dec 2025 -> Monday 29 Dec (Atw art. 1).
        ("wmo", date(2025, 11, 15), date(2025, 12, 29)),
        # Only the Wmo has an investigation term.
        ("jeugdwet", date(2024, 1, 31), None),
        ("participatiewet", date(2024, 1, 31), None),
        ("wgs", date(2024, 1, 31), None),
    ],
)
def test_investigation_due(law, requested_on, due):
    assert terms.investigation_due(law=law, requested_on=requested_on) == due


@pytest.mark.parametrize(
    ("law", "applied_on", "due"),
    [
        # Wmo, 2 weeks: 20 Feb 2024 (Tue) -> 5 Mar 2024 (Tue), across the leap day.
        ("wmo", date(2024, 2, 20), date(2024, 3, 5)),
        # Across a month end: 24 Apr 2025 (Thu) -> 8 May 2025 (Thu).
        ("wmo", date(2025, 4, 24), date(2025, 5, 8)),
        # Ends on Christmas Day 2025 (Thu) -> 26th is a holiday, then the weekend -> Mon 29 Dec.
        ("wmo", date(2025, 12, 11), date(2025, 12, 29)),
        # Ends on King's Day, Mon 27 Apr 2026 -> Tue 28 Apr.
        ("wmo", date(2026, 4, 13), date(2026, 4, 28)),
        # Across the year end: Sat 20 Dec 2025 -> Sat 3 Jan 2026 -> Mon 5 Jan 2026.
        ("wmo", date(2025, 12, 20), date(2026, 1, 5)),
        # Awb 8 weeks: 5 Jan 2024 (Fri) + 56 days = 1 Mar 2024 (Fri) in a leap year ...
        ("jeugdwet", date(2024, 1, 5), date(2024, 3, 1)),
        # ... and 5 Jan 2023 (Thu) + 56 days = 2 Mar 2023 (Thu) in a common one.
        ("participatiewet", date(2023, 1, 5), date(2023, 3, 2)),
        ("wgs", date(2023, 1, 5), date(2023, 3, 2)),
        ("wmo", None, None),
    ],
)
def test_decision_due(law, applied_on, due):
    assert terms.decision_due(law=law, applied_on=applied_on) == due


def test_a_term_counts_days_left_and_overdue():
    due = date(2024, 3, 5)
    assert terms.Term(due=due, done_on=None, today=date(2024, 3, 1)).days_left == 4
    assert terms.Term(due=due, done_on=None, today=date(2024, 3, 1)).state == "open"
    assert terms.Term(due=due, done_on=None, today=due).state == "open"  # the last day counts
    late = terms.Term(due=due, done_on=None, today=date(2024, 3, 8))
    assert (late.state, late.days_left, late.is_overdue) == ("overdue", -3, True)
    assert terms.Term(due=due, done_on=date(2024, 3, 5), today=date(2024, 4, 1)).state == "met"
    assert terms.Term(due=due, done_on=date(2024, 3, 6), today=date(2024, 4, 1)).state == "late"
    assert terms.term_of(due=None, done_on=None, today=due) is None
