"""The coordinator of Schalkwijk 1 (a community worker, 0.5 fte), beside the ``world``."""

from __future__ import annotations

import pytest

from wijkteam.teams.models import Function, Membership
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def coordinator(world) -> Membership:
    return MembershipFactory(
        team=world.schalkwijk,
        user=UserFactory(username="coordinator", first_name="Cora", last_name="Bos"),
        function=Function.COMMUNITY_WORKER,
        fte="0.50",
        is_coordinator=True,
    )
