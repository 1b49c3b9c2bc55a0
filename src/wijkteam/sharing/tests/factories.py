from __future__ import annotations

import datetime

import factory

from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.sharing.models import Basis, Party, Purpose, SharingGround
from wijkteam.teams.tests.factories import UserFactory


class SharingGroundFactory(factory.django.DjangoModelFactory):
    """Consent, given yesterday, to refer to specialist care. ``basis=Basis.LEGAL_TASK`` needs
    ``legal_task`` and ``consent_given_on=None``."""

    class Meta:
        model = SharingGround

    household = factory.SubFactory(HouseholdFactory)
    party = Party.SPECIALIST_CARE
    purpose = Purpose.REFERRAL
    basis = Basis.CONSENT
    consent_given_on = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=1)
    )
    consent_scope = "Het plan en de ZRM"
    recorded_by = factory.SubFactory(UserFactory)
