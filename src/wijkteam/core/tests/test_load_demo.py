"""The Haarlem demo (``manage.py load_demo``)."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Avg
from django.test import override_settings
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.areas.models import TeamArea
from wijkteam.areas.selectors import neighbourhood_for_postcode
from wijkteam.cases.lifecycle import ENDED_STATES, OPEN_STATES, TRANSITIONS, Status
from wijkteam.cases.models import Case, CaseTheme, Contact, DirectorAssignment, StatusChange
from wijkteam.cases.selectors import caseload_for, household_timeline
from wijkteam.community.models import (
    CollectiveActivity,
    NeighbourhoodSignal,
    Participation,
    SignalOrigin,
)
from wijkteam.community.roles import may_work_on
from wijkteam.community.selectors.activities import activity_route_counts
from wijkteam.core.demo.collective import COFFEE_MORNING
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
        CaseTheme,
        NeighbourhoodSignal,
        CollectiveActivity,
        Participation,
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

    def test_the_resident_persona_sees_a_household_the_case_director_directs(self, db):
        from wijkteam.residents.selectors import (
            resident_file_looks,
            resident_plan,
            resident_sharing,
        )

        resident = User.objects.get(username="bewoner")
        plan = resident_plan(user=resident)
        assert plan.case.status == Status.PLAN_ACTIVE
        assert plan.case.director.user.username == "regisseur"
        assert plan.case.assessments.count() >= 3
        goals = [goal for group in plan.groups for goal in group.goals]
        assert any(goal.proposed_by_resident for goal in goals)
        assert any(goal.actions.exists() for goal in goals)
        consents = resident_sharing(user=resident).consents
        assert {(g.party, g.purpose) for g in consents} >= {("specialist_care", "referral")}
        director_name = User.objects.get(username="regisseur").get_full_name()
        assert director_name in {look.who for look in resident_file_looks(user=resident).looks}

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

    def test_detection_finds_loneliness_in_meerwijk_beside_two_filed_signals(self, db, settings):
        detected = NeighbourhoodSignal.objects.get(origin=SignalOrigin.DETECTED)
        assert (detected.team.name, detected.neighbourhood.code, detected.theme.code) == (
            "Schalkwijk 1",
            "meerwijk",
            "loneliness",
        )
        assert detected.detections.get().households >= settings.WIJKTEAM_DISCLOSURE_THRESHOLD
        # The coordinator persona is the team's community worker, who acts on it.
        assert may_work_on(user=User.objects.get(username="coordinator"), team=detected.team)
        filed = NeighbourhoodSignal.objects.exclude(origin=SignalOrigin.DETECTED)
        assert sorted(filed.values_list("origin", flat=True)) == [
            "professional",
            "residents_initiative",
        ]

    def test_the_coffee_morning_answers_the_signal_and_shows_its_route(self, db):
        coffee = CollectiveActivity.objects.get(name=COFFEE_MORNING)
        assert coffee.signals.filter(origin=SignalOrigin.DETECTED).exists()
        assert coffee.participations.exists() and coffee.provisions.exists()
        # Enough plan actions join it that the route count is shown, not withheld.
        counts = activity_route_counts(activity=coffee)
        assert isinstance(counts.actions, int), counts
        assert isinstance(counts.households, int), counts

    def test_prints_a_login_for_each_persona(self, db, demo):
        for persona in PERSONAS:
            assert persona.username in demo
        assert DEMO_PASSWORD in demo


@pytest.mark.usefixtures("demo")
class TestTheDemoHistoryHappenedAtItsOwnDates:
    """Every story is played on a travelled clock: what the services stamped is when it
    happened in the story, never the moment the demo was built, and never in the future."""

    def test_status_changes_follow_the_transition_table_from_the_registration(self, db):
        now = timezone.now()
        for case in Case.objects.prefetch_related("status_changes"):
            changes = sorted(case.status_changes.all(), key=lambda change: change.pk)
            first = changes[0]
            assert (first.transition, first.to_status) == ("register", Status.REGISTERED)
            for before, after in itertools.pairwise(changes):
                assert before.at <= after.at, case.pk
                assert after.from_status == before.to_status, case.pk
                assert TRANSITIONS[(before.to_status, after.transition)] == after.to_status
            assert changes[-1].to_status == case.status
            assert all(case.registered_at <= change.at <= now for change in changes), case.pk
            assert case.registered_at <= case.status_changed_at <= now

    def test_contacts_and_assessments_lie_between_the_registration_and_today(self, db):
        today = timezone.localdate()
        checked = 0
        for case in Case.objects.prefetch_related("contacts", "assessments"):
            registered_on = timezone.localdate(case.registered_at)
            dates = [contact.date for contact in case.contacts.all()]
            dates += [assessment.assessed_on for assessment in case.assessments.all()]
            for on in dates:
                assert registered_on <= on <= today, case.pk
                checked += 1
        assert checked > 200

    def test_directors_and_plan_revisions_come_after_the_registration(self, db):
        now = timezone.now()
        for assignment in DirectorAssignment.objects.select_related("case"):
            assert assignment.case.registered_at <= assignment.started_at <= now
            if assignment.ended_at:
                assert assignment.started_at <= assignment.ended_at <= now
        for revision in PlanRevision.objects.select_related("plan__case"):
            assert revision.plan.case.registered_at <= revision.created_at <= now

    def test_ended_cases_were_closed_after_their_last_contact(self, db):
        ended = Case.objects.filter(status__in=ENDED_STATES).prefetch_related("contacts")
        assert ended.count() > 20
        for case in ended:
            assert case.closed_at <= timezone.now()
            last = max((contact.date for contact in case.contacts.all()), default=None)
            if last:
                assert timezone.localdate(case.closed_at) >= last, case.pk

    def test_a_closed_case_that_was_reopened_came_back_within_the_term(self, db, settings):
        reopens = StatusChange.objects.filter(transition="reopen").select_related("case")
        assert reopens.exists()
        for reopen in reopens:
            ended = (
                reopen.case.status_changes.filter(to_status__in=ENDED_STATES, at__lte=reopen.at)
                .order_by("-at")
                .first()
            )
            waited = reopen.at - ended.at
            assert timedelta(days=7) <= waited <= timedelta(days=settings.WIJKTEAM_REOPEN_DAYS)

    def test_every_household_timeline_starts_with_its_registration(self, db):
        households = Household.objects.select_related("team")
        for household in households:
            timeline = household_timeline(user=_someone_who_sees(household), household=household)
            oldest = min(timeline, key=lambda entry: entry.at)
            assert oldest.kind == "registration", household.pk
            first_case = household.cases.order_by("registered_at").first()
            assert household.created_at <= first_case.registered_at

    def test_the_inbox_has_registrations_waiting_for_different_numbers_of_days(self, db):
        today = timezone.localdate()
        waiting = {
            (today - timezone.localdate(registered_at)).days
            for registered_at in Case.objects.filter(status=Status.REGISTERED).values_list(
                "registered_at", flat=True
            )
        }
        assert len(waiting) > 1
        assert max(waiting) <= 14 and min(waiting) >= 0

    def test_some_open_cases_have_run_for_more_than_a_month(self, db):
        month_ago = timezone.now() - timedelta(days=30)
        assert Case.objects.filter(status__in=OPEN_STATES, registered_at__lt=month_ago).exists()
        assert (
            Case.objects.filter(status=Status.PLAN_ACTIVE, registered_at__lt=month_ago).count()
            == Case.objects.filter(status=Status.PLAN_ACTIVE).count()
        )


def _someone_who_sees(household: Household) -> User:
    """A member of the household's team who may see its file (need-to-know), or, for a file
    nobody is on any more, one who opens it with emergency access."""
    from wijkteam.access.models import EmergencyAccess
    from wijkteam.households.selectors import households_visible_to

    members = Membership.objects.filter(team=household.team, is_active=True).select_related("user")
    for member in members:
        if households_visible_to(user=member.user).filter(pk=household.pk).exists():
            return member.user
    user = members.first().user
    EmergencyAccess.objects.create(
        user=user,
        household=household,
        reason="Test: the history of a closed file",
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    return user
