"""The roles of issue 3 and how a user gets them.

Team roles follow from team membership: a member of a team is a *team member*; the case
director of a case is its *case director*; a membership marked ``is_coordinator`` makes its
user the *team coordinator* of that team. Roles outside the teams are Django groups, created by
this app's migrations, so a functional administrator assigns them in the admin without code.
A *resident* is a user linked to a person (``wijkteam.residents.ResidentAccount``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import User

if TYPE_CHECKING:
    from wijkteam.teams.models import Team


class Role(models.TextChoices):
    TEAM_MEMBER = "team_member", _("Team member")
    CASE_DIRECTOR = "case_director", _("Case director")
    TEAM_COORDINATOR = "team_coordinator", _("Team coordinator")
    BACK_OFFICE = "back_office", _("Back-office consultant")
    POLICY_ADVISOR = "policy_advisor", _("Policy advisor")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    LOG_OFFICER = "log_officer", _("Log officer")
    NETWORK_COORDINATOR = "network_coordinator", _("Knowledge-network coordinator")
    RESIDENT = "resident", _("Resident")


# The group that gives each role outside the teams. The names are Dutch: they are what a
# functional administrator sees in the admin.
ROLE_GROUPS: dict[str, str] = {
    Role.BACK_OFFICE: "Backoffice",
    Role.POLICY_ADVISOR: "Beleidsadviseur",
    Role.FUNCTIONAL_ADMIN: "Functioneel beheerder",
    Role.LOG_OFFICER: "Logbeheerder",
    Role.NETWORK_COORDINATOR: "Kenniskring-coördinator",  # wijkteam.knowledgenetwork
}


def group_roles(group_names: Iterable[str]) -> set[str]:
    """The roles outside the teams that these Django groups give (for users whose groups are
    already loaded, e.g. prefetched for a whole page)."""
    names = set(group_names)
    return {role for role, group in ROLE_GROUPS.items() if group in names}


def user_roles(user: User) -> set[str]:
    """Every role ``user`` holds now (a case director is also a team member)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    roles: set[str] = set()
    memberships = list(user.memberships.filter(is_active=True).values_list("pk", "is_coordinator"))
    if memberships:
        roles.add(Role.TEAM_MEMBER)
        if any(is_coordinator for _pk, is_coordinator in memberships):
            roles.add(Role.TEAM_COORDINATOR)
        from wijkteam.cases.lifecycle import OPEN_STATES
        from wijkteam.cases.models import Case

        if Case.objects.filter(
            director_id__in=[pk for pk, _c in memberships], status__in=OPEN_STATES
        ).exists():
            roles.add(Role.CASE_DIRECTOR)
    roles.update(group_roles(user.groups.values_list("name", flat=True)))
    if is_resident(user):
        roles.add(Role.RESIDENT)
    return roles


def has_role(user: User, role: str) -> bool:
    if role in ROLE_GROUPS:
        return (
            user.is_authenticated
            and user.is_active
            and user.groups.filter(name=ROLE_GROUPS[role]).exists()
        )
    return role in user_roles(user)


def is_coordinator_of(*, user: User, team: Team | int) -> bool:
    """Whether ``user`` is an active coordinator of ``team`` (a team or its id)."""
    if not user.is_authenticated or not user.is_active:
        return False
    from wijkteam.teams.models import Membership

    return Membership.objects.filter(
        user=user, team=team, is_active=True, is_coordinator=True
    ).exists()


def is_resident(user: User) -> bool:
    """A user who logs in as a resident, to see their own file."""
    return bool(user.is_authenticated and hasattr(user, "resident_account"))


def is_staff_member(user: User) -> bool:
    """Anyone who works with the system for the municipality or a team: every role but the
    resident. Staff log in with a second factor (TOTP)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(user_roles(user) - {Role.RESIDENT})
