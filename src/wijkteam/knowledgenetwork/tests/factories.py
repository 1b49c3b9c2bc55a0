from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from wijkteam.knowledgenetwork.models import Network, Participant, Round


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Kenniskring {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"{n:04d}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    network = factory.SubFactory(NetworkFactory)
    number = factory.Sequence(lambda n: n)
    name = factory.LazyAttribute(lambda r: f"{r.number}-meting")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    is_open = True
