import factory

from wijkteam.accounts.models import User
from wijkteam.areas.tests.factories import TeamAreaFactory
from wijkteam.core.tests.names import PlainNamesProvider
from wijkteam.teams.models import Function, Membership, Organisation, Team

factory.Faker.add_provider(PlainNamesProvider, locale="nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("plain_first_name", locale="nl_NL")
    last_name = factory.Faker("plain_last_name", locale="nl_NL")
    password = factory.django.Password("test-password-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Maatschappelijk werk"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    area = factory.SubFactory(TeamAreaFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    function = Function.SOCIAL_WORKER
    organisation = factory.SubFactory(OrganisationFactory)
    fte = "0.50"
