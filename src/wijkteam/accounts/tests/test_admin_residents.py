"""The admin never lists residents: who is a client of the teams is client data."""

from __future__ import annotations

from django.urls import reverse

from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory


def test_the_user_admin_lists_staff_and_not_residents(client, world):
    person = PersonFactory(household=HouseholdFactory(team=world.schalkwijk))
    resident = UserFactory(username="bewoner-x", first_name="Zephyrina", last_name="Quackenbosch")
    ResidentAccount.objects.create(user=resident, person=person)
    admin_user = UserFactory(username="superbeheer", is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "regisseur" in page
    assert "Quackenbosch" not in page and "bewoner-x" not in page
    change = client.get(reverse("admin:accounts_user_change", args=[resident.pk]))
    assert change.status_code == 302  # "does not exist" → back to the list
    tokens = client.get(reverse("admin:authtoken_tokenproxy_add")).content.decode()
    assert "Quackenbosch" not in tokens
