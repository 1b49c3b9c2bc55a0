"""Working-day arithmetic for the waiting-list terms, with examples worked out by hand on the
calendar (2025–2027)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wijkteam.core.workdays import (
    holidays_in,
    is_working_day,
    working_day_add,
    working_days_between,
)


def test_the_same_day_is_no_working_day_later():
    assert working_days_between(date(2026, 11, 25), date(2026, 11, 25)) == 0
    assert working_day_add(date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_an_end_before_the_start_counts_nothing():
    assert working_days_between(date(2026, 11, 25), date(2026, 11, 20)) == 0


def test_within_a_week():
    # Monday 23 November 2026 to Friday 27: Tue, Wed, Thu, Fri.
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 27)) == 4
    assert working_day_add(date(2026, 11, 23), 4) == date(2026, 11, 27)


def test_over_a_weekend():
    # Friday 20 November 2026 to Monday 23: only the Monday.
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1
    # Five working days from that Friday: Mon 23 … Fri 27.
    assert working_day_add(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_a_registration_on_a_saturday():
    saturday = date(2026, 11, 21)
    assert not is_working_day(saturday)
    # Saturday to Sunday: nothing; to Monday: one working day.
    assert working_days_between(saturday, date(2026, 11, 22)) == 0
    assert working_days_between(saturday, date(2026, 11, 23)) == 1
    # A term of one working day from a Saturday ends on the Monday, of five on the Friday.
    assert working_day_add(saturday, 1) == date(2026, 11, 23)
    assert working_day_add(saturday, 5) == date(2026, 11, 27)


def test_over_easter_good_friday_counts_easter_monday_does_not():
    # Easter 2026: Good Friday 3 April (a working day under the Algemene termijnenwet), Easter
    # Monday 6 April (not). Thursday 2 April to Tuesday 7 April: Fri 3, Tue 7.
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 6))
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 2
    assert working_day_add(date(2026, 4, 2), 2) == date(2026, 4, 7)


def test_over_kings_day():
    # King's Day 2026 is Monday 27 April: Friday 24 to Tuesday 28 is one working day.
    assert working_days_between(date(2026, 4, 24), date(2026, 4, 28)) == 1
    # In 2025 the 27th was a Sunday, so King's Day was Saturday 26 April: the week is whole.
    assert date(2025, 4, 26) in holidays_in(2025)
    assert date(2025, 4, 27) not in holidays_in(2025)
    assert working_days_between(date(2025, 4, 25), date(2025, 4, 28)) == 1


def test_liberation_day_every_year_ascension_and_whit_monday():
    # 5 May is a holiday every year under the Algemene termijnenwet, not only every fifth.
    assert not is_working_day(date(2026, 5, 5))  # a Tuesday
    assert working_days_between(date(2026, 5, 4), date(2026, 5, 6)) == 1
    assert not is_working_day(date(2026, 5, 14))  # Ascension Day, a Thursday
    assert not is_working_day(date(2026, 5, 25))  # Whit Monday
    # Wednesday 13 May to Tuesday 26 May 2026: 9 weekdays, less Ascension and Whit Monday.
    assert working_days_between(date(2026, 5, 13), date(2026, 5, 26)) == 7


def test_over_christmas_and_new_year():
    # Christmas 2026: Friday 25 and Saturday 26 December. Thursday 24 to Monday 28: one.
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 1
    # Into 2027: Mon 28, Tue 29, Wed 30, Thu 31 December, (Fri 1 January is New Year's Day),
    # Mon 4 January.
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 5
    assert working_day_add(date(2026, 12, 24), 5) == date(2027, 1, 4)


def test_a_whole_year():
    # 2026 has 261 weekdays; 7 holidays fall on one (1 Jan, 6 Apr, 27 Apr, 5 May, 14 May,
    # 25 May, 25 Dec; 26 Dec is a Saturday).
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 254


def test_adding_and_counting_agree():
    start = date(2026, 3, 20)
    for offset in range(0, 60, 3):
        for days in (0, 1, 5, 10, 23):
            begin = start + timedelta(days=offset)
            assert working_days_between(begin, working_day_add(begin, days)) == days


def test_a_negative_term_is_a_programming_error():
    with pytest.raises(ValueError):
        working_day_add(date(2026, 1, 1), -1)
