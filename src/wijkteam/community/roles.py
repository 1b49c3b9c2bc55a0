"""Who may do what in community work.

Signals and activities hold no client data (counts at or above the disclosure threshold, and
the words of whoever filed a signal), so reading is wide: every member of the area's team, and
the policy advisor for all teams. Acting on them (taking up, closing, running an activity) is
for the team's community workers (*opbouwwerkers*) and its coordinator. Any team member may
file a signal for their own team's area.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.teams.models import Function, Membership, Team


def _memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def teams_readable_by(*, user: User) -> QuerySet[Team]:
    """The teams whose signals and activities ``user`` may read."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if has_role(user, Role.POLICY_ADVISOR):
        return Team.objects.all()
    return Team.objects.filter(memberships__in=_memberships(user)).distinct()


def teams_of_member(*, user: User) -> QuerySet[Team]:
    """The teams ``user`` is an active member of (who may file signals for their area)."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(memberships__in=_memberships(user)).distinct()


def teams_worked_by(*, user: User) -> QuerySet[Team]:
    """The teams in which ``user`` does community work: as community worker or coordinator."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    memberships = _memberships(user).filter(function=Function.COMMUNITY_WORKER) | _memberships(
        user
    ).filter(is_coordinator=True)
    return Team.objects.filter(memberships__in=memberships).distinct()


def may_work_on(*, user: User, team: Team | int) -> bool:
    """Whether ``user`` may take up, close and run community work in ``team``."""
    team_id = team if isinstance(team, int) else team.pk
    return teams_worked_by(user=user).filter(pk=team_id).exists()
