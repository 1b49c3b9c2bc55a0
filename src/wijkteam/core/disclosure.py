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


def complements_hide(
    *,
    groups: list[tuple[str, list[str]]],
    counts: dict[str, tuple[int, ...]],
    hidden: set[str],
) -> set[str]:
    """The cells to hide so that no hidden cell can be worked out from the totals
    (complementary disclosure; the area analysis and the dashboard use it).

    ``groups`` are the published sums, outermost first: (total, its parts). ``counts`` are the
    counts behind each cell (one, or more: a share has a part and a rest). Within a shown total
    the hidden parts must together reach the threshold in every count; if they do not (one
    hidden part, or two that add up to 3), the smallest shown parts are hidden too until they
    do. A hidden total hides all its parts, so it cannot be rebuilt by adding them up.
    """
    hidden = set(hidden)
    minimum = threshold()
    for total, parts in groups:
        if total in hidden:
            hidden.update(parts)
            continue
        hidden_parts = [part for part in parts if part in hidden]
        if not hidden_parts:
            continue
        shown = sorted(
            (part for part in parts if part not in hidden), key=lambda p: (sum(counts[p]), p)
        )

        width = len(counts[total])

        def short(hidden_parts: list[str] = hidden_parts, width: int = width) -> bool:
            return any(
                sum(counts[part][i] for part in hidden_parts) < minimum for i in range(width)
            )

        while short() and shown:
            part = shown.pop(0)
            hidden.add(part)
            hidden_parts.append(part)
        if short():  # only when the total itself is below the threshold, which hid it already
            hidden.add(total)
    return hidden
