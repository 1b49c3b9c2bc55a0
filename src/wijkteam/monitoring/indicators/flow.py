"""Flow indicators: questions coming in and going out, the wait for contact and a plan, the
waiting list, the caseload per fte and households coming back (issue 6, docs/indicators.md).

Each indicator takes one to three queries whatever the data size and the number of teams
(``Indicator.grouped``: the scope's figure, or every team's from the same queries grouped by
team): counts are aggregates in the database; the two duration indicators fetch one integer per
case (the days, computed in the database) and take the percentiles in Python, which is cheaper
than a percentile in SQL that SQLite does not have.

The state of a case at a moment comes from its history (``StatusChange``), not from
``Case.status``, so a past period gives the same figure tomorrow as today. A case without any
history row before that moment (data from before the history was kept) counts as registered.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.lifecycle import OPEN_STATES, Status, StopReason, Transition
from wijkteam.cases.models import Case, Contact, StatusChange
from wijkteam.core.workdays import working_day_add
from wijkteam.monitoring.area_analysis import domains_counted, several_domains
from wijkteam.monitoring.indicators import (
    MUNICIPALITY,
    NEIGHBOURHOOD,
    TEAM,
    TEAM_AREA,
    Grouped,
    Indicator,
    Period,
    PerTeam,
    Result,
    Scope,
    aggregate_grouped,
    aggregate_grouped_by_period,
    register,
    shared_pass,
    shared_periods,
    values_per_team,
)
from wijkteam.teams.models import Membership, Team
from wijkteam.teams.selectors import load_per_fte, team_norm_get

RETURN_WINDOW = timedelta(days=365)
# A household with problems on this many life domains or more is a multi-problem household
# (``outcomes.multi_problem_share``; the area analysis uses the same rule with two,
# ``area_analysis.MULTI_DOMAIN_MINIMUM``).
MULTI_PROBLEM_MINIMUM = 3
WAITING_STATES = (Status.REGISTERED, Status.INTAKE)  # no active plan yet, as the waiting list


# Helpers ---------------------------------------------------------------------------------------


def _registered_in(scope: Scope, period: Period):
    first, after = period.moments
    return scope.cases(Case.objects.all()).filter(registered_at__gte=first, registered_at__lt=after)


def _rate(numerator: int, denominator: int | None, factor: int) -> float | None:
    if not denominator:
        return None
    return round(numerator * factor / denominator, 1)


def nearest_rank(values: list[int], percent: int) -> int | None:
    """The ``percent``-th percentile by nearest rank: the value at rank ⌈percent/100 × n⌉ of
    the values sorted from low to high (rank 1 is the lowest). ``None`` for no values. The
    median is the 50th: with an even count, the lower of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(percent * len(ordered) / 100), 1)
    return ordered[rank - 1]


def _durations(days: list[int]) -> Result:
    median, p90 = nearest_rank(days, 50), nearest_rank(days, 90)
    return Result(
        value=median,
        numerator=len(days),
        breakdown={
            "median": Result(value=median, numerator=len(days)),
            "p90": Result(value=p90, numerator=len(days)),
        },
    )


def _state_at(moment) -> Coalesce:
    """A case's state just before ``moment``: the target of its last status change before it
    (registered when it has none)."""
    last = (
        StatusChange.objects.filter(case=OuterRef("pk"), at__lt=moment)
        .order_by("-at", "-pk")
        .values("to_status")[:1]
    )
    return Coalesce(Subquery(last), Value(Status.REGISTERED.value))


def _teams_of(scope: Scope):
    """The teams whose members carry the work of ``scope``: every team for the municipality,
    the team itself, or the team of the area; a neighbourhood has none of its own."""
    if scope.level == MUNICIPALITY:
        return Team.objects.all()
    if scope.level == TEAM:
        return Team.objects.filter(pk=scope.pk)
    if scope.level == TEAM_AREA:
        return Team.objects.filter(area_id=scope.pk)
    return Team.objects.none()


@shared_pass
def _population(*, scope: Scope, teams: Sequence[int] | None) -> dict:
    """Inhabitants of the neighbourhoods in scope, or of each team's area (today's: the same
    for every period, so one query per dashboard)."""
    neighbourhoods = Neighbourhood.objects.all()
    if scope.level == TEAM:
        neighbourhoods = neighbourhoods.filter(area__team__pk=scope.pk)
    elif scope.level == TEAM_AREA:
        neighbourhoods = neighbourhoods.filter(area_id=scope.pk)
    elif scope.level == NEIGHBOURHOOD:
        neighbourhoods = neighbourhoods.filter(pk=scope.pk)
    rows = aggregate_grouped(
        neighbourhoods, team="area__team__pk", teams=teams, n=Sum("population")
    )
    return {key: row["n"] or 0 for key, row in rows.items()}


# Questions in and out --------------------------------------------------------------------------


@shared_pass
def registrations_counted(*, scope: Scope, period: Period, teams: Sequence[int] | None) -> dict:
    """The registrations of the period: cases, different households, and cases with problems
    on three or more life domains. One query for three indicators."""
    return aggregate_grouped(
        domains_counted(_registered_in(scope, period)),
        team="team_id",
        teams=teams,
        n=Count("pk"),
        households=Count("household", distinct=True),
        multi=Count("pk", filter=several_domains(minimum=MULTI_PROBLEM_MINIMUM)),
    )


def questions_registered(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Cases registered in the period. One query (``registrations_counted``)."""
    rows = registrations_counted(scope=scope, period=period, teams=teams)
    return {key: Result(value=row["n"]) for key, row in rows.items()}


ANSWERED = Q(transition=Transition.STOP, reason=StopReason.ANSWERED)
CLOSED = Q(to_status=Status.CLOSED)
ENDED = Q(to_status__in=[Status.CLOSED, Status.STOPPED])  # a stop as answered is a stop


@shared_periods
def _endings(*, scope: Scope, periods: Sequence[Period], teams: Sequence[int] | None) -> dict:
    """The closings and stops of each period, each case and household once: answered, closed,
    and the households that came back within a year. One query for three indicators (and for
    the periods computed together)."""
    again = Case.objects.filter(
        household_id=OuterRef("case__household_id"),
        registered_at__gt=OuterRef("at"),
        registered_at__lte=ExpressionWrapper(
            OuterRef("at") + RETURN_WINDOW, output_field=DateTimeField()
        ),
    )
    return aggregate_grouped_by_period(
        StatusChange.objects.filter(scope.case_filter("case__"))
        .filter(ENDED | ANSWERED)
        .annotate(again=Exists(again)),
        team="case__team_id",
        teams=teams,
        field="at",
        periods=periods,
        total=Count("case", distinct=True, filter=ANSWERED | CLOSED),
        closed=Count("case", distinct=True, filter=CLOSED),
        answered=Count("case", distinct=True, filter=ANSWERED),
        households=Count("case__household", distinct=True, filter=ENDED),
        returned=Count("case__household", distinct=True, filter=ENDED & Q(again=True)),
    )


def questions_answered(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Cases closed, or stopped because the question was answered, in the period; each case
    once. One query (``_endings``)."""
    return {
        key: Result(
            value=row["total"],
            breakdown={
                "closed": Result(value=row["closed"]),
                "answered_without_case": Result(value=row["answered"]),
            },
        )
        for key, row in _endings(scope=scope, period=period, teams=teams).items()
    }


def cases_closed(*, scope: Scope, period: Period, teams: Sequence[int] | None = None) -> Grouped:
    """Cases closed in the period, each case once. One query (``_endings``)."""
    rows = _endings(scope=scope, period=period, teams=teams)
    return {key: Result(value=row["closed"]) for key, row in rows.items()}


def reach_per_1000(*, scope: Scope, period: Period, teams: Sequence[int] | None = None) -> Grouped:
    """Households with a case registered in the period per 1,000 inhabitants. Two queries
    (one is ``registrations_counted``)."""
    rows = registrations_counted(scope=scope, period=period, teams=teams)
    inhabitants = _population(scope=scope, teams=teams)
    return {
        key: Result(
            value=_rate(row["households"], inhabitants[key], 1000),
            numerator=row["households"],
            denominator=inhabitants[key],
        )
        for key, row in rows.items()
    }


# Waiting ---------------------------------------------------------------------------------------


def _waits(cases: QuerySet[Case], *, since: str) -> PerTeam:
    """Per team the days from registration to the date ``since`` (an annotation of ``cases``,
    ``None`` for a case that has none)."""
    waits = cases.filter(**{f"{since}__isnull": False}).annotate(
        wait=ExpressionWrapper(F(since) - TruncDate("registered_at"), output_field=DurationField())
    )
    return values_per_team(waits, team="team_id", field="wait")


def _wait_figures(waits: PerTeam, teams: Sequence[int] | None) -> Grouped:
    """Median and 90th percentile of the waits, per team or over the scope."""
    return {
        key: _durations([max(wait.days, 0) for wait in row["values"]])
        for key, row in waits.pick(teams).items()
    }


@shared_pass
def _first_contact_waits(*, scope: Scope, period: Period) -> PerTeam:
    cases = _registered_in(scope, period).annotate(first_contact_on=Min("contacts__date"))
    return _waits(cases, since="first_contact_on")


@shared_pass
def _plan_waits(*, scope: Scope, period: Period) -> PerTeam:
    cases = _registered_in(scope, period).annotate(
        plan_on=TruncDate(
            Min("status_changes__at", filter=Q(status_changes__to_status=Status.PLAN_ACTIVE))
        )
    )
    return _waits(cases, since="plan_on")


def days_to_first_contact(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Days from registration to the first contact, for the cases registered in the period
    that have had one: median and 90th percentile. One query."""
    return _wait_figures(_first_contact_waits(scope=scope, period=period), teams)


def days_to_plan(*, scope: Scope, period: Period, teams: Sequence[int] | None = None) -> Grouped:
    """Days from registration to the plan's first activation, for the cases registered in the
    period whose plan has been activated: median and 90th percentile. One query."""
    return _wait_figures(_plan_waits(scope=scope, period=period), teams)


def _latest_registration_day(end: date, working_days: int) -> date:
    """The last registration day whose first-contact term (``working_days`` after it, the
    waiting list's ``first_contact_due``) ended before ``end``."""
    day = end - timedelta(days=1)
    while working_day_add(day, working_days) >= end:
        day -= timedelta(days=1)
    return day


@shared_pass
def _norms(*, scope: Scope) -> dict[int, int]:
    """The first-contact norm in working days of each team whose cases can be in scope (one
    query per dashboard)."""
    teams = _teams_of(scope) if scope.level == TEAM else Team.objects.all()
    return {
        team.pk: team_norm_get(team=team).first_contact_working_days
        for team in teams.select_related("norm")
    }


def _overdue(scope: Scope, period: Period) -> Q:
    """The condition on a case that its first-contact term (its team's norm) ended before the
    last day of the period. One query for the teams' norms."""
    # The teams by their norm's last overdue registration day: one condition per norm, not
    # per team (most teams keep the municipality's default).
    teams_by_day: dict[date, list[int]] = defaultdict(list)
    last_days: dict[int, date] = {}  # per norm in working days
    for pk, days in _norms(scope=scope).items():
        if days not in last_days:
            last_days[days] = _latest_registration_day(period.end, days)
        teams_by_day[last_days[days]].append(pk)
    overdue = Q(pk__in=[])
    for last_day, pks in teams_by_day.items():
        overdue |= Q(team_id__in=pks, registered_at__lt=Period(last_day, last_day).moments[1])
    return overdue


@shared_pass
def _states_at_end(*, scope: Scope, period: Period) -> PerTeam:
    """Per team, at the end of the period: the open cases, and the cases waiting past the
    first-contact norm (registered or in intake, overdue, no contact up to the last day). Two
    queries for two indicators: the norms, then the cases grouped by their state then (worked
    out once per case)."""
    after = period.moments[1]
    contacted = Contact.objects.filter(case=OuterRef("pk"), date__lte=period.end)
    rows = (
        scope.cases(Case.objects.filter(registered_at__lt=after))
        .annotate(state=_state_at(after))
        .order_by()
        .values("team_id", "state")
        .annotate(
            n=Count("pk"),
            waiting=Count("pk", filter=_overdue(scope, period) & ~Exists(contacted)),
        )
    )
    per_team: dict[int, dict[str, int]] = defaultdict(lambda: {"open": 0, "waiting": 0})
    for row in rows:
        counts = per_team[row["team_id"]]
        if row["state"] in OPEN_STATES:
            counts["open"] += row["n"]
        if row["state"] in WAITING_STATES:
            counts["waiting"] += row["waiting"]
    return PerTeam(dict(per_team), {"open": 0, "waiting": 0})


def waiting_list(*, scope: Scope, period: Period, teams: Sequence[int] | None = None) -> Grouped:
    """Cases waiting past the first-contact norm at the end of the period. Two queries
    (``_states_at_end``, shared with the open cases)."""
    rows = _states_at_end(scope=scope, period=period).pick(teams)
    return {key: Result(value=row["waiting"]) for key, row in rows.items()}


# Caseload --------------------------------------------------------------------------------------


@shared_pass
def _fte(*, scope: Scope, teams: Sequence[int] | None) -> dict:
    """The fte of the active members of the teams in scope, or of each team (today's: the same
    for every period, so one query per dashboard)."""
    return aggregate_grouped(
        Membership.objects.filter(team__in=_teams_of(scope), is_active=True),
        team="team_id",
        teams=teams,
        fte=Sum("fte"),
    )


def open_cases_per_fte(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Cases open at the end of the period per fte of the teams in scope. Three queries (two
    are ``_states_at_end``, shared with the waiting list)."""
    counts = _states_at_end(scope=scope, period=period).pick(teams)
    if scope.level == NEIGHBOURHOOD:
        return {key: Result(value=None, numerator=row["open"]) for key, row in counts.items()}
    fte = _fte(scope=scope, teams=teams)
    results = {}
    for key, row in counts.items():
        team_fte = fte[key]["fte"] or Decimal("0")
        per_fte = load_per_fte(row["open"], team_fte)  # the capacity page's formula and rounding
        results[key] = Result(
            value=float(per_fte) if per_fte is not None else None,
            numerator=row["open"],
            denominator=None,
            breakdown={"fte": Result(value=float(team_fte))},
        )
    return results


# Coming back -----------------------------------------------------------------------------------


def re_registration_12_months(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Of the households whose case was closed or stopped in the period, the percentage with a
    new registration within 365 days after that ending. One query (``_endings``)."""
    return {
        key: Result(
            value=_rate(row["returned"], row["households"], 100),
            numerator=row["returned"],
            denominator=row["households"],
        )
        for key, row in _endings(scope=scope, period=period, teams=teams).items()
    }


# The catalogue ---------------------------------------------------------------------------------

NO_DENOMINATOR = ""  # a plain count has no denominator

register(
    Indicator(
        key="questions_registered",
        label=_("Questions registered"),
        definition=_(
            "The number of cases registered in the period. Every registration counts, also a "
            "question that is answered without a case later."
        ),
        numerator=_("Cases registered"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The registration date falls in the period."),
        unit="count",
        grouped=questions_registered,
    )
)

register(
    Indicator(
        key="questions_answered",
        label=_("Questions answered"),
        definition=_(
            "The number of cases that were closed, or stopped with the reason 'question "
            "answered, no case needed', in the period. A case counts once, also when it was "
            "reopened and ended again in the period. Transfers and stops for other reasons do "
            "not count. Broken down into closed and answered without a case."
        ),
        numerator=_("Cases closed or stopped as answered"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The date of the closing or stop falls in the period."),
        unit="count",
        grouped=questions_answered,
    )
)

register(
    Indicator(
        key="cases_closed",
        label=_("Cases closed"),
        definition=_(
            "The number of cases closed in the period. A case counts once, also when it was "
            "reopened and closed again in the period; a case closed in the period counts even "
            "when it was reopened later."
        ),
        numerator=_("Cases closed"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The date of the closing falls in the period."),
        unit="count",
        grouped=cases_closed,
    )
)

register(
    Indicator(
        key="reach_per_1000",
        label=_("Reach per 1,000 inhabitants"),
        definition=_(
            "Different households with a case registered in the period, per 1,000 inhabitants "
            "of the neighbourhoods in scope (a team: the neighbourhoods of its area; the "
            "municipality: all neighbourhoods). Rounded to one decimal; no figure without "
            "inhabitants."
        ),
        numerator=_("Households with a registration"),
        denominator=_("Inhabitants"),
        period_rule=_("The registration date falls in the period."),
        unit="per_1000",
        grouped=reach_per_1000,
    )
)

register(
    Indicator(
        key="days_to_first_contact",
        label=_("Days to first contact"),
        definition=_(
            "For the cases registered in the period that have had a contact: the calendar days "
            "from the registration date to the date of the first contact (0 on the same day). "
            "The figure is the median, with the 90th percentile next to it, both by nearest "
            "rank (the value at rank ⌈p/100 × n⌉ from low to high; for an even number of cases "
            "the median is the lower middle value). No figure without cases."
        ),
        numerator=_("Cases with a first contact"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The registration date falls in the period."),
        unit="days",
        grouped=days_to_first_contact,
    )
)

register(
    Indicator(
        key="days_to_plan",
        label=_("Days to an active plan"),
        definition=_(
            "For the cases registered in the period whose plan has been activated: the "
            "calendar days from the registration date to the date the plan first became "
            "active. The figure is the median, with the 90th percentile next to it, both by "
            "nearest rank. No figure without cases."
        ),
        numerator=_("Cases with an active plan"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The registration date falls in the period."),
        unit="days",
        grouped=days_to_plan,
    )
)

register(
    Indicator(
        key="waiting_list",
        label=_("Waiting past the first-contact norm"),
        definition=_(
            "The number of cases that, at the end of the period, were registered or in intake, "
            "had no contact recorded on or before the last day of the period, and whose "
            "first-contact term (the team's norm in working days after the registration date) "
            "had ended before that day."
        ),
        numerator=_("Cases waiting past the norm"),
        denominator=NO_DENOMINATOR,
        period_rule=_("The state on the last day of the period."),
        unit="count",
        grouped=waiting_list,
    )
)

register(
    Indicator(
        key="open_cases_per_fte",
        label=_("Open cases per fte"),
        definition=_(
            "Cases open (registered, in intake or with an active plan) at the end of the "
            "period, divided by the fte of the active members of the teams in scope, expert "
            "members included, as on the team's capacity page; rounded to one decimal. The fte "
            "is today's: memberships have no history. A neighbourhood has no team of its own "
            "and so no figure."
        ),
        numerator=_("Open cases"),
        denominator=_("Fte of the team's active members"),
        period_rule=_("The state on the last day of the period."),
        unit="ratio",
        grouped=open_cases_per_fte,
    )
)

register(
    Indicator(
        key="re_registration_12_months",
        label=_("Re-registration within 12 months"),
        definition=_(
            "Of the different households whose case was closed or stopped in the period, the "
            "percentage with a new case registered within 365 days after that ending. "
            "Reopening the same case is not a new registration. The figure for a period is "
            "final 365 days after its end. No figure without endings."
        ),
        numerator=_("Households registered again"),
        denominator=_("Households whose case was closed or stopped"),
        period_rule=_("The date of the closing or stop falls in the period."),
        unit="percent",
        grouped=re_registration_12_months,
    )
)
