"""Server-drawn SVG bar charts for the area analysis: geometry only, the template draws.

Coordinates are strings formatted here, so a Dutch locale never turns 12.5 into "12,5" inside
an SVG attribute. No style attributes (the CSP forbids them): colours come from classes in
``wijkteam.css``. A withheld figure gets no bar, only its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkteam.core.disclosure import Suppressed
from wijkteam.monitoring.area_analysis import AreaRow, Figure

LABEL_WIDTH = 250
LABEL_CHARACTERS = 34  # longer names are shortened in the chart; the table has them whole
PLOT_WIDTH = 400
VALUE_WIDTH = 130
TOP = 28
BOTTOM = 8


def _coord(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Figure
    y: str  # top of the bar
    text_y: str  # baseline of the label and value texts
    width: str
    value_x: str
    css: str = "chart-bar"

    @property
    def drawn(self) -> bool:
        return not (self.value is None or isinstance(self.value, Suppressed))


@dataclass(frozen=True)
class Group:
    """Bars under one label (a domain: the area and the municipality)."""

    label: str
    label_y: str
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    label_x: int
    groups: list[Group]
    ticks: list[Tick] = field(default_factory=list)
    reference_x: str = ""  # the municipality's value as a vertical line
    reference_value: Figure = None
    axis_y: str = ""

    @property
    def plot_top(self) -> int:
        return TOP

    @property
    def plot_bottom(self) -> str:
        return self.axis_y


def short_label(name: str) -> str:
    """``name``, shortened with an ellipsis past ``LABEL_CHARACTERS``."""
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1] + "…"


def _scale(value: Figure, maximum: float) -> float:
    if value is None or isinstance(value, Suppressed) or not maximum:
        return 0.0
    return float(value) * PLOT_WIDTH / maximum


def rate_chart(*, rows: list[AreaRow], municipality: AreaRow | None) -> BarChart:
    """Registrations per 1,000 inhabitants per area, with the municipality as a line."""
    row_height, bar_height = 22, 16
    reference = municipality.rate if municipality else None
    values = [row.rate for row in rows] + [reference]
    known = [float(v) for v in values if v is not None and not isinstance(v, Suppressed)]
    maximum = max(known, default=0.0) * 1.1 or 1.0
    groups = []
    for index, row in enumerate(rows):
        top = TOP + index * row_height
        length = _scale(row.rate, maximum)
        bar = Bar(
            label=short_label(row.name),
            value=row.rate,
            y=_coord(top + (row_height - bar_height) / 2),
            text_y=_coord(top + row_height / 2),
            width=_coord(length),
            value_x=_coord(LABEL_WIDTH + length + 6),
        )
        groups.append(Group(label=row.name, label_y=bar.text_y, bars=[bar]))
    axis = TOP + len(rows) * row_height
    show_reference = reference is not None and not isinstance(reference, Suppressed)
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=axis + BOTTOM,
        plot_left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        groups=groups,
        reference_x=_coord(LABEL_WIDTH + _scale(reference, maximum)) if show_reference else "",
        reference_value=reference,
        axis_y=_coord(axis),
    )


def zrm_chart(*, row: AreaRow, municipality: AreaRow) -> BarChart:
    """The average intake ZRM per life domain: the area above, the municipality below; the
    axis runs from 0 to 5."""
    group_height, bar_height = 36, 13
    groups = []
    for index, (own, base) in enumerate(zip(row.zrm, municipality.zrm, strict=True)):
        top = TOP + index * group_height
        bars = []
        for offset, value, css in (
            (2, own.mean, "chart-bar chart-bar-area"),
            (2 + bar_height + 2, base.mean, "chart-bar chart-bar-municipality"),
        ):
            length = _scale(value, 5)
            bars.append(
                Bar(
                    label=own.label,
                    value=value,
                    y=_coord(top + offset),
                    text_y=_coord(top + offset + bar_height / 2),
                    width=_coord(length),
                    value_x=_coord(LABEL_WIDTH + length + 6),
                    css=css,
                )
            )
        groups.append(Group(label=own.label, label_y=_coord(top + group_height / 2), bars=bars))
    ticks = [
        Tick(x=_coord(LABEL_WIDTH + score * PLOT_WIDTH / 5), label=str(score))
        for score in range(1, 6)
    ]
    axis = TOP + len(groups) * group_height
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=axis + BOTTOM,
        plot_left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        groups=groups,
        ticks=ticks,
        axis_y=_coord(axis),
    )
