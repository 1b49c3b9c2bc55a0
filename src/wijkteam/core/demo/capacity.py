"""The demo teams' norms for capacity and the waiting list (docs/capacity.md).

Schalkwijk 1, the team of the demo coordinator (``coordinator``), agreed tight terms so that its
capacity page and inbox show something to act on: the demo has a handful of cases per team, so a
realistic norm of 25 cases per fte would show every member far under it. With 4 cases per fte
the social worker and the work-and-income colleague are over the norm and the others have room;
with first contact within 3 working days the registration from a week ago is flagged, and the
intake case from months ago is past the six weeks for an active plan. The other demo teams get
the usual defaults, set as their own norms.
"""

from __future__ import annotations

from wijkteam.teams.models import Membership, Team, TeamNorm

SCHALKWIJK_1 = "Schalkwijk 1"
DEMO_NORMS = {
    SCHALKWIJK_1: {
        "caseload_norm": 4,
        "fulltime_hours": 36,
        "first_contact_working_days": 3,
        "plan_term_days": 42,
    },
}
USUAL_NORMS = {
    "caseload_norm": 25,
    "fulltime_hours": 36,
    "first_contact_working_days": 5,
    "plan_term_days": 42,
}


def demo_capacity_load(*, team_names: tuple[str, ...] | None = None) -> int:
    """Set the norms of the demo teams (all teams when ``team_names`` is None); the number
    set. Running it again gives the same norms."""
    from wijkteam.core.demo.haarlem import TEAM_NAMES

    teams = Team.objects.filter(name__in=team_names or TEAM_NAMES)
    coordinators = {
        membership.team_id: membership.user
        for membership in Membership.objects.filter(
            team__in=teams, is_coordinator=True, is_active=True
        ).select_related("user")
    }
    for team in teams:
        TeamNorm.objects.update_or_create(
            team=team,
            defaults={
                **DEMO_NORMS.get(team.name, USUAL_NORMS),
                "set_by": coordinators.get(team.pk),
            },
        )
    return len(teams)
