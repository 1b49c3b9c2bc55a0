"""The demo resident: ``bewoner`` logs in (locally, standing in for DigiD) as the main resident
of a household whose case ``regisseur`` directs, with an active plan and a ZRM series.

Their file gets what a resident's view shows: the director looked at it, the resident gave
consent to share with specialist care for a referral (the ground a transfer to specialist care
needs), proposed a goal of their own and wrote a note. All through the services, with each
actor in their own access context, so the access log holds what it would in real use.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy

from wijkteam.accounts.models import User
from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import case_get, household_timeline
from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import HouseholdRole, Person
from wijkteam.households.selectors import household_get
from wijkteam.residents.models import ResidentAccount
from wijkteam.residents.services import (
    resident_consent_give,
    resident_goal_propose,
    resident_note_add,
)

RESIDENT_USERNAME = "bewoner"
RESIDENT_CAN_DO = gettext_lazy(
    "Resident (stands in for a DigiD login): sees their own plan at /mijn/, how it is going, "
    "who looked at their file, and gives or withdraws consent. Their case director is the "
    "persona regisseur."
)


def demo_residents_wipe(*, team_names: tuple[str, ...]) -> None:
    """Unlink resident accounts from the demo households, so those can be removed."""
    ResidentAccount.objects.filter(person__household__team__name__in=team_names).delete()
    ResidentAccount.objects.filter(user__username=RESIDENT_USERNAME).delete()


def _the_case() -> Case:
    """The oldest active case ``regisseur`` directs with the longest ZRM series."""
    return (
        Case.objects.filter(status=Status.PLAN_ACTIVE, director__user__username="regisseur")
        .annotate(assessment_count=Count("assessments", distinct=True))
        .filter(assessment_count__gte=3)
        .order_by("-assessment_count", "registered_at", "pk")
        .select_related("household")
        .first()
    )


def demo_residents_build() -> Person:
    """Link ``bewoner`` to the main resident of ``regisseur``'s household and give the file
    the history a resident's view shows. Returns the person."""
    from wijkteam.sharing.models import Party, Purpose

    user = User.objects.get(username=RESIDENT_USERNAME)
    director = User.objects.get(username="regisseur")
    case = _the_case()
    members = Person.objects.filter(household=case.household).order_by("pk")
    person = members.filter(role=HouseholdRole.MAIN).first() or members.first()
    user.first_name, user.last_name = person.given_name, person.family_name
    user.save(update_fields=["first_name", "last_name"])
    ResidentAccount.objects.create(user=user, person=person)

    # The director opens the file, as before a home visit.
    with access_context(channel=LogChannel.UI, actor=director):
        household_get(user=director, pk=case.household_id)
        case_get(user=director, pk=case.pk)
        household_timeline(user=director, household=case.household)

    # The resident, in their own view.
    with access_context(channel=LogChannel.UI, actor=user):
        resident_consent_give(
            actor=user,
            party=Party.SPECIALIST_CARE,
            purpose=Purpose.REFERRAL,
            party_name="Specialistische hulp (demo)",
            consent_scope="Mijn plan en hoe het gaat (ZRM)",
        )
        resident_goal_propose(
            actor=user,
            domain=LifeDomain.SOCIAL_NETWORK,
            description="Ik wil één keer per week iets leuks doen met anderen.",
        )
        resident_note_add(
            actor=user,
            text="Ik kan volgende week dinsdag niet. Kunnen we het huisbezoek verzetten?",
        )
    return person
