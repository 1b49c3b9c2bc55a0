"""Hand-made registrations for the area analysis: each case placed in a neighbourhood, on a
date, with its life domains, themes and intake ZRM, so every figure can be worked out by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseTheme, Theme
from wijkteam.cases.tests.factories import CaseFactory
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

MID_2025 = date(2025, 6, 15)
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))

# Personal values that must never appear in a page, export or API answer of this issue.
GIVEN_NAME = "Philomena"
FAMILY_NAME = "Zwanenburgh"
STREET = "Kievitsbloemlaan"
POSTCODE = "2035XQ"
BSN = "123456782"
QUESTION = "Buurvrouw Ingeborg vraagt hulp bij de Ooievaarshuur"
PERSONAL = (GIVEN_NAME, FAMILY_NAME, STREET, POSTCODE, "2035 XQ", BSN, QUESTION)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def policy(world):
    world.policy.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.POLICY_ADVISOR]))
    return world.policy


@pytest.fixture
def register(world) -> Callable[..., Case]:
    """``register(neighbourhood, domains=…, themes=…, intake=…)``: one case, registered on
    ``when`` (mid 2025 unless told), by a new household unless ``household`` is given."""
    themes: dict[str, Theme] = {}
    bsn_given: list[bool] = []
    user = world.director.user

    def make(
        neighbourhood: Neighbourhood | None,
        *,
        domains: Iterable[str] = ("finances",),
        theme_names: Iterable[str] = (),
        intake: dict[str, int] | None = None,
        later_intake: dict[str, int] | None = None,
        when: datetime | None = None,
        household: Household | None = None,
        status: str = Status.REGISTERED,
    ) -> Case:
        team = (
            world.oost if neighbourhood and neighbourhood.code == "parkwijk" else world.schalkwijk
        )
        if household is None:
            household = HouseholdFactory(
                team=team,
                neighbourhood=neighbourhood,
                street=STREET,
                postcode=POSTCODE,
                house_number=7,
            )
            PersonFactory(
                household=household,
                given_name=GIVEN_NAME,
                family_name=FAMILY_NAME,
                bsn="" if bsn_given else BSN,  # unique: the first household's person has it
            )
            bsn_given.append(True)
        case = CaseFactory(
            household=household, team=team, domains=list(domains), question=QUESTION, status=status
        )
        Case.objects.filter(pk=case.pk).update(registered_at=when or at(MID_2025))
        for name in theme_names:
            if name not in themes:
                themes[name] = Theme.objects.filter(name__iexact=name).first() or (
                    Theme.objects.create(code=f"test-{name.lower()}", name=name)
                )
            CaseTheme.objects.create(case=case, theme=themes[name], added_by=user)
        for scores, day in ((intake, date(2025, 7, 1)), (later_intake, date(2025, 9, 1))):
            if scores:
                assessment = Assessment.objects.create(
                    case=case, kind=AssessmentKind.INTAKE, assessed_on=day, created_by=user
                )
                Score.objects.bulk_create(
                    Score(assessment=assessment, domain=domain, score=score)
                    for domain, score in scores.items()
                )
        return case

    return make
