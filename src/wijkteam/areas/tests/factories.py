import factory

from wijkteam.areas.models import Municipality, Neighbourhood, PostcodeRange, TeamArea


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = "Haarlem"
    code = "0392"


class TeamAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamArea

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Gebied {n}")
    code = factory.Sequence(lambda n: f"gebied-{n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    area = factory.SubFactory(TeamAreaFactory)
    name = factory.Sequence(lambda n: f"Buurt {n}")
    code = factory.Sequence(lambda n: f"buurt-{n}")
    population = 4000


class PostcodeRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeRange

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    pc4 = 2035
    letters_from = "AA"
    letters_to = "ZZ"
