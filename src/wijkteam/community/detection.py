"""Finding neighbourhood signals in the registrations (ADR 0011).

Per neighbourhood and active theme, ``n`` is the number of distinct households whose case got
that theme in the last ``WIJKTEAM_SIGNAL_PERIOD_DAYS`` days. The baseline is the municipality's
rate *outside* that neighbourhood (households with the theme in its other neighbourhoods per
inhabitant of those), so what would be ``expected`` in the neighbourhood is that rate times its
inhabitants. A signal is raised when

- ``n >= WIJKTEAM_SIGNAL_MINIMUM`` (never fewer than the disclosure threshold: settings refuse
  a smaller minimum), and
- ``n >= expected × WIJKTEAM_SIGNAL_RATIO_PERCENT / 100`` (clearly above, not just above), and
- the one-sided Poisson tail ``P(X >= n | λ = expected) < WIJKTEAM_SIGNAL_ALPHA_PERMILLE / 1000``.

A rise everywhere raises the baseline with it, so it is no neighbourhood signal. The counts are
four aggregate queries for the whole municipality, whatever the number of neighbourhoods and
themes. Running again while a detected signal for the pair is open (new or taken up) appends a
``SignalDetection`` to it instead of raising a second signal.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import CaseTheme, Theme
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalDetection,
    SignalOrigin,
    SignalStatus,
    SignalStatusChange,
)

logger = logging.getLogger(__name__)

OPEN_STATUSES = (SignalStatus.NEW, SignalStatus.TAKEN_UP)


@dataclass(frozen=True)
class DetectionSummary:
    """What one run did: numbers only, nothing about a household."""

    period_start: date
    period_end: date
    pairs_checked: int
    raised: int
    updated: int
    skipped_without_team: int
    # Open signals this period was already recorded for (the job ran twice on one day).
    already_recorded: int = 0


@dataclass(frozen=True)
class Finding:
    neighbourhood_id: int
    theme_id: int
    households: int
    previous_households: int
    expected: float
    p_value: float


def poisson_tail(n: int, expected: float) -> float:
    """``P(X >= n)`` for ``X ~ Poisson(expected)``, summed in log space (``math.lgamma``), so a
    tail of 1e-30 comes out as that and not as 0 from ``1 - cdf``."""
    if n <= 0:
        return 1.0
    if expected <= 0:
        return 0.0  # X is always 0
    log_lambda = math.log(expected)

    def log_term(k: int) -> float:
        return -expected + k * log_lambda - math.lgamma(k + 1)

    if n <= expected:
        # The tail is large: 1 - P(X < n) loses nothing worth having here.
        below = sum(math.exp(log_term(k)) for k in range(n))
        return min(1.0, max(0.0, 1.0 - below))
    # Past the mode the terms only shrink; add them until they no longer count.
    first = log_term(n)
    total = 0.0
    k = n
    while k < n + 100_000:
        relative = math.exp(log_term(k) - first)
        total += relative
        if relative < 1e-17 * total:
            break
        k += 1
    return min(1.0, math.exp(first + math.log(total)))


def detection_period(*, today: date, days: int | None = None) -> tuple[date, date]:
    """The period that ends ``today`` (inclusive) and is ``days`` long."""
    days = days or settings.WIJKTEAM_SIGNAL_PERIOD_DAYS
    return today - timedelta(days=days - 1), today


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _counts(start: date, end: date) -> dict[tuple[int, int], int]:
    """Distinct households per (neighbourhood, theme) whose case got the theme from ``start``
    up to and including ``end``: one query."""
    rows = (
        CaseTheme.objects.filter(
            added_at__gte=_moment(start),
            added_at__lt=_moment(end + timedelta(days=1)),
            theme__is_active=True,
            case__household__neighbourhood__population__gt=0,
        )
        .values("case__household__neighbourhood_id", "theme_id")
        .annotate(households=Count("case__household_id", distinct=True))
        .order_by()
    )
    return {
        (row["case__household__neighbourhood_id"], row["theme_id"]): row["households"]
        for row in rows
    }


def signals_find(*, today: date) -> tuple[list[Finding], int]:
    """The (neighbourhood, theme) pairs that meet the three conditions, and how many pairs were
    checked. Reads only; ``signals_detect`` writes."""
    start, end = detection_period(today=today)
    days = (end - start).days + 1
    previous = _counts(start - timedelta(days=days), start - timedelta(days=1))
    current = _counts(start, end)
    neighbourhoods = list(
        Neighbourhood.objects.filter(population__gt=0).values(
            "pk", "population", "area__municipality_id"
        )
    )
    theme_ids = list(Theme.objects.filter(is_active=True).values_list("pk", flat=True))
    population: dict[int, int] = defaultdict(int)  # per municipality
    total: dict[tuple[int, int], int] = defaultdict(int)  # per (municipality, theme)
    municipality_of = {}
    for row in neighbourhoods:
        municipality_of[row["pk"]] = row["area__municipality_id"]
        population[row["area__municipality_id"]] += row["population"]
    for (neighbourhood_id, theme_id), households in current.items():
        total[(municipality_of[neighbourhood_id], theme_id)] += households

    minimum = settings.WIJKTEAM_SIGNAL_MINIMUM
    ratio = settings.WIJKTEAM_SIGNAL_RATIO_PERCENT / 100
    alpha = settings.WIJKTEAM_SIGNAL_ALPHA_PERMILLE / 1000
    findings: list[Finding] = []
    checked = 0
    for row in neighbourhoods:
        municipality = row["area__municipality_id"]
        rest_population = population[municipality] - row["population"]
        for theme_id in theme_ids:
            checked += 1
            households = current.get((row["pk"], theme_id), 0)
            if households < minimum:
                continue
            rest = total[(municipality, theme_id)] - households
            rate = rest / rest_population if rest_population > 0 else 0.0
            expected = rate * row["population"]
            if households < expected * ratio:
                continue
            p_value = poisson_tail(households, expected)
            if p_value >= alpha:
                continue
            findings.append(
                Finding(
                    neighbourhood_id=row["pk"],
                    theme_id=theme_id,
                    households=households,
                    previous_households=previous.get((row["pk"], theme_id), 0),
                    expected=expected,
                    p_value=p_value,
                )
            )
    return findings, checked


@transaction.atomic
def signals_detect(*, today: date | None = None) -> DetectionSummary:
    """Find the neighbourhood signals of the period ending ``today`` and raise them to the
    area's team, or add this run to the open signal that already says so. A second run on the
    same day adds nothing: the period is already recorded."""
    today = today or timezone.localdate()
    start, end = detection_period(today=today)
    findings, checked = signals_find(today=today)
    teams = dict(
        Neighbourhood.objects.filter(
            pk__in={f.neighbourhood_id for f in findings}, area__team__isnull=False
        ).values_list("pk", "area__team__id")
    )
    open_signals = {
        (signal.neighbourhood_id, signal.theme_id): signal
        for signal in NeighbourhoodSignal.objects.filter(
            origin=SignalOrigin.DETECTED,
            status__in=OPEN_STATUSES,
            neighbourhood_id__in={f.neighbourhood_id for f in findings},
        )
        .annotate(last_period_end=Max("detections__period_end"))
        .order_by("created_at", "pk")
    }
    raised = updated = skipped = already = 0
    for finding in findings:
        signal = open_signals.get((finding.neighbourhood_id, finding.theme_id))
        if signal is None:
            team_id = teams.get(finding.neighbourhood_id)
            if team_id is None:
                skipped += 1
                continue
            signal = NeighbourhoodSignal.objects.create(
                team_id=team_id,
                neighbourhood_id=finding.neighbourhood_id,
                theme_id=finding.theme_id,
                origin=SignalOrigin.DETECTED,
            )
            SignalStatusChange.objects.create(
                signal=signal, from_status="", to_status=SignalStatus.NEW, by=None
            )
            raised += 1
            logger.info("signal_raised signal=%s team=%s", signal.pk, team_id)
        elif signal.last_period_end == end:
            already += 1
            continue
        else:
            updated += 1
        SignalDetection.objects.create(
            signal=signal,
            period_start=start,
            period_end=end,
            households=finding.households,
            previous_households=finding.previous_households,
            expected=finding.expected,
            p_value=finding.p_value,
        )
    logger.info(
        "signals_detected checked=%s raised=%s updated=%s skipped=%s already=%s",
        checked,
        raised,
        updated,
        skipped,
        already,
    )
    return DetectionSummary(
        period_start=start,
        period_end=end,
        pairs_checked=checked,
        raised=raised,
        updated=updated,
        skipped_without_team=skipped,
        already_recorded=already,
    )
