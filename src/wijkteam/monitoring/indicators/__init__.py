"""The indicator catalogue (issue 6): every indicator defined once, computed once.

An ``Indicator`` names its numerator, denominator, period rule and unit in words (shown next to
each figure) and has one implementation, ``grouped(scope=…, period=…, teams=…)``: without
``teams`` the figure of the scope (``Indicator.compute``, what the dashboard, the API and the
exports show), with ``teams`` the same figure for each of those teams from the same queries
grouped by team (``Indicator.compute_teams``, the dashboard's comparison between teams).
Computing takes a fixed number of queries whatever the data size and the number of teams
(aggregates in the database, never a loop over rows or teams that issues queries). Indicators
over the same rows (the registrations, the status changes, the plan actions) take their counts
from one shared query (``shared_pass``): inside ``computed_together`` (the dashboard) it runs
once for all of them. Where a scope's figures are the totals of its teams' (``PerTeam``), the
scope's figure and the comparison between teams come from that same query too.

A ``Scope`` is the municipality, a team, a team area or a neighbourhood: cases are in a team by
``Case.team`` and in an area or neighbourhood by their household's address. A ``Period`` is a
range of dates, both ends included, in the municipality's time zone.

Results are raw counts: whoever shows them outside the files passes them through
``wijkteam.core.disclosure`` (the dashboard and exports do; the indicators do not).

The modules ``flow`` (questions, waiting, caseload, re-registration) and ``outcomes`` (ZRM,
stepped care, provisions, budget, time) register their indicators in ``INDICATORS`` on import.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise

MUNICIPALITY = "municipality"
TEAM = "team"
TEAM_AREA = "team_area"
NEIGHBOURHOOD = "neighbourhood"
LEVELS = (MUNICIPALITY, TEAM, TEAM_AREA, NEIGHBOURHOOD)


@dataclass(frozen=True)
class Scope:
    """Where an indicator is computed: ``level`` and the id of that team, area or
    neighbourhood (``None`` for the municipality of this instance)."""

    level: str = MUNICIPALITY
    pk: int | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")
        if (self.level == MUNICIPALITY) != (self.pk is None):
            raise ValueError("the municipality has no id; every other level needs one")

    def case_filter(self, prefix: str = "") -> Q:
        """The condition that puts a case in this scope; ``prefix`` is the path from the
        queried model to the case (``"case__"`` for a contact, ``"goal__plan__case__"`` for an
        action)."""
        if self.level == MUNICIPALITY:
            return Q()
        if self.level == TEAM:
            return Q(**{f"{prefix}team_id": self.pk})
        if self.level == TEAM_AREA:
            return Q(**{f"{prefix}household__neighbourhood__area_id": self.pk})
        return Q(**{f"{prefix}household__neighbourhood_id": self.pk})

    def cases(self, queryset: QuerySet, prefix: str = "") -> QuerySet:
        return queryset.filter(self.case_filter(prefix))


@dataclass(frozen=True)
class Period:
    """From ``start`` up to and including ``end``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def moments(self) -> tuple[datetime, datetime]:
        """The first moment of ``start`` and the first moment after ``end``: filter datetimes
        with ``__gte`` and ``__lt``."""
        zone = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), zone),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone),
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), following - timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = cls.month(year, 3 * quarter - 2)
        return cls(first.start, cls.month(year, 3 * quarter).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def previous(self) -> Period:
        """The period of the same kind just before: the month, quarter or year before when this
        is one, otherwise the same number of days before."""
        start, end = self.start, self.end
        if start.day == 1 and end == Period.month(end.year, end.month).end:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            first = start.year * 12 + start.month - 1 - months
            last = start.year * 12 + start.month - 2
            return Period(
                Period.month(first // 12, first % 12 + 1).start,
                Period.month(last // 12, last % 12 + 1).end,
            )
        return Period(start - timedelta(days=self.days), start - timedelta(days=1))


@dataclass(frozen=True)
class Result:
    """One figure: ``value`` in the indicator's unit, with the counts it comes from where it is
    a ratio (so the dashboard can show them and suppress small ones), and an optional breakdown
    (per life domain, per step, per category) of results of the same shape."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict[str, Result] = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise  # gettext_lazy: Dutch in the Dutch UI, English in the English one
    definition: Promise  # numerator, denominator and what counts, in one or two sentences
    numerator: Promise
    denominator: Promise | str  # "" for a plain count
    period_rule: Promise  # which date puts a record in the period
    unit: str  # "count", "per_1000", "percent", "days", "score", "euro", "minutes", "ratio"
    # grouped(*, scope: Scope, period: Period, teams: Sequence[int] | None = None) -> Grouped
    grouped: Callable[..., Grouped]
    # A count of households, cases or actions (suppressed below the threshold when shown
    # outside the files), as opposed to money, minutes or a score.
    counts_people: bool = True

    def compute(self, *, scope: Scope, period: Period) -> Result:
        """The figure of ``scope`` in ``period``."""
        return self.grouped(scope=scope, period=period)[None]

    def compute_teams(self, *, period: Period, teams: Sequence[int]) -> dict[int, Result]:
        """The figure of each team in ``teams`` in ``period``, as ``compute`` gives it for
        ``Scope(TEAM, pk)``, from one set of queries grouped by team."""
        return self.grouped(scope=Scope(), period=period, teams=teams)


# The results of ``Indicator.grouped``: ``{None: result}`` for the scope, or one result per team.
Grouped = dict[Any, Result]

INDICATORS: dict[str, Indicator] = {}


_passes: ContextVar[dict | None] = ContextVar("indicator_passes", default=None)
_periods: ContextVar[tuple[Period, ...]] = ContextVar("indicator_periods", default=())


@contextmanager
def computed_together(*periods: Period) -> Iterator[None]:
    """Inside, a ``shared_pass`` asked again with the same arguments answers from memory: the
    indicators computed here (one dashboard) share their base queries. A ``shared_periods``
    pass asked for one of ``periods`` (the dashboard's period and the one before) computes
    them all in its one query. Outside, every call queries: nothing is kept between requests."""
    token, periods_token = _passes.set({}), _periods.set(periods)
    try:
        yield
    finally:
        _passes.reset(token)
        _periods.reset(periods_token)


def shared_pass(function: Callable[..., dict]) -> Callable[..., dict]:
    """For a query several indicators take their counts from, called with keyword arguments
    only (``scope``, ``period``, ``teams``): run once per ``computed_together``."""

    @functools.wraps(function)
    def shared(**kwargs: Any) -> dict:
        memory = _passes.get()
        if memory is None:
            return function(**kwargs)
        key = (function.__qualname__, *sorted(_hashable(kwargs).items()))
        if key not in memory:
            memory[key] = function(**kwargs)
        return memory[key]

    return shared


def shared_periods(function: Callable[..., dict]) -> Callable[..., Any]:
    """For a pass over the rows of one period that can take several periods in one query:
    ``function(periods=(…), **kwargs)`` returns ``{period: result}``; the pass is asked as
    ``pass(period=…, **kwargs)``. Inside ``computed_together(*periods)`` the periods asked
    together are computed in one go, once; elsewhere only the one asked."""

    @functools.wraps(function)
    def shared(*, period: Period, **kwargs: Any) -> Any:
        memory, together = _passes.get(), _periods.get()
        if memory is None or period not in together:
            return function(periods=(period,), **kwargs)[period]
        key = (function.__qualname__, *sorted(_hashable(kwargs).items()))
        if key not in memory:
            memory[key] = function(periods=together, **kwargs)
        return memory[key][period]

    return shared


def period_index(field: str, periods: Sequence[Period]) -> tuple[Q, Case]:
    """For rows dated by the datetime ``field``: the condition that it falls in one of
    ``periods``, and the index in ``periods`` of the one it falls in (they must not overlap:
    a row counts in one period)."""
    ordered = sorted(periods, key=lambda period: period.start)
    if any(later.start <= earlier.end for earlier, later in itertools.pairwise(ordered)):
        raise ValueError("periods computed together must not overlap")
    conditions = [
        Q(**dict(zip((f"{field}__gte", f"{field}__lt"), p.moments, strict=True))) for p in periods
    ]
    within = functools.reduce(operator.or_, conditions)
    index = Case(
        *[When(condition, then=Value(i)) for i, condition in enumerate(conditions)],
        output_field=IntegerField(),
    )
    return within, index


def _hashable(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        name: tuple(value) if isinstance(value, list | tuple) else value
        for name, value in kwargs.items()
    }


def aggregate_grouped(
    queryset: QuerySet, *, team: str, teams: Sequence[int] | None, **aggregates: Any
) -> dict[Any, dict[str, Any]]:
    """``queryset.aggregate(**aggregates)`` as ``{None: row}``; with ``teams``, one row per team
    id in ``teams``, grouped on ``team`` (the path from the queried model to the team id, like
    ``"case__team_id"``). One query either way. A team without rows gets the aggregates over
    nothing (0 for a count, ``None`` for a sum), as ``compute`` for that team would. For
    aggregates that do not add up over teams (different households); ``aggregate_per_team``
    for those that do."""
    if teams is None:
        return {None: queryset.aggregate(**aggregates)}
    return aggregate_per_team(queryset, team=team, **aggregates).pick(teams)


def rows_grouped(
    queryset: QuerySet,
    *,
    team: str,
    teams: Sequence[int] | None,
    fields: Sequence[str],
    **aggregates: Any,
) -> dict[Any, list[dict[str, Any]]]:
    """``queryset`` grouped on ``fields`` with ``aggregates`` as ``{None: rows}``; with
    ``teams``, the rows of each team id in ``teams`` (grouped on ``team`` as well, ``[]`` for a
    team without rows). One query either way."""
    if teams is None:
        return {None: list(queryset.order_by().values(*fields).annotate(**aggregates))}
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in queryset.order_by().values(*fields, group_team=F(team)).annotate(**aggregates):
        grouped[row.pop("group_team")].append(row)
    return {pk: grouped.get(pk, []) for pk in teams}


@dataclass(frozen=True)
class PerTeam:
    """The figures of one query per team, where the figures of a scope are the totals of its
    teams': counts of rows or of cases (a case is in one team), sums, lists of values. So the
    scope's figure and the comparison between its teams come from the same query (run once
    inside ``computed_together``): ``pick(None)`` is the total, ``pick(teams)`` those teams.
    Not for counts of households: one household can have cases in two teams."""

    rows: dict[int, dict[str, Any]]
    empty: dict[str, Any]  # the figures of a team without rows

    def pick(self, teams: Sequence[int] | None) -> dict[Any, dict[str, Any]]:
        if teams is None:
            return {None: self.total()}
        return {pk: self.rows.get(pk, self.empty) for pk in teams}

    def total(self) -> dict[str, Any]:
        total = dict(self.empty)
        for row in self.rows.values():
            for name, value in row.items():
                total[name] = _added(total[name], value)
        return total


def _added(total: Any, value: Any) -> Any:
    """``None`` is no figure (a sum over nothing), not zero."""
    if value is None:
        return total
    return value if total is None else total + value


def aggregate_per_team(queryset: QuerySet, *, team: str, **aggregates: Any) -> PerTeam:
    """``aggregates`` over ``queryset`` per team, grouped on ``team`` (the path from the
    queried model to the team id). One query. Only for aggregates that add up over teams."""
    rows = {
        row.pop("group_team"): row
        for row in queryset.order_by().values(group_team=F(team)).annotate(**aggregates)
    }
    return PerTeam(rows, queryset.none().aggregate(**aggregates))  # none(): no query


def values_per_team(queryset: QuerySet, *, team: str, field: str) -> PerTeam:
    """The values of ``field`` over ``queryset`` per team, as ``{"values": [...]}``. One query."""
    values: dict[int, list[Any]] = defaultdict(list)
    for pk, value in queryset.order_by().values_list(team, field):
        values[pk].append(value)
    return PerTeam({pk: {"values": found} for pk, found in values.items()}, {"values": []})


def aggregate_per_team_by_period(
    queryset: QuerySet, *, team: str, field: str, periods: Sequence[Period], **aggregates: Any
) -> dict[Period, PerTeam]:
    """``aggregate_per_team`` for each of ``periods`` (the rows dated by the datetime
    ``field``), in one query."""
    within, index = period_index(field, periods)
    rows: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    grouped = queryset.filter(within).order_by().values(group_team=F(team), group_period=index)
    for row in grouped.annotate(**aggregates):
        rows[row.pop("group_period")][row.pop("group_team")] = row
    empty = queryset.none().aggregate(**aggregates)
    return {period: PerTeam(rows.get(i, {}), empty) for i, period in enumerate(periods)}


def aggregate_grouped_by_period(
    queryset: QuerySet,
    *,
    team: str,
    teams: Sequence[int] | None,
    field: str,
    periods: Sequence[Period],
    **aggregates: Any,
) -> dict[Period, dict[Any, dict[str, Any]]]:
    """``aggregate_grouped`` for each of ``periods`` (the rows dated by the datetime
    ``field``), in one query."""
    if teams is not None:
        per_team = aggregate_per_team_by_period(
            queryset, team=team, field=field, periods=periods, **aggregates
        )
        return {period: rows.pick(teams) for period, rows in per_team.items()}
    within, index = period_index(field, periods)
    grouped = queryset.filter(within).order_by().values(group_period=index)
    found = {row.pop("group_period"): row for row in grouped.annotate(**aggregates)}
    empty = queryset.none().aggregate(**aggregates)
    return {period: {None: found.get(i, empty)} for i, period in enumerate(periods)}


def register(indicator: Indicator) -> Indicator:
    if indicator.key in INDICATORS:
        raise ValueError(f"indicator {indicator.key!r} registered twice")
    INDICATORS[indicator.key] = indicator
    return indicator


def indicator_compute(*, key: str, scope: Scope, period: Period) -> Result:
    return INDICATORS[key].compute(scope=scope, period=period)
