"""Outcome indicators (issue 6): ZRM progress, multi-problem households, stepped care, informal
help, tailored provisions, the custom-solutions budget and meeting time.

Each indicator takes a fixed number of queries whatever the number of cases, actions, records
or teams (grouped aggregates in the database; ``Indicator.grouped`` gives the scope's figure or
every team's from the same queries). docs/indicators.md (section *Outcomes*) gives the same
definitions in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from wijkteam.backoffice.models import Advice, AdviceStatus
from wijkteam.budget.models import SpendingRequest, SpendingStatus
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, StatusChange
from wijkteam.conferences.selectors import time_minutes_per_team
from wijkteam.core.domains import LifeDomain
from wijkteam.core.steps import Step
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
    aggregate_per_team,
    aggregate_per_team_by_period,
    register,
    rows_grouped,
    shared_pass,
    shared_periods,
)
from wijkteam.monitoring.indicators.flow import (  # noqa: F401  (MULTI_PROBLEM_MINIMUM: bench/)
    MULTI_PROBLEM_MINIMUM,
    registrations_counted,
)
from wijkteam.plans.models import Action, ActionStatus, Goal, Outcome, Performer
from wijkteam.socialmap.models import ProvisionKind
from wijkteam.teams.models import Team
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

REACHED = (Outcome.REACHED, Outcome.PARTLY)
INFORMAL_PERFORMERS = (Performer.NETWORK_PERSON, Performer.VOLUNTEER_ORGANISATION)
GRANTED = (AdviceStatus.GRANTED, AdviceStatus.PARTLY_GRANTED)
DECIDED = (AdviceStatus.GRANTED, AdviceStatus.PARTLY_GRANTED, AdviceStatus.REFUSED)


def _percent(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _in_period(field: str, period: Period) -> Q:
    begin, until = period.moments
    return Q(**{f"{field}__gte": begin, f"{field}__lt": until})


def cases_closed(*, scope: Scope, period: Period) -> QuerySet[Case]:
    """The cases of ``scope`` closed in ``period``: a status change to *closed* in it. A case
    closed, reopened and closed again within the period is one case."""
    closings = StatusChange.objects.filter(_in_period("at", period), to_status=Status.CLOSED)
    return scope.cases(Case.objects.filter(pk__in=closings.values("case")))


# 1. ZRM change --------------------------------------------------------------------------------


def _household_assessment(kind: str, *, case: OuterRef, newest: bool, until=None) -> Subquery:
    """The id of the first (with ``newest`` the last) household ZRM of ``kind`` of the case
    ``case`` points to, assessed up to ``until`` when given (one look-up on the index on
    case and date)."""
    order = (
        ("-assessed_on", "-created_at", "-pk") if newest else ("assessed_on", "created_at", "pk")
    )
    assessments = Assessment.objects.filter(case=case, kind=kind, person__isnull=True)
    if until is not None:
        assessments = assessments.filter(assessed_on__lte=until)
    return Subquery(assessments.order_by(*order).values("pk")[:1])


@shared_pass
def _zrm_pairs(*, scope: Scope, period: Period) -> PerTeam:
    """Per team and domain: the sum of closing minus intake score, the number of pairs and of
    cases, over the domain pairs of the first household intake and the last household closing
    up to the period's end of each case closed in the period; and the same over all domains
    (domain ``None``), where a case scored on several domains is one case. All add up over
    teams (a case is in one team).

    One query. The closed cases with their two assessments come from the ORM (one index
    look-up each per case, as ``_household_assessment``); their scores are joined in SQL that
    SQLite and PostgreSQL both speak, because the ORM cannot join two scores of different
    assessments on their domain: as correlated subqueries per score it took minutes for a
    city's year (bench/README.md)."""
    closed = (
        cases_closed(scope=scope, period=period)
        .order_by()
        .values(case_ref=F("pk"), team_ref=F("team_id"))
        .annotate(
            closing_id=_household_assessment(
                AssessmentKind.CLOSING, case=OuterRef("pk"), newest=True, until=period.end
            ),
            intake_id=_household_assessment(
                AssessmentKind.INTAKE, case=OuterRef("pk"), newest=False
            ),
        )
    )
    inner, params = closed.query.sql_with_params()
    quote = connection.ops.quote_name
    score, domain = quote(Score._meta.db_table), quote(Score._meta.get_field("domain").column)
    value, assessment = (
        quote(Score._meta.get_field("score").column),
        quote(Score._meta.get_field("assessment").column),
    )
    team = quote("team_id")
    sql = f"""
        WITH pairs AS (
            SELECT closed.{quote("case_ref")} AS case_id, closed.{quote("team_ref")} AS {team},
                   c.{domain} AS domain, c.{value} - i.{value} AS change
              FROM ({inner}) closed
              JOIN {score} c ON c.{assessment} = closed.{quote("closing_id")}
              JOIN {score} i ON i.{assessment} = closed.{quote("intake_id")}
                            AND i.{domain} = c.{domain}
        )
        SELECT {team}, domain, SUM(change), COUNT(*), COUNT(DISTINCT case_id)
          FROM pairs GROUP BY {team}, domain
        UNION ALL
        SELECT {team}, NULL, SUM(change), COUNT(*), COUNT(DISTINCT case_id)
          FROM pairs GROUP BY {team}
    """  # noqa: S608 - names from the models, values as parameters
    rows: dict[int, dict[str, Any]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for team_id, domain_key, change, pairs, cases in cursor.fetchall():
            found = {"change": change or 0, "pairs": pairs, "cases": cases}
            for figure, number in found.items():
                rows[team_id][f"{domain_key or ZRM_ALL}:{figure}"] = number
    empty = {
        f"{key}:{figure}": None
        for key in (ZRM_ALL, *LifeDomain.values)
        for figure in ("change", "pairs", "cases")
    }
    return PerTeam({team_id: {**empty, **found} for team_id, found in rows.items()}, empty)


ZRM_ALL = "all"  # the key of the figures over all domains in a row of ``_zrm_pairs``


def zrm_change_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query (``_zrm_pairs``)."""
    results = {}
    for key, row in _zrm_pairs(scope=scope, period=period).pick(teams).items():
        breakdown = {
            domain: Result(
                value=_mean(row[f"{domain}:change"], row[f"{domain}:pairs"]),
                denominator=row[f"{domain}:cases"],
            )
            for domain in LifeDomain.values
            if row[f"{domain}:pairs"] is not None
        }
        results[key] = Result(
            value=_mean(row[f"{ZRM_ALL}:change"] or 0, row[f"{ZRM_ALL}:pairs"] or 0),
            denominator=row[f"{ZRM_ALL}:cases"] or 0,
            breakdown=breakdown,
        )
    return results


# 2. Multi-problem households ------------------------------------------------------------------


def multi_problem_share_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query (``flow.registrations_counted``, shared with the questions registered)."""
    return {
        key: Result(
            value=_percent(row["multi"], row["n"]), numerator=row["multi"], denominator=row["n"]
        )
        for key, row in registrations_counted(scope=scope, period=period, teams=teams).items()
    }


# 3. Step distribution -------------------------------------------------------------------------


ACTION_TEAM = "goal__plan__case__team_id"


INFORMAL_ROUTES = {
    "step_2": Q(step=Step.NETWORK),
    "informal_performer": Q(performer__in=INFORMAL_PERFORMERS),
    "volunteer_provision": Q(provision__kind=ProvisionKind.VOLUNTEER),
    "collective_activity": Q(collective_activity__isnull=False),
}


@shared_periods
def _actions_counted(*, scope: Scope, periods: Sequence[Period]) -> dict[Period, PerTeam]:
    """The plan actions created in each period per step, with how many of them take an
    informal route (any, and each). One query for two indicators (and for the periods computed
    together)."""
    any_route = Q()
    for condition in INFORMAL_ROUTES.values():
        any_route |= condition
    return aggregate_per_team_by_period(
        scope.cases(Action.objects.all(), "goal__plan__case__"),
        team=ACTION_TEAM,
        field="created_at",
        periods=periods,
        **{f"at_step_{step}": Count("pk", filter=Q(step=step)) for step in Step.values},
        informal=Count("pk", filter=any_route),
        **{key: Count("pk", filter=condition) for key, condition in INFORMAL_ROUTES.items()},
    )


def _steps(row: dict) -> Result:
    per_step = {step: row[f"at_step_{step}"] for step in Step.values}
    total = sum(per_step.values())
    return Result(
        value=total,
        numerator=total,
        breakdown={
            str(step): Result(
                value=_percent(per_step[step], total), numerator=per_step[step], denominator=total
            )
            for step in Step.values
        },
    )


def step_distribution_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query (``_actions_counted``, shared with the informal referrals)."""
    rows = _actions_counted(scope=scope, period=period).pick(teams)
    return {key: _steps(row) for key, row in rows.items()}


# 4. Goals reached without step 4 --------------------------------------------------------------


@shared_pass
def _goals_reached(*, scope: Scope, period: Period) -> PerTeam:
    with_step_4 = Action.objects.filter(step=Step.TAILORED).exclude(status=ActionStatus.CANCELLED)
    return aggregate_per_team(
        Goal.objects.filter(
            plan__case__in=cases_closed(scope=scope, period=period).values("pk"),
            outcome__in=REACHED,
        ),
        team="plan__case__team_id",
        reached=Count("pk"),
        # NOT EXISTS, an anti-join: ``NOT IN`` over every step-4 action of the municipality
        # could not be one, and PostgreSQL ran it again for every goal.
        without=Count("pk", filter=~Exists(with_step_4.filter(goal=OuterRef("pk")))),
    )


def goals_without_step_4_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query."""
    rows = _goals_reached(scope=scope, period=period).pick(teams)
    return {
        key: Result(
            value=_percent(row["without"], row["reached"]),
            numerator=row["without"],
            denominator=row["reached"],
        )
        for key, row in rows.items()
    }


# 5. Informal referrals ------------------------------------------------------------------------


def _informal(row: dict) -> Result:
    return Result(
        value=row["informal"],
        numerator=row["informal"],
        breakdown={
            route: Result(value=row[route], numerator=row[route]) for route in INFORMAL_ROUTES
        },
    )


def informal_referrals_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query (``_actions_counted``, shared with the step distribution). The breakdown
    counts each route; one action can take several."""
    rows = _actions_counted(scope=scope, period=period).pick(teams)
    return {key: _informal(row) for key, row in rows.items()}


# 6. Tailored provisions advised and granted ---------------------------------------------------


def tailored_advised_granted_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query, grouped by category."""
    sent = _in_period("sent_at", period)
    decided = _in_period("decided_at", period) & Q(status__in=DECIDED)
    rows = rows_grouped(
        scope.cases(Advice.objects.all(), "case__").filter(sent | decided),
        team="case__team_id",
        teams=teams,
        fields=("category",),
        sent=Count("pk", filter=sent),
        decided=Count("pk", filter=decided),
        granted=Count("pk", filter=decided & Q(status__in=GRANTED)),
    )
    return {key: _advices(team_rows) for key, team_rows in rows.items()}


def _advices(rows: list[dict]) -> Result:
    breakdown: dict[str, Result] = {}
    for row in sorted(rows, key=lambda row: row["category"]):
        breakdown[row["category"]] = Result(
            value=_percent(row["granted"], row["decided"]),
            numerator=row["granted"],
            denominator=row["decided"],
            breakdown={"sent": Result(value=row["sent"], numerator=row["sent"])},
        )
    granted = sum(result.numerator or 0 for result in breakdown.values())
    decided_count = sum(result.denominator or 0 for result in breakdown.values())
    sent_count = sum(result.breakdown["sent"].value or 0 for result in breakdown.values())
    return Result(
        value=_percent(granted, decided_count),
        numerator=granted,
        denominator=decided_count,
        breakdown={"sent": Result(value=sent_count, numerator=sent_count), **breakdown},
    )


# 7. Custom-solutions budget -------------------------------------------------------------------


def budget_spent_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """One query. The budget is a team's: a team area's spending is its team's; a
    neighbourhood's is what was spent on households living in it."""
    spent = SpendingRequest.objects.filter(
        _in_period("decided_at", period), status=SpendingStatus.APPROVED
    )
    if scope.level == TEAM:
        spent = spent.filter(budget__team_id=scope.pk)
    elif scope.level == TEAM_AREA:
        spent = spent.filter(budget__team__area_id=scope.pk)
    elif scope.level == NEIGHBOURHOOD:
        spent = spent.filter(household__neighbourhood_id=scope.pk)
    rows = aggregate_grouped(spent, team="budget__team_id", teams=teams, total=Sum("amount"))
    return {key: Result(value=float(row["total"] or Decimal("0"))) for key, row in rows.items()}


# 8. Meeting time against execution time -------------------------------------------------------


def _teams(scope: Scope) -> QuerySet[Team]:
    """The teams whose time counts for ``scope``: the team itself; the team of a team area; the
    team of the area a neighbourhood lies in (time is recorded per team, not per
    neighbourhood); every team for the municipality."""
    teams = Team.objects.order_by("pk")
    if scope.level == MUNICIPALITY:
        return teams
    if scope.level == TEAM:
        return teams.filter(pk=scope.pk)
    if scope.level == TEAM_AREA:
        return teams.filter(area_id=scope.pk)
    return teams.filter(area__neighbourhoods=scope.pk)


def _time(meeting: int, execution: int) -> Result:
    return Result(
        value=round(meeting / execution, 2) if execution else None,
        numerator=meeting,
        denominator=execution,
        breakdown={"meeting": Result(value=meeting), "execution": Result(value=execution)},
    )


def meeting_vs_execution_time_compute(
    *, scope: Scope, period: Period, teams: Sequence[int] | None = None
) -> Grouped:
    """Two queries: the teams' meeting and execution minutes, grouped by team."""
    minutes = time_minutes_per_team(
        teams=_teams(scope) if teams is None else Team.objects.filter(pk__in=teams),
        start=period.start,
        end=period.end,
    )
    if teams is None:
        return {
            None: _time(
                sum(meeting for meeting, _execution in minutes.values()),
                sum(execution for _meeting, execution in minutes.values()),
            )
        }
    return {pk: _time(*minutes.get(pk, (0, 0))) for pk in teams}


# The catalogue --------------------------------------------------------------------------------

register(
    Indicator(
        key="zrm_change",
        label=_("Change in self-reliance (ZRM)"),
        definition=_(
            "For cases closed in the period with a household intake ZRM and a closing ZRM: the "
            "mean of closing score minus intake score over every life domain scored in both "
            "(each domain pair weighs the same), overall and per life domain."
        ),
        numerator=_("Sum of (closing score − intake score) over the domain pairs"),
        denominator=_("Number of domain pairs (the count shown is the number of cases)"),
        period_rule=_(
            "A case counts when it was closed in the period (counted once if closed more than "
            "once); its first intake ZRM and its last closing ZRM assessed up to the period's "
            "end are compared."
        ),
        unit="score",
        grouped=zrm_change_compute,
    )
)
register(
    Indicator(
        key="multi_problem_share",
        label=_("Share of households with problems on three or more domains"),
        definition=_(
            "Of the cases registered in the period, the percentage whose registration names "
            "three or more life domains or whose first intake ZRM scores three or more domains "
            "at 1 or 2 (the area analysis's rule, with three domains instead of two)."
        ),
        numerator=_("Cases with problems on three or more life domains"),
        denominator=_("Cases registered in the period"),
        period_rule=_("The date of registration."),
        unit="percent",
        grouped=multi_problem_share_compute,
    )
)
register(
    Indicator(
        key="step_distribution",
        label=_("Plan actions per step of stepped care"),
        definition=_(
            "The number of plan actions created in the period; per step (1 to 4) the "
            "percentage of them at that step, with its count."
        ),
        numerator=_("Actions at the step"),
        denominator=_("All actions created in the period"),
        period_rule=_("The date the action was added to the plan."),
        unit="count",
        grouped=step_distribution_compute,
    )
)
register(
    Indicator(
        key="goals_without_step_4",
        label=_("Goals reached without tailored support"),
        definition=_(
            "Of the goals reached or partly reached in cases closed in the period, the "
            "percentage with no action at step 4 (cancelled actions do not count)."
        ),
        numerator=_("Goals reached or partly reached without a step 4 action"),
        denominator=_("Goals reached or partly reached in cases closed in the period"),
        period_rule=_("The date the case was closed (once, also when closed more than once)."),
        unit="percent",
        grouped=goals_without_step_4_compute,
    )
)
register(
    Indicator(
        key="informal_referrals",
        label=_("Referrals to informal help"),
        definition=_(
            "The number of plan actions created in the period at step 2, or done by someone "
            "from the network or a volunteer organisation, or using a volunteer provision of "
            "the social map, or joining a collective activity; per route the number of actions "
            "taking it (one action can take several)."
        ),
        numerator=_("Actions to informal help"),
        denominator="",
        period_rule=_("The date the action was added to the plan."),
        unit="count",
        grouped=informal_referrals_compute,
    )
)
register(
    Indicator(
        key="tailored_advised_granted",
        label=_("Tailored provisions advised and granted"),
        definition=_(
            "Per provision category: weighty advices sent in the period, and of the advices "
            "decided in the period the percentage granted wholly or partly (the current "
            "decision counts)."
        ),
        numerator=_("Advices granted wholly or partly in the period"),
        denominator=_("Advices decided in the period"),
        period_rule=_(
            "The date the advice was sent (sent) and the date of its current decision "
            "(decided, granted)."
        ),
        unit="percent",
        grouped=tailored_advised_granted_compute,
    )
)
register(
    Indicator(
        key="budget_spent",
        label=_("Custom-solutions budget spent"),
        definition=_(
            "The sum of the approved spending requests from the custom-solutions budget, in "
            "euros. A team area's spending is its team's; a neighbourhood's is what was spent "
            "on households living in it."
        ),
        numerator=_("Euros of approved requests"),
        denominator="",
        period_rule=_("The date the request was approved."),
        unit="euro",
        grouped=budget_spent_compute,
        counts_people=False,
    )
)
register(
    Indicator(
        key="meeting_vs_execution_time",
        label=_("Meeting time against execution time"),
        definition=_(
            "Minutes of meeting (case conferences per attendee, and contacts of kind case "
            "conference) per minute of execution (all other contacts), as in the team's time "
            "balance. A team area and a neighbourhood show the figure of their team."
        ),
        numerator=_("Meeting minutes"),
        denominator=_("Execution minutes"),
        period_rule=_("The date of the conference or contact."),
        unit="ratio",
        grouped=meeting_vs_execution_time_compute,
        counts_people=False,
    )
)
