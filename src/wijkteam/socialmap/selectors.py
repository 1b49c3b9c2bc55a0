"""Reads of the social map, for the acting user only.

The catalogue is reference data, not client data: every staff member reads all of it (no
access log entry, there is no household in it); residents and anonymous users get nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from wijkteam.access.roles import is_staff_member
from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood, TeamArea
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.socialmap.models import Provision


def provisions_visible_to(*, user: User) -> QuerySet[Provision]:
    """Every provision, for staff; none for anyone else. Lowest step first, then by name."""
    if not user.is_active or not is_staff_member(user):  # residents and anonymous users too
        return Provision.objects.none()
    return (
        Provision.objects.select_related("municipality")
        .prefetch_related("areas", "neighbourhoods")
        .order_by("step", "name", "pk")
    )


def provision_get(*, user: User, pk: int) -> Provision:
    provision = provisions_visible_to(user=user).filter(pk=pk).first()
    if provision is None:
        raise NotFoundOrHidden("not found")
    return provision


def provision_or_none(*, pk: int) -> Provision | None:
    """The provision ``pk`` or None, for a form on a staff page that shows the one chosen
    (reference data, so no user to check it against)."""
    return Provision.objects.filter(pk=pk).first()


def _has_places() -> Q:
    areas = Provision.areas.through.objects.filter(provision_id=OuterRef("pk"))
    neighbourhoods = Provision.neighbourhoods.through.objects.filter(provision_id=OuterRef("pk"))
    return Q(Exists(areas)) | Q(Exists(neighbourhoods))


def provisions_in_area(queryset: QuerySet[Provision], *, area: TeamArea) -> QuerySet[Provision]:
    """Provisions offered in ``area``: for the whole municipality, for the area, or for one of
    its neighbourhoods."""
    through_areas = Provision.areas.through.objects.filter(
        provision_id=OuterRef("pk"), teamarea_id=area.pk
    )
    through_neighbourhoods = Provision.neighbourhoods.through.objects.filter(
        provision_id=OuterRef("pk"), neighbourhood__area_id=area.pk
    )
    return queryset.filter(
        (Q(municipality_id=area.municipality_id) & ~_has_places())
        | Q(Exists(through_areas))
        | Q(Exists(through_neighbourhoods))
    )


def provisions_in_neighbourhood(
    queryset: QuerySet[Provision], *, neighbourhood: Neighbourhood
) -> QuerySet[Provision]:
    """Provisions offered in ``neighbourhood``: municipality-wide, its area's, or its own."""
    through_areas = Provision.areas.through.objects.filter(
        provision_id=OuterRef("pk"), teamarea_id=neighbourhood.area_id
    )
    through_neighbourhoods = Provision.neighbourhoods.through.objects.filter(
        provision_id=OuterRef("pk"), neighbourhood_id=neighbourhood.pk
    )
    return queryset.filter(
        (Q(municipality_id=neighbourhood.area.municipality_id) & ~_has_places())
        | Q(Exists(through_areas))
        | Q(Exists(through_neighbourhoods))
    )


def provisions_with_domain(queryset: QuerySet[Provision], *, domain: str) -> QuerySet[Provision]:
    """Provisions for a life domain. The domains are a JSON list; matching its text with the
    quoted value works alike on SQLite and PostgreSQL (``__contains`` on JSON does not exist on
    SQLite), and no domain value is part of another one between quotes."""
    return queryset.filter(domains__icontains=f'"{domain}"')


def provisions_matching(queryset: QuerySet[Provision], *, text: str) -> QuerySet[Provision]:
    """Free text in the name, description or provider; every word must occur somewhere."""
    for word in (text or "").split()[:10]:
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(provider__icontains=word)
        )
    return queryset


def provisions_for_goal(
    *, user: User, domain: str, area: TeamArea | None, text: str = "", limit: int = 8
) -> tuple[list[Provision], bool]:
    """Active provisions to choose from for an action towards a goal on ``domain``, in the area
    of the household's team, the lowest step first (stepped care). When none of the goal's
    domain matches ``text``, those of other domains that do, and ``False`` as second value."""
    provisions = provisions_visible_to(user=user).filter(is_active=True)
    if area is not None:
        provisions = provisions_in_area(provisions, area=area)
    provisions = provisions_matching(provisions, text=text)
    in_domain = list(provisions_with_domain(provisions, domain=domain)[:limit])
    if in_domain or not text.strip():
        return in_domain, True
    return list(provisions[:limit]), False
