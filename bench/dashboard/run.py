"""Time the monitoring dashboard against hand-written SQL for the same figures (issue 6).

    DATABASE_URL=postgres://… WIJKTEAM_DEBUG=true .venv/bin/python bench/dashboard/run.py \
        --team largest --year 2025 --month 2026-10 [--repeat 5] [--no-check] [--analyze]

Two views, as the page /monitoring/dashboard/ computes them (``monitoring.views`` calls
``dashboard_compute`` with the parsed scope and period and no ``compare``):

- the municipality for a year: every indicator for the year and the year before, and the
  comparison between the teams (every indicator per team, for the year), seen by a policy
  advisor;
- one team for a month: every indicator for the month and the month before, seen by a member
  of that team (exact figures, no comparison).

For each, (a) ``dashboard_compute`` and (b) ``handwritten.handwritten_compute`` for the same
scope, periods and comparison are run once to warm up and then ``--repeat`` times; the median
and the fastest run are printed with the ratio app/SQL, the app's query count and whether the
targets hold (app within 2× of the SQL; the team-month under 1 s). Tables that were never
analysed are reported (``--analyze`` analyses them first): the data generator loads with COPY
and a server with autovacuum off never gathers statistics by itself.

Before timing, the hand-written figures are checked against the app's: every indicator's
``Result`` (value, numerator, denominator, breakdown) for the scope in both periods and for
every team in the comparison must be equal, or the run stops with the differences.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkteam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from handwritten import handwritten_compute  # noqa: E402

from wijkteam.access.roles import ROLE_GROUPS, Role  # noqa: E402
from wijkteam.accounts.models import User  # noqa: E402
from wijkteam.cases.models import Case, Contact, StatusChange  # noqa: E402
from wijkteam.households.models import Household  # noqa: E402
from wijkteam.monitoring.dashboard import (  # noqa: E402
    MONTH,
    YEAR,
    DashboardPeriod,
    dashboard_compute,
)
from wijkteam.monitoring.indicators import INDICATORS, TEAM, Scope  # noqa: E402
from wijkteam.plans.models import Action  # noqa: E402
from wijkteam.teams.models import Membership, Team  # noqa: E402
from wijkteam.zrm.models import Assessment  # noqa: E402

RATIO_TARGET = 2.0
TEAM_MONTH_TARGET_S = 1.0


def machine() -> list[str]:
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        shown = []
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "jit",
            "max_parallel_workers_per_gather",
            "random_page_cost",
        ):
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name}={cursor.fetchone()[0]}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"machine: {os.cpu_count()} cpus (nproc), {memory} memory, load average {load}",
        f"PostgreSQL {version}: {', '.join(shown)}",
    ]


def statistics_check(*, analyze: bool) -> None:
    """The planner needs statistics: COPY-loaded tables have none until ANALYZE runs (and on a
    server with autovacuum off, never), and without them the app's plans go from seconds to
    minutes. ``--analyze`` runs ANALYZE first; otherwise a missing one is reported."""
    with connection.cursor() as cursor:
        if analyze:
            started = time.perf_counter()
            cursor.execute("ANALYZE")
            print(f"ANALYZE: {time.perf_counter() - started:.1f} s")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > 1000"
            " AND last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY relname"
        )
        never = [name for (name,) in cursor.fetchall()]
    if never:
        print(f"WARNING: never analysed: {', '.join(never)}; run with --analyze")


def data_size() -> str:
    counts = {
        "households": Household.objects.count(),
        "cases": Case.objects.count(),
        "status changes": StatusChange.objects.count(),
        "contacts": Contact.objects.count(),
        "assessments": Assessment.objects.count(),
        "actions": Action.objects.count(),
        "teams": Team.objects.count(),
    }
    return "data: " + ", ".join(f"{n:,} {name}" for name, n in counts.items())


def team_pick(value: str) -> int:
    if value != "largest":
        return int(value)
    return (
        Case.objects.values("team_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "team_id")
        .values_list("team_id", flat=True)
        .first()
    )


def policy_advisor() -> User:
    user = User.objects.filter(groups__name=ROLE_GROUPS[Role.POLICY_ADVISOR], is_active=True)
    found = user.order_by("pk").first()
    if found is None:
        sys.exit("No active policy advisor: generate data with manage.py generate_data first.")
    return found


def team_member(team: int) -> User:
    membership = (
        Membership.objects.filter(team_id=team, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        sys.exit(f"Team {team} has no active member.")
    return membership.user


def check(*, team: int | None, when: DashboardPeriod, compare: bool) -> int:
    """The hand-written figures against the app's: each indicator's ``compute`` for the scope
    in both periods and, with ``compare``, its ``compute_teams`` for every team in the period
    shown (what the dashboard's comparison calls). The number of figures compared."""
    periods = [when.period, when.previous().period]
    scope = Scope(TEAM, team) if team is not None else Scope()
    ours = handwritten_compute(team=team, periods=periods, compare=compare)
    app: dict = {}
    for key, indicator in INDICATORS.items():
        for i, period in enumerate(periods):
            app[i, None, key] = indicator.compute(scope=scope, period=period)
        if compare:
            teams = list(Team.objects.values_list("pk", flat=True))
            for pk, result in indicator.compute_teams(period=periods[0], teams=teams).items():
                app[0, pk, key] = result
    differences = [
        f"  {key} period {i} team {pk}:\n    app {result}\n    sql {ours[i, pk][key]}"
        for (i, pk, key), result in app.items()
        if (i, pk) not in ours or ours[i, pk][key] != result
    ]
    unexpected = set(ours) - {(i, pk) for i, pk, _key in app}
    if unexpected:
        differences.append(f"  unexpected keys {sorted(unexpected, key=str)}")
    if differences:
        print("THE HAND-WRITTEN SQL DOES NOT GIVE THE APP'S FIGURES:")
        print("\n".join(differences))
        sys.exit(1)
    return len(app)


def timed(function, repeat: int) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--team", default="largest", help="a team id, or 'largest' (most cases)")
    parser.add_argument("--year", type=int, required=True, help="the municipality's year")
    parser.add_argument("--month", required=True, help="the team's month, YYYY-MM")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-check", action="store_true", help="skip the equality check")
    parser.add_argument("--analyze", action="store_true", help="ANALYZE the database first")
    parser.add_argument(
        "--only", choices=("municipality", "team"), help="time only this view (default both)"
    )
    args = parser.parse_args()
    year, month = (int(part) for part in args.month.split("-"))
    team = team_pick(args.team)

    for line in machine():
        print(line)
    statistics_check(analyze=args.analyze)
    print(data_size())
    views = [
        (
            f"municipality, year {args.year}",
            None,
            DashboardPeriod(YEAR, args.year),
            policy_advisor(),
            True,
        ),
        (
            f"team {team}, month {args.month}",
            team,
            DashboardPeriod(MONTH, year, month),
            team_member(team),
            False,
        ),
    ]
    if args.only:
        views = [view for view in views if (view[1] is None) == (args.only == "municipality")]
    rows = []
    for label, pk, when, user, compare in views:
        if not args.no_check:
            started = time.perf_counter()
            compared = check(team=pk, when=when, compare=compare)
            print(
                f"{label}: {compared} indicator results equal to the app's "
                f"(checked in {time.perf_counter() - started:.1f} s)"
            )
        scope = Scope(TEAM, pk) if pk is not None else Scope()
        periods = [when.period, when.previous().period]

        def app(scope=scope, when=when, user=user):
            return dashboard_compute(user=user, scope=scope, period=when)

        def sql(pk=pk, periods=periods, compare=compare):
            return handwritten_compute(team=pk, periods=periods, compare=compare)

        with CaptureQueriesContext(connection) as app_queries:
            app()
        with CaptureQueriesContext(connection) as sql_queries:
            sql()
        app_times = timed(app, args.repeat)
        sql_times = timed(sql, args.repeat)
        rows.append((label, app_times, sql_times, len(app_queries), len(sql_queries)))

    print()
    print(
        "| view | app median s | app min s | SQL median s | SQL min s | app/SQL | "
        "app queries | SQL queries | target |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, app_times, sql_times, app_n, sql_n in rows:
        app_median, sql_median = statistics.median(app_times), statistics.median(sql_times)
        ratio = app_median / sql_median
        verdicts = ["≤ 2×" if ratio <= RATIO_TARGET else "**> 2×**"]
        if label.startswith("team"):
            verdicts.append("< 1 s" if app_median < TEAM_MONTH_TARGET_S else "**≥ 1 s**")
        print(
            f"| {label} | {app_median:.3f} | {min(app_times):.3f} | {sql_median:.3f} | "
            f"{min(sql_times):.3f} | {ratio:.1f} | {app_n} | {sql_n} | {', '.join(verdicts)} |"
        )
    print(f"\n{args.repeat} timed runs each after one warm-up; medians and fastest runs.")


if __name__ == "__main__":
    main()
