"""Reads on areas: which neighbourhood and team a postcode belongs to."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.areas.models import Municipality, Neighbourhood, TeamArea
from wijkteam.core.errors import DomainError

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")


def postcode_normalize(raw: str) -> str:
    """``"2035 ab"`` → ``"2035AB"``; refuses anything that is not a Dutch postcode."""
    match = POSTCODE_RE.match(raw or "")
    if not match:
        raise DomainError(
            _("Enter a postcode as four digits and two letters, e.g. 2035 AB."),
            code="invalid_postcode",
            field="postcode",
        )
    digits, letters = match.groups()
    letters = letters.upper()
    if letters in {"SA", "SD", "SS"}:
        raise DomainError(
            _("Enter a postcode as four digits and two letters, e.g. 2035 AB."),
            code="invalid_postcode",
            field="postcode",
        )
    return f"{digits}{letters}"


def municipality_current() -> Municipality:
    """The municipality this instance serves (``WIJKTEAM_MUNICIPALITY_CODE``)."""
    municipality = Municipality.objects.filter(code=settings.WIJKTEAM_MUNICIPALITY_CODE).first()
    if municipality is None:
        raise DomainError(
            _("No municipality is configured yet. Load the areas first."), code="no_municipality"
        )
    return municipality


def neighbourhood_for_postcode(*, postcode: str) -> Neighbourhood:
    """The neighbourhood of this instance's municipality that contains ``postcode``.

    Raises a ``DomainError`` on the ``postcode`` field when it lies outside the municipality.
    """
    normalized = postcode_normalize(postcode)
    pc4, letters = int(normalized[:4]), normalized[4:]
    neighbourhood = (
        Neighbourhood.objects.select_related("area__team", "area__municipality")
        .filter(
            postcode_ranges__pc4=pc4,
            postcode_ranges__letters_from__lte=letters,
            postcode_ranges__letters_to__gte=letters,
            area__municipality__code=settings.WIJKTEAM_MUNICIPALITY_CODE,
        )
        .first()
    )
    if neighbourhood is None:
        name = (
            Municipality.objects.filter(code=settings.WIJKTEAM_MUNICIPALITY_CODE)
            .values_list("name", flat=True)
            .first()
        )
        raise DomainError(
            _(
                "This postcode is not in the municipality of %(name)s. Check the postcode, "
                "or refer "
                "the resident to the team of their own municipality."
            )
            % {"name": name or "?"},
            code="postcode_outside_municipality",
            field="postcode",
        )
    return neighbourhood


def areas_with_neighbourhoods() -> QuerySet[TeamArea]:
    """This instance's team areas with their team and neighbourhoods: reference data."""
    return (
        TeamArea.objects.filter(municipality__code=settings.WIJKTEAM_MUNICIPALITY_CODE)
        .select_related("municipality", "team")
        .prefetch_related("neighbourhoods")
    )
