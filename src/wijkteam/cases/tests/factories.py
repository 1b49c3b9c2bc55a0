import factory

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.teams.tests.factories import UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A registered case; move it on with the services, so its history is real."""

    class Meta:
        model = Case

    household = factory.SubFactory(HouseholdFactory)
    team = factory.SelfAttribute("household.team")
    status = Status.REGISTERED
    question = "Vraag over schulden en de huur"
    registered_by = factory.SubFactory(UserFactory)
