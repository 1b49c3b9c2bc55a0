"""Reads on households and persons. Every read of client data takes the acting user.

Deny by default: a user sees the households of the teams they are an active member of, and
nothing else. The full need-to-know model replaces ``households_visible_to`` and nothing else,
so that every page, endpoint and export follows it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wijkteam.accounts.models import User
from wijkteam.audit.services import access_log_read, access_log_record
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household, Person

POSTCODE_WITH_SPACE_RE = re.compile(r"\b([1-9][0-9]{3})\s+([A-Za-z]{2})\b")


def households_visible_to(*, user: User) -> QuerySet[Household]:
    """The households ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return Household.objects.none()
    return Household.objects.filter(team__memberships__user=user, team__memberships__is_active=True)


def household_get(*, user: User, pk: int) -> Household:
    """One household ``user`` may see, or ``NotFoundOrHidden`` (no difference is told)."""
    household = (
        households_visible_to(user=user)
        .select_related("team", "neighbourhood")
        .filter(pk=pk)
        .first()
    )
    access_log_read(
        event="household_viewed",
        object_type="households.household",
        object_id=pk,
        household_id=household and household.pk,
    )
    if household is None:
        raise NotFoundOrHidden("not found")
    return household


def persons_visible_to(*, user: User) -> QuerySet[Person]:
    return Person.objects.filter(household__in=households_visible_to(user=user))


def households_search(*, user: User, query: str) -> QuerySet[Household]:
    """Visible households matching a reference (HH-12), case reference (C-7), postcode, BSN, name
    or street. An empty query gives every visible household, newest first."""
    households = households_visible_to(user=user).select_related("team")
    # "2035 AB" is one postcode, not two words.
    words = POSTCODE_WITH_SPACE_RE.sub(r"\1\2", query).split()
    for word in words:
        upper = word.upper()
        condition = (
            Q(members__given_name__icontains=word)
            | Q(members__family_name__icontains=word)
            | Q(street__icontains=word)
        )
        for prefix, field in (("HH-", "pk"), ("C-", "cases__pk")):
            if upper.startswith(prefix) and upper[len(prefix) :].isdigit():
                condition |= Q(**{field: int(upper[len(prefix) :])})
        compact = upper.replace(" ", "")
        if len(compact) >= 4 and compact[:4].isdigit():
            condition |= Q(postcode__startswith=compact)
        if word.isdigit() and len(word) == 9:
            condition |= Q(members__bsn=word)
        households = households.filter(condition)
    households = households.distinct().order_by("-created_at")
    access_log_record(event="households_searched", action="search", result_count=households.count())
    return households


@dataclass(frozen=True)
class HouseholdMatch:
    """A household that may be the same as the one being registered."""

    household_id: int
    reference: str
    team_name: str
    team_phone: str
    team_email: str
    reason: str  # "address" or "bsn"
    visible: bool
    open_case_id: int | None


def household_matches(
    *,
    user: User,
    postcode: str = "",
    house_number: int | None = None,
    house_number_suffix: str = "",
    bsn: str = "",
) -> list[HouseholdMatch]:
    """Existing households at the same address or with a member with the same BSN.

    Looks across all teams, because a duplicate in another team is exactly what must be
    prevented; for a household the user may not see, it tells only its reference and team.
    """
    from wijkteam.cases.lifecycle import OPEN_STATES

    condition = Q(pk__in=[])
    if postcode and house_number:
        condition |= Q(
            postcode=postcode,
            house_number=house_number,
            house_number_suffix__iexact=house_number_suffix,
        )
    if bsn:
        condition |= Q(members__bsn=bsn)
    found = list(Household.objects.filter(condition).select_related("team").distinct()[:10])
    visible = set(
        households_visible_to(user=user)
        .filter(pk__in=[h.pk for h in found])
        .values_list("pk", flat=True)
    )
    matches = []
    for household in found:
        by_bsn = bool(bsn) and household.members.filter(bsn=bsn).exists()
        is_visible = household.pk in visible
        # Whether a hidden household is in care is itself client data: not told.
        open_case = (
            household.cases.filter(status__in=OPEN_STATES).values_list("pk", flat=True).first()
            if is_visible
            else None
        )
        matches.append(
            HouseholdMatch(
                household_id=household.pk,
                reference=household.reference,
                team_name=household.team.name,
                team_phone=household.team.phone,
                team_email=household.team.email,
                reason="bsn" if by_bsn else "address",
                visible=is_visible,
                open_case_id=open_case,
            )
        )
    return matches
