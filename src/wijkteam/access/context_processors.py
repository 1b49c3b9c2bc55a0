"""``nav_roles`` for the main menu: which role-bound pages to link to. Lazy, so a page whose
template does not ask costs no query."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def nav_roles(request: HttpRequest) -> dict[str, Any]:
    def roles() -> frozenset[str]:
        from wijkteam.access.roles import ROLE_GROUPS, Role

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return frozenset()
        # Two queries: only what the menu needs (not the case director, not the resident).
        found: set[str] = set()
        for is_coordinator in user.memberships.filter(is_active=True).values_list(
            "is_coordinator", flat=True
        ):
            found.add(Role.TEAM_MEMBER)
            if is_coordinator:
                found.add(Role.TEAM_COORDINATOR)
        groups = set(user.groups.values_list("name", flat=True))
        found.update(role for role, group in ROLE_GROUPS.items() if group in groups)
        return frozenset(str(role) for role in found)

    return {"nav_roles": SimpleLazyObject(roles)}
