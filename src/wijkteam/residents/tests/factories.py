import factory

from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory


class ResidentAccountFactory(factory.django.DjangoModelFactory):
    """A resident who logs in locally (the demo's stand-in for DigiD), linked to a person."""

    class Meta:
        model = ResidentAccount

    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory)
