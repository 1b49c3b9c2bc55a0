"""The demo's team norms (``core/demo/capacity.py``): tight for the coordinator's team, the
usual ones for the others, and the same after a second run."""

from __future__ import annotations

from wijkteam.core.demo.capacity import demo_capacity_load
from wijkteam.teams.models import TeamNorm


def test_demo_norms_are_set_once_per_team(world):
    names = ("Schalkwijk 1", "Oost 2")
    assert demo_capacity_load(team_names=names) == 2
    assert demo_capacity_load(team_names=names) == 2
    norms = {norm.team.name: norm for norm in TeamNorm.objects.select_related("team")}
    assert set(norms) == set(names)
    assert (
        norms["Schalkwijk 1"].caseload_norm,
        norms["Schalkwijk 1"].first_contact_working_days,
    ) == (4, 3)
    assert norms["Oost 2"].caseload_norm == 25
