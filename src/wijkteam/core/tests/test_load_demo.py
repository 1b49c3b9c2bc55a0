"""The Haarlem demo (``manage.py load_demo``)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Avg
from django.test import override_settings
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.areas.models import TeamArea
from wijkteam.areas.selectors import neighbourhood_for_postcode
from wijkteam.cases.lifecycle import OPEN_STATES, Status
from wijkteam.cases.models import Case, Contact, DirectorAssignment, StatusChange
from wijkteam.cases.selectors import caseload_for
from wijkteam.core.demo.haarlem import DEMO_PASSWORD, PERSONAS
from wijkteam.households.models import Household, Person
from wijkteam.plans.models import Action, PlanRevision
from wijkteam.teams.models import Function, Membership, Team
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

BASE_COMPOSITION = {
    Function.WMO_CONSULTANT: "0.50",
    Function.WORK_INCOME_DEBT: "0.50",
    Function.SOCIAL_WORKER: "1.00",
    Function.DISTRICT_NURSE: "0.50",
    Function.COMMUNITY_WORKER: "0.50",
    Function.MEE_CONSULTANT: "0.50",
}
TEAM_NAMES = {
    "Schalkwijk 1",
    "Schalkwijk 2",
    "Oost 1",
    "Oost 2",
    "Noord 1",
    "Noord 2",
    "Centrum en Rozenprieel",
    "Zuid-West",
}


def _counts() -> dict[str, int]:
    models = (
        TeamArea,
        Team,
        Membership,
        User,
        Household,
        Person,
        Case,
        StatusChange,
        DirectorAssignment,
        Contact,
        Action,
        PlanRevision,
        Assessment,
        Score,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="WIJKTEAM_DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Team.objects.exists() and not User.objects.exists()


@pytest.mark.slow
def test_running_twice_gives_the_same_data(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    first_statuses = sorted(Case.objects.values_list("team__name", "status"))
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    assert sorted(Case.objects.values_list("team__name", "status")) == first_statuses
    assert first["Household"] >= 8 * 8


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the read-only tests of a class, rolled back after them."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            yield output.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.usefixtures("demo")
class TestTheLoadedDemo:
    def test_has_the_8_teams_with_the_base_composition_and_a_cjg_coach(self, db):
        assert set(Team.objects.values_list("name", flat=True)) == TEAM_NAMES
        for team in Team.objects.all():
            assert team.phone and team.email
            members = team.memberships.filter(is_active=True)
            base = {m.function: f"{m.fte:.2f}" for m in members.filter(is_expert=False)}
            assert base == BASE_COMPOSITION, team.name
            assert members.filter(is_expert=True, function=Function.CJG_COACH).count() == 1
            households = Household.objects.filter(team=team).count()
            assert 8 <= households <= 15, (team.name, households)

    def test_persona_teams_have_cases_in_every_state_and_a_reopened_one(self, db):
        for name in ("Schalkwijk 1", "Oost 2"):
            statuses = set(Case.objects.filter(team__name=name).values_list("status", flat=True))
            assert statuses == set(Status.values), name
            assert StatusChange.objects.filter(case__team__name=name, transition="reopen").exists()

    def test_the_history_is_built_through_the_services(self, db):
        for case in Case.objects.all():
            changes = list(case.status_changes.order_by("at", "pk"))
            assert changes[0].transition == "register"
            assert changes[-1].to_status == case.status
        handed_over = [
            case
            for case in Case.objects.all()
            if len({a.membership_id for a in case.director_history.all()}) > 1
        ]
        assert handed_over
        assert Action.objects.filter(is_fast_track=True).exclude(step_reason="").exists()

    def test_every_step_up_in_a_plan_has_its_reason(self, db):
        steps_up = 0
        for case in Case.objects.exclude(plan=None):
            for goal in case.plan.goals.all():
                highest = 1
                for action in goal.actions.order_by("pk"):
                    if action.step > highest:
                        steps_up += 1
                        assert action.step_reason, action.pk
                    highest = max(highest, action.step)
        assert steps_up > 20

    def test_personas_can_log_in_and_others_cannot(self, db):
        for persona in PERSONAS:
            user = User.objects.get(username=persona.username)
            assert user.check_password(DEMO_PASSWORD), persona.username
        assert User.objects.get(username="beheer").is_superuser
        assert not User.objects.filter(is_superuser=True).exclude(username="beheer").exists()
        others = User.objects.exclude(username__in=[p.username for p in PERSONAS])
        assert others.exists()
        assert not any(user.has_usable_password() for user in others)
        membership = Membership.objects.get(user__username="cjgcoach")
        assert membership.is_expert and membership.team.name == "Schalkwijk 1"
        assert Membership.objects.get(user__username="oost2").team.name == "Oost 2"

    def test_the_case_director_has_open_cases_with_zrm_progress(self, db):
        regisseur = User.objects.get(username="regisseur")
        caseload = list(caseload_for(user=regisseur))
        directed = [case for case in caseload if case.director.user == regisseur]
        assert len(directed) >= 3
        assert all(case.status in OPEN_STATES for case in caseload)
        series = [case for case in directed if case.assessments.count() >= 3]
        assert series
        for case in series:
            assessments = list(case.assessments.order_by("assessed_on"))
            first, last = assessments[0], assessments[-1]
            assert first.kind == AssessmentKind.INTAKE
            assert first.assessed_on < last.assessed_on
            assert (
                last.scores.aggregate(avg=Avg("score"))["avg"]
                > first.scores.aggregate(avg=Avg("score"))["avg"]
            )

    def test_bsns_are_valid_test_numbers(self, db):
        bsns = list(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
        assert len(bsns) > 20
        for bsn in bsns:
            assert stdnum_bsn.is_valid(bsn) and 999_990_000 <= int(bsn) <= 999_999_999, bsn

    def test_household_names_and_streets_are_clearly_fake(self, db):
        assert not Person.objects.exclude(family_name__startswith="Demo-").exists()
        streets = set(Household.objects.exclude(street="").values_list("street", flat=True))
        assert streets <= {
            "Proefstraat",
            "Voorbeeldlaan",
            "Oefenweg",
            "Testplein",
            "Demohof",
            "Verzinsingel",
            "Fictiekade",
        }

    def test_every_household_postcode_routes_to_its_team(self, db):
        households = Household.objects.exclude(postcode="").select_related("team")
        assert households.count() > 60
        for household in households:
            routed = neighbourhood_for_postcode(postcode=household.postcode)
            assert routed.area.team == household.team, household.reference
            assert routed == household.neighbourhood

    def test_prints_a_login_for_each_persona(self, demo):
        for persona in PERSONAS:
            assert persona.username in demo
        assert DEMO_PASSWORD in demo
