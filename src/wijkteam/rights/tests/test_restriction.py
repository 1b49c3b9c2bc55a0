"""Restriction of processing (AVG art. 18): reads stay, every write on the file is refused
until the case director lifts it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import StopReason
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.households import services as household_services
from wijkteam.plans import services as plan_services
from wijkteam.plans.models import Action, Goal
from wijkteam.rights.models import Restriction
from wijkteam.rights.services import restriction_lift, restriction_start
from wijkteam.zrm import services as zrm_services


def restrict(world, file):
    return restriction_start(
        actor=world.director.user, household=file.household, reason="Bewoner betwist de juistheid"
    )


# One write per app that holds client data; each must be refused while restricted.
WRITES = {
    "households.person_update": lambda w, f: household_services.person_update(
        actor=w.director.user,
        person=f.person,
        expected_version=f.person.version,
        role="main",
        given_name="Ander",
        reason="x",
    ),
    "households.person_add": lambda w, f: household_services.person_add(
        actor=w.director.user, household=f.household, role="child", given_name="Kind"
    ),
    "households.household_update": lambda w, f: household_services.household_update(
        actor=w.director.user,
        household=f.household,
        expected_version=f.household.version,
        postcode="2035QX",
        house_number=8,
        reason="x",
    ),
    "cases.contact_add": lambda w, f: case_services.contact_add(
        actor=w.director.user, case=f.case, note="Gebeld"
    ),
    "cases.case_stop": lambda w, f: case_services.case_stop(
        actor=w.director.user,
        case=f.case,
        expected_version=f.case.version,
        reason=StopReason.DECLINED,
    ),
    "cases.case_add_member": lambda w, f: case_services.case_add_member(
        actor=w.director.user, case=f.case, membership=w.colleague
    ),
    "plans.goal_add": lambda w, f: plan_services.goal_add(
        actor=w.director.user, case=f.case, domain="housing", description="Woning houden"
    ),
    "plans.action_set_status": lambda w, f: plan_services.action_set_status(
        actor=w.director.user,
        action=Action.objects.filter(goal__plan__case=f.case).first(),
        status="done",
        expected_version=None,
    ),
    "zrm.assessment_create": lambda w, f: zrm_services.assessment_create(
        actor=w.director.user, case=f.case, kind="follow_up", scores={"finances": 3}
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_kind_of_write_is_refused_while_restricted_and_allowed_after(world, file, write):
    restrict(world, file)
    with pytest.raises(ConflictError) as error:
        WRITES[write](world, file)
    assert error.value.code == "restricted"
    assert error.value.extra["restricted_since"]
    restriction_lift(actor=world.director.user, household=file.household, reason="Opgehelderd")
    file.person.refresh_from_db()
    file.household.refresh_from_db()
    file.case.refresh_from_db()
    WRITES[write](world, file)  # no error now


def test_a_new_question_for_a_restricted_household_is_refused(world, file):
    file.case = case_services.case_stop(
        actor=world.director.user,
        case=file.case,
        expected_version=file.case.version,
        reason=StopReason.DECLINED,
    )
    restrict(world, file)
    with pytest.raises(ConflictError) as error:
        case_services.registration_create(
            actor=world.director.user, question="Nieuwe vraag", household=file.household
        )
    assert error.value.code == "restricted"


def test_restriction_needs_a_reason_and_the_director(world, file):
    with pytest.raises(DomainError) as error:
        restriction_start(actor=world.director.user, household=file.household, reason=" ")
    assert error.value.code == "reason_required"
    with pytest.raises(NotFoundOrHidden):
        restriction_start(actor=world.outsider.user, household=file.household, reason="x")
    # A colleague on the case, but not its director.
    case_services.case_add_member(
        actor=world.director.user, case=file.case, membership=world.colleague
    )
    with pytest.raises(DomainError) as error:
        restriction_start(actor=world.colleague.user, household=file.household, reason="x")
    assert error.value.code == "not_allowed"
    assert not Restriction.objects.exists()


def test_the_team_coordinator_may_restrict_too(world, file):
    world.cjg_coach.is_coordinator = True
    world.cjg_coach.save()
    restriction_start(actor=world.cjg_coach.user, household=file.household, reason="Bezwaar")
    assert Restriction.objects.get().started_by == world.cjg_coach.user


def test_one_restriction_at_a_time_and_lifting_keeps_the_history(world, file):
    restrict(world, file)
    with pytest.raises(ConflictError) as error:
        restrict(world, file)
    assert error.value.code == "already_restricted"
    restriction_lift(actor=world.director.user, household=file.household, reason="Opgehelderd")
    with pytest.raises(ConflictError) as error:
        restriction_lift(actor=world.director.user, household=file.household, reason="x")
    assert error.value.code == "not_restricted"
    restrict(world, file)
    assert Restriction.objects.count() == 2
    assert Restriction.objects.filter(lifted_at__isnull=True).count() == 1


def test_reads_stay_possible_with_a_banner(client, world, file):
    restrict(world, file)
    client.force_login(world.director.user)
    response = client.get(reverse("households:detail", args=[file.household.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="rights-banner-title"' in html
    assert reverse("rights:household", args=[file.household.pk]) in html
    response = client.get(reverse("cases:detail", args=[file.case.pk]))
    assert response.status_code == 200


def test_the_rights_page_restricts_and_lifts(client, world, file):
    client.force_login(world.director.user)
    url = reverse("rights:household", args=[file.household.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("rights:restrict", args=[file.household.pk]), {"restrict-reason": ""}
    )
    assert response.status_code == 400
    assert not Restriction.objects.exists()
    response = client.post(
        reverse("rights:restrict", args=[file.household.pk]), {"restrict-reason": "Bezwaar"}
    )
    assert response.status_code == 302
    assert Restriction.objects.get().is_active
    response = client.post(
        reverse("rights:lift", args=[file.household.pk]), {"lift-reason": "Bezwaar afgehandeld"}
    )
    assert response.status_code == 302
    assert not Restriction.objects.get().is_active


def test_the_rights_page_is_404_to_an_outsider(client, world, file):
    client.force_login(world.outsider.user)
    assert client.get(reverse("rights:household", args=[file.household.pk])).status_code == 404
    response = client.post(
        reverse("rights:restrict", args=[file.household.pk]), {"restrict-reason": "x"}
    )
    assert response.status_code == 404
    assert not Restriction.objects.exists()


def test_the_api_refuses_a_write_with_409_restricted(world, file):
    restrict(world, file)
    api = APIClient()
    api.force_authenticate(world.director.user)
    response = api.patch(
        f"/api/persons/{file.person.pk}/", {"phone": "0611111111", "version": file.person.version}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "restricted"
    assert api.get(f"/api/households/{file.household.pk}/").status_code == 200


def test_restricted_writes_change_nothing(world, file):
    restrict(world, file)
    goals = Goal.objects.count()
    with pytest.raises(ConflictError):
        plan_services.goal_add(
            actor=world.director.user, case=file.case, domain="housing", description="x"
        )
    assert Goal.objects.count() == goals


def test_handing_over_direction_stays_possible_while_restricted(world, file):
    """Someone must stay responsible for a restricted file, e.g. when its director leaves."""
    restrict(world, file)
    case = case_services.case_hand_over(
        actor=world.director.user,
        case=file.case,
        to=world.colleague,
        expected_director_id=file.case.director_id,
        reason="Regisseur met verlof",
    )
    assert case.director == world.colleague
