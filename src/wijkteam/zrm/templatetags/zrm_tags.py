"""The ZRM progress chart: server-rendered inline SVG, one small panel per scored domain.

Small multiples rather than one chart with thirteen lines: a line per domain would need thirteen
colours to tell apart, which fails people who do not see colour; a panel per domain is named in
words and every panel shares the same axes, so panels compare at a glance. The numbers are also
given as a table, the text alternative for everyone who cannot use the picture.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.formats import date_format

from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Household
from wijkteam.zrm.matrix import LEVELS
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.selectors import ScorePoint, zrm_progress

register = template.Library()

# Panel geometry in SVG user units; the panel scales to its container through the viewBox.
WIDTH = 420
HEIGHT = 170
LEFT = 168  # room for the level labels ("4 Sufficiently self-reliant", "4 Voldoende …")
RIGHT = 36  # room for half of the last date label
TOP = 12
BOTTOM = 34
INSET = 10  # keeps the first and last point off the axes
MAX_DATE_LABELS = 4
MIN_LABEL_GAP = 76  # a short date is about 65 units wide


def _y(score: int) -> float:
    return round(TOP + (5 - score) / 4 * (HEIGHT - TOP - BOTTOM), 1)


def _x_scale(dates: list[date]):
    first, last = min(dates), max(dates)
    left, right = LEFT + INSET, WIDTH - RIGHT - INSET
    span = (last - first).days

    def x(day: date) -> float:
        if span == 0:
            return round((left + right) / 2, 1)
        return round(left + (day - first).days / span * (right - left), 1)

    return x


def _date_ticks(dates: list[date], x) -> list[dict[str, Any]]:
    """At most a few date labels, never overlapping, always the first and the last."""
    distinct = sorted(set(dates))
    if len(distinct) > MAX_DATE_LABELS:
        step = (len(distinct) - 1) / (MAX_DATE_LABELS - 1)
        distinct = [distinct[round(i * step)] for i in range(MAX_DATE_LABELS)]
    ticks: list[dict[str, Any]] = []
    for day in distinct:
        position = x(day)
        if ticks and position - ticks[-1]["x"] < MIN_LABEL_GAP:
            if day != distinct[-1]:
                continue
            ticks.pop()
        ticks.append({"x": position, "label": date_format(day, "SHORT_DATE_FORMAT")})
    return ticks


def _point(point: ScorePoint, x) -> dict[str, Any]:
    return {
        "x": x(point.assessed_on),
        "y": _y(point.score),
        "score": point.score,
        "level": LEVELS[point.score],
        "date": point.assessed_on,
        "kind": AssessmentKind(point.kind).label,
    }


def zrm_chart_context(*, household: Household, person_id: int | None = None) -> dict[str, Any]:
    """What the chart template needs: a panel per domain with scores, and the shared axes."""
    series = zrm_progress(household=household, person_id=person_id)
    dates = [point.assessed_on for points in series.values() for point in points]
    chart_id = f"zrm-{household.pk}-{person_id or 'household'}"
    if not dates:
        return {"panels": [], "chart_id": chart_id}
    x = _x_scale(dates)
    panels = []
    for domain, label in LifeDomain.choices:
        points = [_point(point, x) for point in series.get(domain, [])]
        if not points:
            continue
        panels.append(
            {
                "domain": domain,
                "label": label,
                "points": points,
                "line": " ".join(f"{p['x']},{p['y']}" for p in points),
                "first": points[0],
                "last": points[-1],
            }
        )
    return {
        "chart_id": chart_id,
        "panels": panels,
        "width": WIDTH,
        "height": HEIGHT,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_bottom": HEIGHT - BOTTOM,
        "label_x": LEFT - 8,
        "date_label_y": HEIGHT - BOTTOM + 18,
        "y_ticks": [
            {"y": _y(score), "score": score, "label": LEVELS[score]} for score in range(5, 0, -1)
        ],
        "x_ticks": _date_ticks(dates, x),
    }


@register.inclusion_tag("zrm/zrm_chart.html")
def zrm_chart(household: Household, person: Any = None) -> dict[str, Any]:
    """``{% zrm_chart household %}``: ZRM progress per domain over time, with the numbers as a
    table. The caller has already fetched ``household`` through a selector that checked access.
    """
    person_id = getattr(person, "pk", person) or None
    return zrm_chart_context(household=household, person_id=person_id)
