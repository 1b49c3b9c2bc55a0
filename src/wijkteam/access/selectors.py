"""What a user may know about households whose file they do not see.

Colleagues in the team see *that* a household is known and who directs it, so no two of them
start on the same family; other teams and organisations may only ask whether a person or
address is known to a team, and get hit or no-hit with the team's contact. Both are logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wijkteam.access.models import EmergencyAccess
from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction, LogResult
from wijkteam.audit.services import access_log_record
from wijkteam.core.errors import DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.households.selectors import households_visible_to
from wijkteam.teams.models import Membership, Team


def households_known_to(*, user: User) -> QuerySet[Household]:
    """The households of the teams ``user`` is an active member of: known, not necessarily
    visible."""
    if not user.is_authenticated or not user.is_active:
        return Household.objects.none()
    teams = Membership.objects.filter(user=user, is_active=True).values("team")
    return Household.objects.filter(team__in=teams)


@dataclass(frozen=True)
class KnownHousehold:
    """What a colleague who is not on the case may know: the reference, whether a case is open
    and who directs it. Never names, address, question or plan."""

    household_id: int
    reference: str
    team_name: str
    case_reference: str
    status_label: str
    director_name: str
    director_function: str
    visible: bool


def household_known_get(*, user: User, pk: int) -> KnownHousehold:
    from wijkteam.cases.models import Case

    household = households_known_to(user=user).select_related("team").filter(pk=pk).first()
    access_log_record(
        event="household_known_viewed",
        action=LogAction.READ,
        object_type="households.household",
        object_id=pk,
        household_id=household and household.pk,
        result=LogResult.OK if household else LogResult.NOT_FOUND,
    )
    if household is None:
        raise NotFoundOrHidden("not found")
    case = (
        Case.objects.filter(household=household, team=household.team)
        .select_related("director__user")
        .order_by("-registered_at", "-pk")
        .first()
    )
    director = case.director if case is not None else None
    return KnownHousehold(
        household_id=household.pk,
        reference=household.reference,
        team_name=household.team.name,
        case_reference=case.reference if case else "",
        status_label=str(case.get_status_display()) if case else "",
        director_name=str(director.user) if director else "",
        director_function=str(director.get_function_display()) if director else "",
        visible=households_visible_to(user=user).filter(pk=household.pk).exists(),
    )


def households_known_search(*, user: User, query: str) -> list[KnownHousehold]:
    """Households of the user's teams whose file they do not see, found by an exact identifier
    only (reference HH-…, case reference C-…, full postcode + house number, or BSN): enough to
    avoid double work, not a way to browse colleagues' families."""
    words = query.upper().split()
    condition = Q(pk__in=[])
    for word in words:
        for prefix, field in (("HH-", "pk"), ("C-", "cases__pk")):
            if word.startswith(prefix) and word[len(prefix) :].isdigit():
                condition |= Q(**{field: int(word[len(prefix) :])})
        if word.isdigit() and len(word) == 9:
            condition |= Q(members__bsn=word)
    compact = "".join(words)
    postcode, number = compact[:6], compact[6:]
    if len(postcode) == 6 and postcode[:4].isdigit() and postcode[4:].isalpha() and number:
        digits = "".join(ch for ch in number if ch.isdigit())
        if digits:
            condition |= Q(postcode=postcode, house_number=int(digits))
    found = (
        households_known_to(user=user)
        .filter(condition)
        .exclude(pk__in=households_visible_to(user=user))
        .distinct()
        .values_list("pk", flat=True)[:10]
    )
    return [household_known_get(user=user, pk=pk) for pk in found]


@dataclass(frozen=True)
class TeamContact:
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class KnownLookup:
    hit: bool
    teams: list[TeamContact]


def may_ask_known(user: User) -> bool:
    """Members of any team and back-office consultants may ask whether someone is known."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            Membership.objects.filter(user=user, is_active=True).exists()
            or has_role(user, Role.BACK_OFFICE)
        )
    )


def known_lookup(
    *,
    user: User,
    postcode: str = "",
    house_number: int | None = None,
    house_number_suffix: str = "",
    bsn: str = "",
) -> KnownLookup:
    """Hit or no-hit: is this address or BSN known to a team, and how to reach that team.

    Tells nothing else: not who, not why, not whether a case is open. Every question is
    logged, one line per household found (or one line with no client when there is none).
    """
    from wijkteam.areas.selectors import postcode_normalize
    from wijkteam.households.services import bsn_clean

    if not may_ask_known(user):
        raise Forbidden(_("Only team members and back-office consultants may ask this."))
    bsn = bsn_clean(bsn)
    postcode = postcode_normalize(postcode) if postcode else ""
    if not bsn and not (postcode and house_number):
        raise DomainError(
            _("Enter a postcode with house number, or a BSN."), code="required", field="postcode"
        )
    condition = Q(pk__in=[])
    if postcode and house_number:
        condition |= Q(
            postcode=postcode,
            house_number=house_number,
            house_number_suffix__iexact=house_number_suffix,
        )
    if bsn:
        condition |= Q(members__bsn=bsn)
    found = list(Household.objects.filter(condition).distinct().values_list("pk", "team_id"))
    for household_id, _team_id in found:
        access_log_record(
            event="known_lookup",
            action=LogAction.SEARCH,
            object_type="households.household",
            object_id=household_id,
            household_id=household_id,
            result_count=len(found),
        )
    if not found:
        access_log_record(event="known_lookup", action=LogAction.SEARCH, result_count=0)
    teams = Team.objects.filter(pk__in={team_id for _pk, team_id in found}).order_by("name")
    return KnownLookup(
        hit=bool(found),
        teams=[TeamContact(name=t.name, phone=t.phone, email=t.email) for t in teams],
    )


def emergency_accesses_for_coordinator(*, user: User) -> QuerySet[EmergencyAccess]:
    """Emergency access to the households of the teams ``user`` coordinates, newest first."""
    teams = Membership.objects.filter(user=user, is_active=True, is_coordinator=True).values("team")
    return EmergencyAccess.objects.filter(household__team__in=teams).select_related(
        "user", "household"
    )


def emergency_accesses_of_household(*, household: Household) -> QuerySet[EmergencyAccess]:
    """For the resident's own view: who broke the glass on their file, and why."""
    return EmergencyAccess.objects.filter(household=household).select_related("user")
