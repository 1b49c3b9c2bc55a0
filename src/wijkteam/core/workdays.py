"""Working days: the days a team (and a municipality) works, for terms counted in working days.

A working day is a Monday to Friday that is not a public holiday. The holidays are those of the
Dutch *Algemene termijnenwet* (art. 3), the law that says how statutory terms are counted:
New Year's Day, Easter Monday, King's Day, Liberation Day (5 May, every year), Ascension Day,
Whit Monday and both Christmas days. Good Friday is not among them, so it is a working day here.

The dates come from the ``holidays`` package (country NL), which knows the moving feasts (Easter,
Ascension, Whit Monday) and King's Day moving to Saturday when 27 April is a Sunday; a
hand-written list would need someone to extend it every year. Its categories "public" and
"optional" together hold the Algemene termijnenwet's days plus Good Friday, which we take out.

All functions take dates, not datetimes: the caller decides which day a moment falls on
(``timezone.localdate``), so the arithmetic stays pure and easy to test.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Not a holiday under the Algemene termijnenwet, though the package lists it as public.
_NOT_A_DAY_OFF = {"Good Friday"}


@lru_cache(maxsize=64)
def holidays_in(year: int) -> frozenset[date]:
    """The Algemene termijnenwet's public holidays of ``year`` (weekends not included)."""
    calendar = holidays.country_holidays(
        "NL", years=year, categories=("public", "optional"), language="en_US"
    )
    return frozenset(
        day
        for day, name in calendar.items()
        if not any(part.strip() in _NOT_A_DAY_OFF for part in name.split(";"))
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays_in(day.year)


def working_days_between(start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end``: how many working days
    have passed since ``start``. 0 on the same day (or when ``end`` is before ``start``);
    from a Friday or a Saturday to the Monday after, 1."""
    if end <= start:
        return 0
    # Whole weeks first, so a long wait costs no more than a short one.
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    day_off = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in holidays_in(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return count - day_off


def working_day_add(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``: the last day of a term of ``days``
    working days that starts on ``start`` (the day itself does not count). With 0, ``start``
    itself."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
