"""Reads of neighbourhood signals, for the pages, the export and the API.

Every count of households leaves here through ``wijkteam.core.disclosure``: the households of
the period are at or above the minimum by construction, but the previous period's count, the
expected number and the ratio (which give away how many households elsewhere have the theme)
may be small and are then withheld. No read here touches a household's file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.community.models import NeighbourhoodSignal, SignalDetection
from wijkteam.community.roles import may_work_on, teams_of_member, teams_readable_by
from wijkteam.core import disclosure
from wijkteam.core.errors import Forbidden, NotFoundOrHidden

# The trend of the households between the previous period and this one.
TREND_WORDS = {
    "rising": gettext_lazy("rising"),
    "stable": gettext_lazy("stable"),
    "falling": gettext_lazy("falling"),
}


def signals_reader_require(*, user: User) -> None:
    """Signals are for team members and policy advisors; everyone else is refused (403)."""
    if not (teams_of_member(user=user).exists() or has_role(user, Role.POLICY_ADVISOR)):
        raise Forbidden(
            _("Neighbourhood signals are for the neighbourhood teams and policy advisors."),
            code="not_allowed",
        )


def _latest(field: str) -> Subquery:
    latest = SignalDetection.objects.filter(signal=OuterRef("pk")).order_by("-detected_at", "-pk")
    return Subquery(latest.values(field)[:1])


def signals_visible_to(
    *,
    user: User,
    team: int | None = None,
    status: str = "",
    theme: int | None = None,
    origin: str = "",
) -> QuerySet[NeighbourhoodSignal]:
    """The signals of the teams ``user`` may read, newest first, with the latest detection's
    counts as ``latest_households`` and ``latest_previous`` (raw: show them through
    ``signal_figures``)."""
    signals = NeighbourhoodSignal.objects.filter(team__in=teams_readable_by(user=user))
    if team:
        signals = signals.filter(team_id=team)
    if status:
        signals = signals.filter(status=status)
    if theme:
        signals = signals.filter(theme_id=theme)
    if origin:
        signals = signals.filter(origin=origin)
    return (
        signals.select_related("team", "neighbourhood", "theme")
        .annotate(
            latest_households=_latest("households"),
            latest_previous=_latest("previous_households"),
        )
        .order_by("-created_at", "-pk")
    )


def signal_get(*, user: User, pk: int) -> NeighbourhoodSignal:
    """One signal ``user`` may read, or ``NotFoundOrHidden``."""
    signal = signals_visible_to(user=user).filter(pk=pk).first()
    if signal is None:
        raise NotFoundOrHidden("not found")
    return signal


def trend(households: int, previous: int) -> str:
    """``rising`` at a quarter more than the previous period, ``falling`` at a fifth less."""
    if households >= previous * 1.25 and households > previous:
        return "rising"
    if households <= previous * 0.8 and households < previous:
        return "falling"
    return "stable"


@dataclass(frozen=True)
class DetectionFigures:
    """One detection as it may be shown: counts through ``disclosure``."""

    detected_at: Any
    period_start: date
    period_end: date
    households: int | disclosure.Suppressed
    previous_households: int | disclosure.Suppressed
    trend: str
    expected: float | disclosure.Suppressed
    ratio: float | disclosure.Suppressed | None
    p_value: float

    @property
    def trend_word(self) -> str:
        return str(TREND_WORDS[self.trend])

    @property
    def baseline_withheld(self) -> bool:
        """Expected and ratio are withheld (too few households elsewhere)."""
        return isinstance(self.expected, disclosure.Suppressed)


def _rest_population(neighbourhood: Neighbourhood) -> int:
    total = Neighbourhood.objects.filter(
        area__municipality_id=neighbourhood.area.municipality_id, population__gt=0
    ).aggregate(total=Sum("population"))["total"]
    return (total or 0) - neighbourhood.population


def detection_figures(
    detection: SignalDetection, *, neighbourhood: Neighbourhood, rest_population: int
) -> DetectionFigures:
    """``detection`` for display. The expected number is the rest of the municipality's rate
    times the inhabitants, so with the populations it gives away the rest's count of
    households: when that count is below the threshold, expected and ratio are withheld."""
    population = neighbourhood.population or 0
    rest_households = round(detection.expected * rest_population / population) if population else 0
    expected: float | disclosure.Suppressed = round(detection.expected, 1)
    ratio: float | disclosure.Suppressed | None = (
        round(detection.households / detection.expected, 1) if detection.expected else None
    )
    if not disclosure.is_disclosable(rest_households):
        expected = ratio = disclosure.Suppressed(disclosure.threshold())
    return DetectionFigures(
        detected_at=detection.detected_at,
        period_start=detection.period_start,
        period_end=detection.period_end,
        households=disclosure.count_disclosed(detection.households),
        previous_households=disclosure.count_disclosed(detection.previous_households),
        trend=trend(detection.households, detection.previous_households),
        expected=expected,
        ratio=ratio,
        p_value=detection.p_value,
    )


@dataclass(frozen=True)
class SignalPage:
    signal: NeighbourhoodSignal
    latest: DetectionFigures | None
    detections: list[DetectionFigures]
    status_changes: list
    activities: list
    may_work: bool


def signal_page(*, user: User, pk: int) -> SignalPage:
    """Everything the signal's page shows, for ``user``."""
    signal = signal_get(user=user, pk=pk)
    detections = list(signal.detections.all())
    figures: list[DetectionFigures] = []
    if detections:
        rest = _rest_population(signal.neighbourhood)
        figures = [
            detection_figures(d, neighbourhood=signal.neighbourhood, rest_population=rest)
            for d in detections
        ]
    return SignalPage(
        signal=signal,
        latest=figures[-1] if figures else None,
        detections=list(reversed(figures)),
        status_changes=list(signal.status_changes.select_related("by").order_by("at", "pk")),
        activities=list(signal.activities.all()),
        may_work=may_work_on(user=user, team=signal.team_id),
    )


def signal_counts(signal: NeighbourhoodSignal) -> tuple[Any, Any]:
    """The latest detection's households and previous households of a signal from
    ``signals_visible_to``, through ``disclosure``; ``(None, None)`` for a filed signal."""
    if signal.latest_households is None:
        return None, None
    return (
        disclosure.count_disclosed(signal.latest_households),
        disclosure.count_disclosed(signal.latest_previous),
    )


EXPORT_COLUMNS = (
    "reference",
    "team",
    "neighbourhood",
    "theme",
    "origin",
    "status",
    "households",
    "previous_households",
    "created_on",
)


def signals_export(*, signals: Iterable[NeighbourhoodSignal], stream: IO[str]) -> int:
    """The signals as CSV rows, suppressed counts as "<5". The description is left out: it is
    the filer's own words and may name a street or a building (docs/community-work.md)."""
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for signal in signals:
        households, previous = signal_counts(signal)
        writer.writerow(
            [
                signal.reference,
                signal.team.name,
                signal.neighbourhood.name,
                signal.theme.name if signal.theme else "",
                signal.origin,
                signal.status,
                disclosure.csv_value(households),
                disclosure.csv_value(previous),
                timezone.localdate(signal.created_at).isoformat(),
            ]
        )
        rows += 1
    return rows
