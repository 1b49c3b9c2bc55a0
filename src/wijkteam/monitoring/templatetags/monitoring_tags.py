"""Showing the figures of the monitoring pages: a withheld figure as words ("fewer than 5"),
a missing one as a dash, numbers in the language's format."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wijkteam.core.disclosure import Suppressed

register = template.Library()


def _number(value: int | float, digits: int) -> str:
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return number_format(value, decimal_pos=digits, force_grouping=True)


@register.filter
def figure(value: object, digits: int = 1) -> str:
    """A figure for people: "fewer than 5" when withheld, "—" when there is none."""
    if isinstance(value, Suppressed):
        return str(value)
    if value is None:
        return "—"
    return _number(value, digits)  # type: ignore[arg-type]


@register.filter
def signed(value: object, digits: int = 1) -> str:
    """A difference with its sign: +0.3, −0.3 (a real minus sign), 0."""
    if isinstance(value, Suppressed) or value is None:
        return figure(value)
    number = float(value)  # type: ignore[arg-type]
    text = _number(abs(number) if digits else round(abs(number)), digits)
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"
    return text


@register.filter
def times(value: object) -> str:
    """A ratio: "1.4× the municipality"."""
    if isinstance(value, Suppressed) or value is None:
        return figure(value)
    return _("%(ratio)s× the municipality") % {"ratio": _number(value, 1)}  # type: ignore[arg-type]


@register.filter
def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)
