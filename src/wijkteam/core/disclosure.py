"""Small-number suppression for aggregates (ADR 0011).

A count of households, cases or actions that comes from client files is shown outside those
files (signals, area analysis, monitoring, their exports and API) only through this module: a
count below ``settings.WIJKTEAM_DISCLOSURE_THRESHOLD`` becomes ``Suppressed``, shown as
"fewer than 5", and so does every figure computed from it (a rate, a share, an average). One
place decides, so no page can forget.

Zero is suppressed too: "0 households with debts in a street of 40" says as much about the
40 as "1".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    return settings.WIJKTEAM_DISCLOSURE_THRESHOLD


@dataclass(frozen=True)
class Suppressed:
    """A figure withheld because the count behind it is below the threshold."""

    below: int

    def __str__(self) -> str:
        return _("fewer than %(n)s") % {"n": self.below}

    def __bool__(self) -> bool:
        return False

    @property
    def csv(self) -> str:
        """How exports write it: "<5", which a spreadsheet keeps as text."""
        return f"<{self.below}"

    @property
    def api(self) -> None:
        """How the API writes it: null, with a ``suppressed`` flag next to it."""
        return None


def is_disclosable(count: int) -> bool:
    return count >= threshold()


def count_disclosed(count: int) -> int | Suppressed:
    """``count`` itself, or ``Suppressed`` when it is below the threshold."""
    return count if is_disclosable(count) else Suppressed(threshold())


def rate_disclosed(
    count: int, base: int, *, per: int = 1000, digits: int = 1
) -> float | Suppressed | None:
    """``count`` per ``per`` of ``base`` (per 1,000 inhabitants; ``per=100`` gives a percentage),
    suppressed with its count; ``None`` when there is no base to divide by."""
    if not base:
        return None
    if not is_disclosable(count):
        return Suppressed(threshold())
    return round(count * per / base, digits)


def share_disclosed(part: int, whole: int, *, digits: int = 0) -> float | Suppressed:
    """``part`` of ``whole`` as a percentage. Suppressed when the part, the whole or the rest
    is below the threshold: "all but 2 of 30" points at the 2 as well. A whole of zero is a
    count below the threshold too, so it is suppressed, not shown as "none"."""
    if not (is_disclosable(part) and is_disclosable(whole) and is_disclosable(whole - part)):
        return Suppressed(threshold())
    return round(part * 100 / whole, digits)


def mean_disclosed(total: float, count: int, *, digits: int = 1) -> float | Suppressed:
    """The mean of ``count`` values summing to ``total``; suppressed for too few values (none
    included: "no scores" says as much as "one score")."""
    if not is_disclosable(count):
        return Suppressed(threshold())
    return round(total / count, digits)


def csv_value(value: object) -> str:
    """A figure as an export cell: suppressed as "<5", none as empty."""
    if isinstance(value, Suppressed):
        return value.csv
    if value is None:
        return ""
    return str(value)


def api_value(value: object) -> object:
    """A figure for the API: suppressed as null (the serializer adds a ``suppressed`` flag)."""
    return None if isinstance(value, Suppressed) else value
