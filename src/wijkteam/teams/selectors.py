"""Reads on teams and memberships."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from wijkteam.accounts.models import User
from wijkteam.teams.models import FUNCTION_DOMAINS, Membership, Team


def memberships_of(*, user: User) -> QuerySet[Membership]:
    """The user's active memberships, with their teams."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("team")


def teams_of(*, user: User) -> QuerySet[Team]:
    """The teams the user is an active member of."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def team_members(*, team: Team) -> QuerySet[Membership]:
    """Active members of a team with their open caseload, for choosing a director."""
    from wijkteam.cases.lifecycle import OPEN_STATES

    return (
        Membership.objects.filter(team=team, is_active=True)
        .select_related("user", "organisation")
        .annotate(
            open_cases=Count("directed_cases", filter=Q(directed_cases__status__in=OPEN_STATES))
        )
        .order_by("user__first_name", "user__last_name")
    )


def members_suggested_for(*, team: Team, domains: list[str]) -> list[Membership]:
    """Members ordered by how well their function covers ``domains``, then by lightest load."""
    wanted = set(domains)
    members = list(team_members(team=team))
    members.sort(
        key=lambda m: (
            -len(wanted & FUNCTION_DOMAINS.get(m.function, set())),
            m.open_cases / float(m.fte or 1),
        )
    )
    return members


def teams_with_members() -> QuerySet[Team]:
    """Every team with its area and active members: reference data, not client data."""
    active = Membership.objects.filter(is_active=True).select_related("user", "organisation")
    return Team.objects.select_related("area").prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_members")
    )
