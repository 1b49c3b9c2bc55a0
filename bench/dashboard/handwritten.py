"""The dashboard's figures in hand-written PostgreSQL: the yardstick for ``run.py``.

The same figures as ``wijkteam.monitoring.indicators`` (every indicator's value, numerator,
denominator and breakdown, as ``Result`` objects), for one scope (the municipality or one team)
and several periods at once, optionally also per team (the dashboard's comparison between
teams, for the first period only). Written as an expert would for PostgreSQL: one statement per
base table, every period in the same pass (a ``per`` row per period joined on its bounds),
``GROUPING SETS`` for the municipality and its teams together, ``FILTER`` for the parts,
``percentile_disc`` for the nearest-rank median and 90th percentile, lateral ``LIMIT 1`` look-ups
on the existing (case, date) indexes for "first contact", "state at a moment", "first intake".

What is not SQL, and why: the first-contact term of the waiting list counts working days with
the Dutch holiday calendar (``wijkteam.core.workdays``, the ``holidays`` package), so the last
registration day that is overdue is worked out per team in Python (a few dates) and passed in;
and the rounding of ratios is done in Python as the app does (half-even on floats and
decimals), so that equal counts give equal figures.

The enum values come from the app's own choices, so a renamed status would fail loudly here.
"""

# The SQL is assembled from fixed fragments in this file; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection

from wijkteam.backoffice.models import AdviceStatus
from wijkteam.budget.models import SpendingStatus
from wijkteam.cases.lifecycle import OPEN_STATES, Status, StopReason, Transition
from wijkteam.cases.models import ContactKind
from wijkteam.core.domains import LifeDomain
from wijkteam.core.steps import Step
from wijkteam.monitoring.area_analysis import PROBLEM_SCORE_MAX
from wijkteam.monitoring.indicators import INDICATORS, Period, Result
from wijkteam.monitoring.indicators.flow import RETURN_WINDOW, _latest_registration_day
from wijkteam.monitoring.indicators.outcomes import MULTI_PROBLEM_MINIMUM
from wijkteam.plans.models import ActionStatus, Outcome, Performer
from wijkteam.socialmap.models import ProvisionKind
from wijkteam.zrm.models import AssessmentKind

MUNICIPALITY_KEY = None  # the row of the whole scope, next to one row per team id

PARAMS = {
    "tz": settings.TIME_ZONE,
    "registered": Status.REGISTERED.value,
    "intake": Status.INTAKE.value,
    "plan_active": Status.PLAN_ACTIVE.value,
    "closed": Status.CLOSED.value,
    "stopped": Status.STOPPED.value,
    "open_states": sorted(s.value for s in OPEN_STATES),
    "stop": Transition.STOP.value,
    "answered": StopReason.ANSWERED.value,
    "return_days": RETURN_WINDOW.days,
    "closing": AssessmentKind.CLOSING.value,
    "intake_kind": AssessmentKind.INTAKE.value,
    "problem_max": PROBLEM_SCORE_MAX,
    "multi_min": MULTI_PROBLEM_MINIMUM,
    "reached": [Outcome.REACHED.value, Outcome.PARTLY.value],
    "tailored_step": Step.TAILORED.value,
    "cancelled": ActionStatus.CANCELLED.value,
    "network_step": Step.NETWORK.value,
    "informal": [Performer.NETWORK_PERSON.value, Performer.VOLUNTEER_ORGANISATION.value],
    "volunteer": ProvisionKind.VOLUNTEER.value,
    "decided": [
        AdviceStatus.GRANTED.value,
        AdviceStatus.PARTLY_GRANTED.value,
        AdviceStatus.REFUSED.value,
    ],
    "granted": [AdviceStatus.GRANTED.value, AdviceStatus.PARTLY_GRANTED.value],
    "approved": SpendingStatus.APPROVED.value,
    "conference_kind": ContactKind.CASE_CONFERENCE.value,
}

# The periods as rows: i (0 = the period shown, 1 = the previous one, …), the first and last
# day, the first moment and the first moment after.
PER = """per(i, d0, d1, t0, t1) AS (
    SELECT * FROM unnest(%(i)s::int[], %(d0)s::date[], %(d1)s::date[],
                         %(t0)s::timestamptz[], %(t1)s::timestamptz[])
)"""


@dataclass(frozen=True)
class Shape:
    """How a statement is scoped and grouped: one team (``team``) or everything, and with or
    without one row per team for period 0 (``compare``)."""

    team: int | None
    compare: bool

    def where(self, column: str) -> str:
        return f"{column} = %(team)s" if self.team is not None else "TRUE"

    def tkey(self, column: str) -> str:
        """The grouping key of a team, set only in period 0 (the comparison is for the period
        shown)."""
        return f"CASE WHEN p.i = 0 THEN {column} END" if self.compare else "NULL::bigint"

    def group(self, *extra: str) -> str:
        more = "".join(f", {e}" for e in extra)
        if self.compare:
            return f"GROUPING SETS ((p.i{more}), (p.i, tkey{more}))"
        return f"p.i{more}"

    def team_out(self) -> str:
        """The team of an output row: NULL for the scope's own row; -1 for the (unused) team
        rows of the other periods."""
        if self.compare:
            return "CASE WHEN GROUPING(tkey) = 1 THEN NULL ELSE coalesce(tkey, -1) END"
        return "NULL::bigint"


# Rounding exactly as the indicators do ----------------------------------------------------------


def _rate(numerator: int, denominator: int | None, factor: int) -> float | None:
    return round(numerator * factor / denominator, 1) if denominator else None


def _percent(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _durations(count: int, median: int | None, p90: int | None) -> Result:
    return Result(
        value=median,
        numerator=count,
        breakdown={
            "median": Result(value=median, numerator=count),
            "p90": Result(value=p90, numerator=count),
        },
    )


# The statements -----------------------------------------------------------------------------------


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _config(shape: Shape) -> dict:
    """Teams with their first-contact norm, fte of active members and inhabitants of their
    area; the municipality's inhabitants (every neighbourhood) and fte (every team)."""
    rows = _rows(
        """
        SELECT t.id, n.first_contact_working_days,
               (SELECT coalesce(sum(m.fte), 0) FROM teams_membership m
                 WHERE m.team_id = t.id AND m.is_active),
               (SELECT coalesce(sum(nb.population), 0) FROM areas_neighbourhood nb
                 WHERE nb.area_id = t.area_id)
          FROM teams_team t LEFT JOIN teams_teamnorm n ON n.team_id = t.id
        UNION ALL
        SELECT NULL, NULL, NULL, (SELECT coalesce(sum(population), 0) FROM areas_neighbourhood)
        """,
        {},
    )
    default_days = settings.WIJKTEAM_FIRST_CONTACT_WORKING_DAYS
    teams = {r[0]: (r[1] if r[1] is not None else default_days, r[2], r[3]) for r in rows if r[0]}
    municipality_population = next(r[3] for r in rows if r[0] is None)
    return {"teams": teams, "population": municipality_population}


def _registered(shape: Shape, params: dict) -> dict:
    """Cases registered in the period: questions registered, reach, days to first contact and
    to an active plan, multi-problem share."""
    sql = f"""
    WITH {PER},
    reg AS (
        SELECT p.i, {shape.tkey("c.team_id")} AS tkey, c.household_id,
               jsonb_array_length(c.domains) AS domain_count,
               -- greatest() skips NULLs: keep "no contact" and "no plan" NULL.
               CASE WHEN fc.first_on IS NOT NULL THEN
                   greatest(fc.first_on - (c.registered_at AT TIME ZONE %(tz)s)::date, 0)
               END AS contact_wait,
               CASE WHEN pa.plan_at IS NOT NULL THEN
                   greatest((pa.plan_at AT TIME ZONE %(tz)s)::date
                            - (c.registered_at AT TIME ZONE %(tz)s)::date, 0)
               END AS plan_wait,
               (SELECT count(*) FROM zrm_score s
                 WHERE s.assessment_id = fi.id AND s.score <= %(problem_max)s) AS heavy
          FROM per p
          JOIN cases_case c ON c.registered_at >= p.t0 AND c.registered_at < p.t1
          LEFT JOIN LATERAL (SELECT min(ct.date) AS first_on FROM cases_contact ct
                              WHERE ct.case_id = c.id) fc ON TRUE
          LEFT JOIN LATERAL (SELECT min(sc.at) AS plan_at FROM cases_statuschange sc
                              WHERE sc.case_id = c.id AND sc.to_status = %(plan_active)s) pa ON TRUE
          LEFT JOIN LATERAL (SELECT a.id FROM zrm_assessment a
                              WHERE a.case_id = c.id AND a.kind = %(intake_kind)s
                                AND a.person_id IS NULL
                              ORDER BY a.assessed_on, a.created_at, a.id LIMIT 1) fi ON TRUE
         WHERE {shape.where("c.team_id")}
    )
    SELECT p.i, {shape.team_out()},
           count(*), count(DISTINCT household_id),
           count(contact_wait),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY contact_wait),
           percentile_disc(0.9) WITHIN GROUP (ORDER BY contact_wait),
           count(plan_wait),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY plan_wait),
           percentile_disc(0.9) WITHIN GROUP (ORDER BY plan_wait),
           count(*) FILTER (WHERE domain_count >= %(multi_min)s OR heavy >= %(multi_min)s)
      FROM reg p
     GROUP BY {shape.group()}
    """
    out = {}
    for i, team, n, households, nc, c50, c90, npl, p50, p90, multi in _rows(sql, params):
        out[i, team] = {
            "questions_registered": Result(value=n),
            "reach_households": households,
            "days_to_first_contact": _durations(nc, c50, c90),
            "days_to_plan": _durations(npl, p50, p90),
            "multi_problem_share": Result(value=_percent(multi, n), numerator=multi, denominator=n),
        }
    return out


def _changes(shape: Shape, params: dict) -> dict:
    """Status changes in the period: questions answered, cases closed, re-registration."""
    sql = f"""
    WITH {PER},
    ch AS (
        SELECT p.i, {shape.tkey("c.team_id")} AS tkey, sc.case_id, c.household_id,
               sc.to_status = %(closed)s AS closed,
               sc.transition = %(stop)s AND sc.reason = %(answered)s AS answered,
               sc.to_status IN (%(closed)s, %(stopped)s) AS ended,
               CASE WHEN sc.to_status IN (%(closed)s, %(stopped)s) THEN EXISTS (
                   SELECT 1 FROM cases_case again
                    WHERE again.household_id = c.household_id
                      AND again.registered_at > sc.at
                      AND again.registered_at <= sc.at + make_interval(days => %(return_days)s))
               END AS returned
          FROM per p
          JOIN cases_statuschange sc ON sc.at >= p.t0 AND sc.at < p.t1
          JOIN cases_case c ON c.id = sc.case_id
         WHERE {shape.where("c.team_id")}
           AND (sc.to_status IN (%(closed)s, %(stopped)s)
                OR (sc.transition = %(stop)s AND sc.reason = %(answered)s))
    )
    SELECT p.i, {shape.team_out()},
           count(DISTINCT case_id) FILTER (WHERE closed OR answered),
           count(DISTINCT case_id) FILTER (WHERE closed),
           count(DISTINCT case_id) FILTER (WHERE answered),
           count(DISTINCT household_id) FILTER (WHERE ended),
           count(DISTINCT household_id) FILTER (WHERE returned)
      FROM ch p
     GROUP BY {shape.group()}
    """
    out = {}
    for i, team, total, closed, answered, households, returned in _rows(sql, params):
        out[i, team] = {
            "questions_answered": Result(
                value=total,
                breakdown={
                    "closed": Result(value=closed),
                    "answered_without_case": Result(value=answered),
                },
            ),
            "cases_closed": Result(value=closed),
            "re_registration_12_months": Result(
                value=_rate(returned, households, 100),
                numerator=returned,
                denominator=households,
            ),
        }
    return out


def _states(shape: Shape, params: dict, cutoffs: list[tuple[int, int, object]]) -> dict:
    """The state of every case at the end of the period (its last status change before then):
    open cases and the waiting list."""
    sql = f"""
    WITH {PER},
    cutoff(i, team_id, before) AS (
        SELECT * FROM unnest(%(cut_i)s::int[], %(cut_team)s::bigint[],
                             %(cut_before)s::timestamptz[])
    ),
    st AS (
        SELECT p.i, {shape.tkey("c.team_id")} AS tkey,
               coalesce(last.to_status, %(registered)s) AS state,
               c.registered_at < cu.before
                 AND NOT EXISTS (SELECT 1 FROM cases_contact ct
                                  WHERE ct.case_id = c.id AND ct.date <= p.d1) AS overdue
          FROM per p
          JOIN cases_case c ON c.registered_at < p.t1
          LEFT JOIN cutoff cu ON cu.i = p.i AND cu.team_id = c.team_id
          LEFT JOIN LATERAL (SELECT sc.to_status FROM cases_statuschange sc
                              WHERE sc.case_id = c.id AND sc.at < p.t1
                              ORDER BY sc.at DESC, sc.id DESC LIMIT 1) last ON TRUE
         WHERE {shape.where("c.team_id")}
    )
    SELECT p.i, {shape.team_out()},
           count(*) FILTER (WHERE state = ANY(%(open_states)s)),
           count(*) FILTER (WHERE state IN (%(registered)s, %(intake)s) AND overdue)
      FROM st p
     GROUP BY {shape.group()}
    """
    params = {
        **params,
        "cut_i": [c[0] for c in cutoffs],
        "cut_team": [c[1] for c in cutoffs],
        "cut_before": [c[2] for c in cutoffs],
    }
    return {(i, team): (open_, waiting) for i, team, open_, waiting in _rows(sql, params)}


def _closed_outcomes(shape: Shape, params: dict) -> dict:
    """Cases closed in the period: ZRM change and goals reached without step 4."""
    closed = f"""
    {PER},
    closed AS (
        SELECT DISTINCT p.i, p.d1, {shape.tkey("c.team_id")} AS tkey, c.id AS case_id
          FROM per p
          JOIN cases_statuschange sc ON sc.at >= p.t0 AND sc.at < p.t1
          JOIN cases_case c ON c.id = sc.case_id
         WHERE sc.to_status = %(closed)s AND {shape.where("c.team_id")}
    )"""
    # Per domain and overall: the grouping sets with and without the domain.
    if shape.compare:
        grouping = "GROUPING SETS ((p.i), (p.i, domain), (p.i, tkey), (p.i, tkey, domain))"
    else:
        grouping = "GROUPING SETS ((p.i), (p.i, domain))"
    zrm_sql = f"""
    WITH {closed},
    pairs AS (
        SELECT cl.i, cl.tkey, cl.case_id, cs.domain, cs.score - iscore.score AS change
          FROM closed cl
          CROSS JOIN LATERAL (SELECT a.id FROM zrm_assessment a
                               WHERE a.case_id = cl.case_id AND a.kind = %(closing)s
                                 AND a.person_id IS NULL AND a.assessed_on <= cl.d1
                               ORDER BY a.assessed_on DESC, a.created_at DESC, a.id DESC
                               LIMIT 1) la
          CROSS JOIN LATERAL (SELECT a.id FROM zrm_assessment a
                               WHERE a.case_id = cl.case_id AND a.kind = %(intake_kind)s
                                 AND a.person_id IS NULL
                               ORDER BY a.assessed_on, a.created_at, a.id LIMIT 1) fi
          JOIN zrm_score cs ON cs.assessment_id = la.id
          JOIN zrm_score iscore ON iscore.assessment_id = fi.id AND iscore.domain = cs.domain
    )
    SELECT p.i, {shape.team_out()}, domain, GROUPING(domain),
           sum(change), count(*), count(DISTINCT case_id)
      FROM pairs p
     GROUP BY {grouping}
    """
    zrm: dict = defaultdict(lambda: {"breakdown": {}, "total": (0, 0, 0)})
    for i, team, domain, overall, change, pairs, cases in _rows(zrm_sql, params):
        if overall:
            zrm[i, team]["total"] = (change, pairs, cases)
        else:
            zrm[i, team]["breakdown"][domain] = Result(
                value=_mean(change, pairs), denominator=cases
            )
    goals_sql = f"""
    WITH {closed}
    SELECT p.i, {shape.team_out()},
           count(*),
           count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM plans_action ac
                WHERE ac.goal_id = g.id AND ac.step = %(tailored_step)s
                  AND ac.status <> %(cancelled)s))
      FROM closed p
      JOIN plans_plan pl ON pl.case_id = p.case_id
      JOIN plans_goal g ON g.plan_id = pl.id
     WHERE g.outcome = ANY(%(reached)s)
     GROUP BY {shape.group()}
    """
    goals = {
        (i, team): (reached, without) for i, team, reached, without in _rows(goals_sql, params)
    }
    out: dict = defaultdict(dict)
    for key in set(zrm) | set(goals):
        change, pairs, cases = zrm[key]["total"] if key in zrm else (0, 0, 0)
        parts = zrm[key]["breakdown"] if key in zrm else {}
        out[key]["zrm_change"] = Result(
            value=_mean(change or 0, pairs),
            denominator=cases,
            breakdown={d: parts[d] for d in LifeDomain.values if d in parts},
        )
        reached, without = goals.get(key, (0, 0))
        out[key]["goals_without_step_4"] = Result(
            value=_percent(without, reached), numerator=without, denominator=reached
        )
    return out


def _actions(shape: Shape, params: dict) -> dict:
    """Plan actions created in the period: steps and informal routes."""
    steps = ",\n".join(f"count(*) FILTER (WHERE p.step = {int(s)})" for s in Step.values)
    sql = f"""
    WITH {PER}
    SELECT p.i, {shape.team_out()}, count(*),
           {steps},
           count(*) FILTER (WHERE network OR performer OR volunteer OR collective),
           count(*) FILTER (WHERE network), count(*) FILTER (WHERE performer),
           count(*) FILTER (WHERE volunteer), count(*) FILTER (WHERE collective)
      FROM (SELECT p.i, {shape.tkey("c.team_id")} AS tkey, ac.step,
                   ac.step = %(network_step)s AS network,
                   ac.performer = ANY(%(informal)s) AS performer,
                   coalesce(pv.kind = %(volunteer)s, FALSE) AS volunteer,
                   ac.collective_activity_id IS NOT NULL AS collective
              FROM per p
              JOIN plans_action ac ON ac.created_at >= p.t0 AND ac.created_at < p.t1
              JOIN plans_goal g ON g.id = ac.goal_id
              JOIN plans_plan pl ON pl.id = g.plan_id
              JOIN cases_case c ON c.id = pl.case_id
              LEFT JOIN socialmap_provision pv ON pv.id = ac.provision_id
             WHERE {shape.where("c.team_id")}) p
     GROUP BY {shape.group()}
    """
    out = {}
    for row in _rows(sql, params):
        i, team, total = row[:3]
        per_step = dict(zip(Step.values, row[3 : 3 + len(Step.values)], strict=True))
        informal, network, performer, volunteer, collective = row[3 + len(Step.values) :]
        routes = {
            "step_2": network,
            "informal_performer": performer,
            "volunteer_provision": volunteer,
            "collective_activity": collective,
        }
        out[i, team] = {
            "step_distribution": Result(
                value=total,
                numerator=total,
                breakdown={
                    str(step): Result(
                        value=_percent(per_step[step], total),
                        numerator=per_step[step],
                        denominator=total,
                    )
                    for step in Step.values
                },
            ),
            "informal_referrals": Result(
                value=informal,
                numerator=informal,
                breakdown={k: Result(value=n, numerator=n) for k, n in routes.items()},
            ),
        }
    return out


def _advices(shape: Shape, params: dict) -> dict:
    """Weighty advices sent, or decided, in the period, per category."""
    sql = f"""
    WITH {PER},
    ad AS (
        SELECT p.i, {shape.tkey("c.team_id")} AS tkey, a.category,
               a.sent_at >= p.t0 AND a.sent_at < p.t1 AS sent,
               a.decided_at >= p.t0 AND a.decided_at < p.t1
                 AND a.status = ANY(%(decided)s) AS decided,
               a.status = ANY(%(granted)s) AS granted
          FROM per p
          JOIN backoffice_advice a
            ON (a.sent_at >= p.t0 AND a.sent_at < p.t1)
            OR (a.decided_at >= p.t0 AND a.decided_at < p.t1 AND a.status = ANY(%(decided)s))
          JOIN cases_case c ON c.id = a.case_id
         WHERE {shape.where("c.team_id")}
    )
    SELECT p.i, {shape.team_out()}, category,
           count(*) FILTER (WHERE sent), count(*) FILTER (WHERE decided),
           count(*) FILTER (WHERE decided AND granted)
      FROM ad p
     GROUP BY {shape.group("category")}
    """
    per_key: dict = defaultdict(dict)
    for i, team, category, sent, decided, granted in _rows(sql, params):
        per_key[i, team][category] = Result(
            value=_percent(granted, decided),
            numerator=granted,
            denominator=decided,
            breakdown={"sent": Result(value=sent, numerator=sent)},
        )
    out = {}
    for key, categories in per_key.items():
        breakdown = {c: categories[c] for c in sorted(categories)}
        granted = sum(r.numerator or 0 for r in breakdown.values())
        decided = sum(r.denominator or 0 for r in breakdown.values())
        sent = sum(r.breakdown["sent"].value or 0 for r in breakdown.values())
        out[key] = Result(
            value=_percent(granted, decided),
            numerator=granted,
            denominator=decided,
            breakdown={"sent": Result(value=sent, numerator=sent), **breakdown},
        )
    return out


def _budget(shape: Shape, params: dict) -> dict:
    sql = f"""
    WITH {PER}
    SELECT p.i, {shape.team_out()}, sum(p.amount)
      FROM (SELECT p.i, {shape.tkey("b.team_id")} AS tkey, s.amount
              FROM per p
              JOIN budget_spendingrequest s ON s.decided_at >= p.t0 AND s.decided_at < p.t1
              JOIN budget_teambudget b ON b.id = s.budget_id
             WHERE s.status = %(approved)s AND {shape.where("b.team_id")}) p
     GROUP BY {shape.group()}
    """
    return {(i, team): total for i, team, total in _rows(sql, params)}


def _time(shape: Shape, params: dict) -> dict:
    """Meeting and execution minutes, as the team's time balance counts them: conference
    minutes per attendee, and contacts on the team's cases by people who belong to the team
    (a membership of it, active or not) or attended one of its conferences."""
    sql = f"""
    WITH {PER},
    belongs(user_id, team_id) AS (
        SELECT user_id, team_id FROM teams_membership
        UNION
        SELECT m.user_id, cc.team_id
          FROM cases_caseconference_attendees at
          JOIN cases_caseconference cc ON cc.id = at.caseconference_id
          JOIN teams_membership m ON m.id = at.membership_id
    ),
    minutes AS (
        SELECT p.i, {shape.tkey("cc.team_id")} AS tkey,
               cc.duration_minutes AS meeting, 0 AS execution
          FROM per p
          JOIN cases_caseconference cc ON cc.held_on BETWEEN p.d0 AND p.d1
          JOIN cases_caseconference_attendees at ON at.caseconference_id = cc.id
         WHERE {shape.where("cc.team_id")}
        UNION ALL
        SELECT p.i, {shape.tkey("c.team_id")},
               CASE WHEN ct.kind = %(conference_kind)s THEN ct.duration_minutes ELSE 0 END,
               CASE WHEN ct.kind = %(conference_kind)s THEN 0 ELSE ct.duration_minutes END
          FROM per p
          JOIN cases_contact ct ON ct.date BETWEEN p.d0 AND p.d1
          JOIN cases_case c ON c.id = ct.case_id
          JOIN belongs b ON b.user_id = ct.by_id AND b.team_id = c.team_id
         WHERE {shape.where("c.team_id")}
    )
    SELECT p.i, {shape.team_out()}, coalesce(sum(meeting), 0), coalesce(sum(execution), 0)
      FROM minutes p
     GROUP BY {shape.group()}
    """
    return {(i, team): (int(m), int(e)) for i, team, m, e in _rows(sql, params)}


# Together ----------------------------------------------------------------------------------------


KEYS = tuple(INDICATORS)  # a new indicator the SQL lacks fails the check loudly


def handwritten_compute(
    *, team: int | None, periods: list[Period], compare: bool = False
) -> dict[tuple[int, int | None], dict[str, Result]]:
    """Every indicator for the scope (``team``, or the municipality for ``None``) in each of
    ``periods``, keyed ``(period index, None)``; with ``compare`` also per team for period 0,
    keyed ``(0, team id)``. Nine statements whatever the data size or the number of teams."""
    shape = Shape(team=team, compare=compare)
    moments = [p.moments for p in periods]
    params = {
        **PARAMS,
        "team": team,
        "i": list(range(len(periods))),
        "d0": [p.start for p in periods],
        "d1": [p.end for p in periods],
        "t0": [m[0] for m in moments],
        "t1": [m[1] for m in moments],
    }
    config = _config(shape)
    teams = config["teams"]
    scope_teams = [team] if team is not None else list(teams)
    cutoffs = []
    for i, period in enumerate(periods):
        for pk in scope_teams:
            last_day = _latest_registration_day(period.end, teams[pk][0])
            cutoffs.append((i, pk, Period(last_day, last_day).moments[1]))

    registered = _registered(shape, params)
    changes = _changes(shape, params)
    states = _states(shape, params, cutoffs)
    closed = _closed_outcomes(shape, params)
    actions = _actions(shape, params)
    advices = _advices(shape, params)
    budget = _budget(shape, params)
    minutes = _time(shape, params)

    keys = [(i, None) for i in range(len(periods))]
    if compare:
        keys += [(0, pk) for pk in teams]
    out: dict[tuple[int, int | None], dict[str, Result]] = {}
    for key in keys:
        pk = key[1] if key[1] is not None else team
        if pk is None:
            population = config["population"]
            fte = sum((t[1] for t in teams.values()), Decimal("0"))
        else:
            population, fte = teams[pk][2], teams[pk][1]
        reg = registered.get(key) or {
            "questions_registered": Result(value=0),
            "reach_households": 0,
            "days_to_first_contact": _durations(0, None, None),
            "days_to_plan": _durations(0, None, None),
            "multi_problem_share": Result(value=None, numerator=0, denominator=0),
        }
        ch = changes.get(key) or {
            "questions_answered": Result(
                value=0,
                breakdown={"closed": Result(value=0), "answered_without_case": Result(value=0)},
            ),
            "cases_closed": Result(value=0),
            "re_registration_12_months": Result(value=None, numerator=0, denominator=0),
        }
        open_cases, waiting = states.get(key, (0, 0))
        outcome = closed.get(key) or {
            "zrm_change": Result(value=None, denominator=0, breakdown={}),
            "goals_without_step_4": Result(value=None, numerator=0, denominator=0),
        }
        act = actions.get(key) or {
            "step_distribution": Result(
                value=0,
                numerator=0,
                breakdown={
                    str(s): Result(value=None, numerator=0, denominator=0) for s in Step.values
                },
            ),
            "informal_referrals": Result(
                value=0,
                numerator=0,
                breakdown={
                    k: Result(value=0, numerator=0)
                    for k in (
                        "step_2",
                        "informal_performer",
                        "volunteer_provision",
                        "collective_activity",
                    )
                },
            ),
        }
        meeting, execution = minutes.get(key, (0, 0))
        households = reg["reach_households"]
        per_fte = (Decimal(open_cases) / fte).quantize(Decimal("0.1")) if fte else None
        figures = {
            **{k: v for k, v in reg.items() if k != "reach_households"},
            **ch,
            **outcome,
            **act,
            "reach_per_1000": Result(
                value=_rate(households, population, 1000),
                numerator=households,
                denominator=population,
            ),
            "waiting_list": Result(value=waiting),
            "open_cases_per_fte": Result(
                value=float(per_fte) if per_fte is not None else None,
                numerator=open_cases,
                denominator=None,
                breakdown={"fte": Result(value=float(fte))},
            ),
            "tailored_advised_granted": advices.get(key)
            or Result(
                value=None,
                numerator=0,
                denominator=0,
                breakdown={"sent": Result(value=0, numerator=0)},
            ),
            "budget_spent": Result(value=float(budget.get(key) or Decimal("0"))),
            "meeting_vs_execution_time": Result(
                value=round(meeting / execution, 2) if execution else None,
                numerator=meeting,
                denominator=execution,
                breakdown={
                    "meeting": Result(value=meeting),
                    "execution": Result(value=execution),
                },
            ),
        }
        out[key] = {k: figures[k] for k in KEYS}
    return out
