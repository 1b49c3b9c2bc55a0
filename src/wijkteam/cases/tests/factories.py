from __future__ import annotations

import factory

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, Theme
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.teams.models import Membership
from wijkteam.teams.tests.factories import UserFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme of the managed list. The default list comes from a data migration, which a
    transactional test (a browser test) finds flushed; ``ThemeFactory(code="loneliness")``
    gets the theme whether or not it is still there."""

    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.LazyAttribute(lambda theme: theme.code.replace("-", " ").capitalize())


class CaseFactory(factory.django.DjangoModelFactory):
    """A registered case; move it on with the services, so its history is real."""

    class Meta:
        model = Case

    household = factory.SubFactory(HouseholdFactory)
    team = factory.SelfAttribute("household.team")
    status = Status.REGISTERED
    question = "Vraag over schulden en de huur"
    registered_by = factory.SubFactory(UserFactory)


def case_in_state(
    *, actor: User, director: Membership, status: str, household: Household | None = None
) -> Case:
    """A case brought to ``status`` through the services, so its history is real.

    ``director`` directs it from intake on. Transferred (to specialist care) and stopped are
    reached from intake, so the case has had a director, as reopening needs.
    """
    from django.utils import timezone

    from wijkteam.cases import services
    from wijkteam.cases.lifecycle import CloseReason, StopReason, TransferReason
    from wijkteam.plans.models import Performer
    from wijkteam.plans.services import action_add, goal_add

    household = household or HouseholdFactory(team=director.team)
    case = services.registration_create(actor=actor, question="Vraag", household=household)
    if status == Status.REGISTERED:
        return case
    case = services.case_start_intake(
        actor=actor, case=case, director=director, expected_version=case.version
    )
    if status == Status.INTAKE:
        return case
    if status == Status.TRANSFERRED:
        from wijkteam.sharing.tests.factories import SharingGroundFactory

        SharingGroundFactory(household=household, recorded_by=actor)  # consent to refer
        return services.case_transfer(
            actor=actor, case=case, expected_version=case.version, reason=TransferReason.SPECIALIST
        )
    if status == Status.STOPPED:
        return services.case_stop(
            actor=actor, case=case, expected_version=case.version, reason=StopReason.DECLINED
        )
    goal = goal_add(actor=actor, case=case, domain="finances", description="Rust in de schulden")
    action_add(
        actor=actor, goal=goal, description="Budget bijhouden", step=1, performer=Performer.RESIDENT
    )
    case = services.case_activate_plan(actor=actor, case=case, expected_version=case.version)
    if status == Status.PLAN_ACTIVE:
        return case
    if status == Status.CLOSED:
        return services.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=CloseReason.GOALS_REACHED,
            outcomes={goal.pk: "reached"},
            closing_scores={"finances": 4},
            assessed_on=timezone.localdate(),
        )
    raise ValueError(status)
