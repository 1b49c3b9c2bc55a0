"""Reads on households and persons. Every read of client data takes the acting user.

Need-to-know, deny by default (docs/privacy.md §2): ``households_visible_to`` is the one rule
of who sees a household's file, and every page, endpoint, export and search reads through it.
What colleagues who are not on the case see (that the household is known, and who directs it)
lives in ``wijkteam.access.selectors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.services import access_log_read, access_log_record
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.teams.models import Membership

POSTCODE_WITH_SPACE_RE = re.compile(r"\b([1-9][0-9]{3})\s+([A-Za-z]{2})\b")


def households_visible_to(*, user: User) -> QuerySet[Household]:
    """The households whose file ``user`` may see.

    A team member sees a household's file as the director of one of its cases, as a member
    assigned to one, on the day of a case conference they attend with the case on its agenda,
    while the case waits in their team's inbox (the team decides together who takes it up), or
    with emergency access. A household with no case yet (being registered) is its team's.
    Only cases in the household's current team count: after a transfer to another team, the
    old team no longer sees the file.
    """
    from wijkteam.access.models import EmergencyAccess
    from wijkteam.cases.lifecycle import Status
    from wijkteam.cases.models import Case

    if not user.is_authenticated or not user.is_active:
        return Household.objects.none()
    own = Membership.objects.filter(user=user, is_active=True)
    own_teams = own.values("team")
    # No ordering inside a UNION (SQLite refuses it, and it means nothing there).
    cases = Case.objects.filter(team=F("household__team")).order_by()
    # One subquery per way in, combined with UNION: each finds its few households through its
    # own index (director, case member, the team's inbox, today's conferences), where one
    # condition ORed over all the joins made PostgreSQL read every case (issue 7's load test).
    ways_in = [
        cases.filter(director__in=own).values("household_id"),
        cases.filter(members__membership__in=own).values("household_id"),
        cases.filter(status=Status.REGISTERED, team__in=own_teams).values("household_id"),
        cases.filter(
            conferences__held_on=timezone.localdate(), conferences__attendees__in=own
        ).values("household_id"),
        EmergencyAccess.objects.active().filter(user=user).order_by().values("household_id"),
        # A household being registered has no case yet: its team's members are its inbox.
        Household.objects.filter(team__in=own_teams)
        .filter(~Exists(Case.objects.filter(household=OuterRef("pk"))))
        .order_by()
        .values("pk"),
    ]
    return Household.objects.filter(pk__in=ways_in[0].union(*ways_in[1:]))


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
    from wijkteam.access.selectors import households_known_to

    found = list(Household.objects.filter(condition).select_related("team").distinct()[:10])
    # "visible" here: known to the user's own team, so they may add the question to it and
    # know whether it has an open case (not: see its file).
    visible = set(
        households_known_to(user=user)
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
