import factory

from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.teams.tests.factories import TeamFactory, UserFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    team = factory.SubFactory(TeamFactory)
    postcode = ""
    created_by = factory.SubFactory(UserFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    role = HouseholdRole.MAIN
    given_name = factory.Faker("plain_first_name", locale="nl_NL")
    family_name = factory.Faker("plain_last_name", locale="nl_NL")
