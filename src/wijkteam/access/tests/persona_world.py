"""The world of the persona matrix (``test_persona_matrix.py``): one household of Schalkwijk 1
with a full file, a second household whose resident must see nothing of the first, and every
persona of issue 3.

Every value a reader could recognise a person by is distinctive (``SECRETS``), so a search of a
whole response proves it is there or not. Built once per test module, inside a transaction
that is rolled back afterwards; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wijkteam.access.models import EmergencyAccess
from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.audit.context import access_context
from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.conftest import world as world_fixture
from wijkteam.households.models import Household, Person
from wijkteam.households.services import household_create, person_add
from wijkteam.plans.models import Action, Goal, Performer, PlanRevision
from wijkteam.plans.services import action_add, goal_add, plan_revision_record
from wijkteam.residents.models import ResidentAccount
from wijkteam.residents.selectors import resident_plan
from wijkteam.sharing.models import SharingGround
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.services import assessment_create

# The household whose file the matrix guards. Each value occurs nowhere else in the code.
GIVEN_NAME = "Zephyrina"
FAMILY_NAME = "Quackenbosch"
BSN = "999999990"
STREET = "Vlindertuinstraat"
QUESTION = "Zwaluwhof-huurachterstand loopt op"
GOAL = "Xylofoonrust in de schulden"
ACTION = "Budgetschrift Pimpelmees bijhouden"
CONTACT_NOTE = "Huisbezoek Quokkadag: post geordend"
ZRM_NOTE = "Slaapt slecht sinds de Narwalnacht"
PHONE = "0611223344"
EMAIL = "vlinderpost@example.org"

# The other household, whose resident must see nothing of the first (and the reverse).
OTHER_GIVEN_NAME = "Ambrosius"
OTHER_FAMILY_NAME = "Wolkenveld"
OTHER_BSN = "111222333"
OTHER_STREET = "Kolibriehof"

SECRETS = (
    GIVEN_NAME,
    FAMILY_NAME,
    BSN,
    STREET,
    "Zwaluwhof",
    "Xylofoonrust",
    "Pimpelmees",
    "Quokkadag",
    "Narwalnacht",
    PHONE,
    EMAIL,
)
OTHER_SECRETS = (OTHER_GIVEN_NAME, OTHER_FAMILY_NAME, OTHER_BSN, OTHER_STREET)
# What an advice sent to the back office shows it of the household: who it is for.
ADVICE_SHOWS = (GIVEN_NAME, FAMILY_NAME, BSN)

# Everyone the matrix asks as; "anonymous" is not logged in.
PERSONAS = (
    "director",
    "cjg_coach",
    "colleague",
    "coordinator",
    "outsider",
    "backoffice",
    "policy",
    "functional_admin",
    "log_officer",
    "resident",
    "other_resident",
    "anonymous",
)


@dataclass
class PersonaWorld:
    users: dict[str, User]
    household: Household
    person: Person
    case: Case
    goal: Goal
    action: Action
    revisions: list[PlanRevision]
    ground: SharingGround
    emergency: EmergencyAccess
    other_household: Household
    other_person: Person
    other_case: Case
    device: TOTPDevice
    login_records: dict[str, int]  # django-axes' records of a failed login, by model name
    # persona -> session key, so a test logs in by setting a cookie, not by writing a session.
    sessions: dict[str, str] = field(default_factory=dict)

    @cached_property
    def ids(self) -> dict[str, str]:
        """What a route's parameters are filled with, by name of the object."""
        from django.contrib.contenttypes.models import ContentType

        return {
            "household": str(self.household.pk),
            "person": str(self.person.pk),
            "case": str(self.case.pk),
            "goal": str(self.goal.pk),
            "action": str(self.action.pk),
            "ground": str(self.ground.pk),
            "emergency": str(self.emergency.pk),
            "team": str(self.household.team_id),
            "area": str(self.household.team.area_id),
            "older": str(self.revisions[0].pk),
            "newer": str(self.revisions[-1].pk),
            "group": str(Group.objects.get(name=ROLE_GROUPS[Role.BACK_OFFICE]).pk),
            "token_user": str(self.users["director"].pk),
            "device": str(self.device.pk),
            "resident_user": str(self.users["resident"].pk),
            "household_type": str(ContentType.objects.get_for_model(Household).pk),
            **_budget_ids(self.household),
            "provision": _provision_id(),
            "activity": _activity_id(),
            "signal": _signal_id(),
            "theme": _theme_id(),
            "job": _job_id(),
            "kk_round": _knowledge_network_round_id(),
            **_back_office_ids(self.household),
            **_conference_ids(self.case),
            **{name: str(pk) for name, pk in self.login_records.items()},
        }


def _grouped(username: str, role: str, **extra) -> User:
    user = UserFactory(username=username, **extra)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def _resident(person: Person, username: str) -> User:
    # As the DigiD login makes it (wijkteam.residents.auth): the person's own name.
    user = UserFactory(
        username=username, first_name=person.given_name, last_name=person.family_name
    )
    ResidentAccount.objects.create(user=user, person=person)
    return user


def build_persona_world() -> PersonaWorld:
    world = world_fixture.__wrapped__(None)  # the shared personas of src/wijkteam/conftest.py
    director = world.director
    actor = director.user
    coordinator = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(username="coordinator"), is_coordinator=True
    )
    world.backoffice.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.BACK_OFFICE]))
    world.policy.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.POLICY_ADVISOR]))
    users = {
        "director": actor,
        "cjg_coach": world.cjg_coach.user,
        "colleague": world.colleague.user,
        "coordinator": coordinator.user,
        "outsider": world.outsider.user,
        "backoffice": world.backoffice,
        "policy": world.policy,
        "functional_admin": _grouped("beheerder", Role.FUNCTIONAL_ADMIN, is_staff=True),
        "log_officer": _grouped("logbeheer", Role.LOG_OFFICER),
    }

    with access_context(origin="persona matrix", actor=actor):
        household = household_create(
            actor=actor,
            team=world.schalkwijk,
            postcode="2035QX",
            house_number=7,
            street=STREET,
            city="Haarlem",
        )
        person = person_add(
            actor=actor,
            household=household,
            given_name=GIVEN_NAME,
            family_name=FAMILY_NAME,
            date_of_birth=date(1980, 5, 17),
            bsn=BSN,
            phone=PHONE,
            email=EMAIL,
        )
        case = case_in_state(
            actor=actor, director=director, status=Status.INTAKE, household=household
        )
        Case.objects.filter(pk=case.pk).update(question=QUESTION)
        case.refresh_from_db()
        goal = goal_add(actor=actor, case=case, domain="finances", description=GOAL)
        action = action_add(
            actor=actor, goal=goal, description=ACTION, step=1, performer=Performer.RESIDENT
        )
        assessment_create(
            actor=actor,
            case=case,
            kind=AssessmentKind.INTAKE,
            scores={"finances": 2, "housing": 3},
            note=ZRM_NOTE,
        )
        case = case_services.case_activate_plan(
            actor=actor, case=case, expected_version=case.version
        )
        case_services.contact_add(actor=actor, case=case, kind="home_visit", note=CONTACT_NOTE)
        case_services.case_add_member(actor=actor, case=case, membership=world.cjg_coach)
        plan_revision_record(actor=actor, case=case, note="Na het casusoverleg")
        revisions = list(PlanRevision.objects.filter(plan__case=case).order_by("pk"))
        ground = SharingGroundFactory(household=household, recorded_by=actor)
        now = timezone.now()
        # The colleague broke the glass yesterday; it has expired, so they see the file no more.
        emergency = EmergencyAccess.objects.create(
            user=world.colleague.user,
            household=household,
            reason="Acute zorgmelding buiten kantoortijd, regisseur niet bereikbaar",
            started_at=now - timedelta(days=1),
            expires_at=now - timedelta(days=1) + timedelta(hours=1),
        )

        other_household = household_create(
            actor=actor,
            team=world.schalkwijk,
            postcode="2036AB",
            house_number=3,
            street=OTHER_STREET,
            city="Haarlem",
        )
        other_person = person_add(
            actor=actor,
            household=other_household,
            given_name=OTHER_GIVEN_NAME,
            family_name=OTHER_FAMILY_NAME,
            bsn=OTHER_BSN,
        )
        other_case = case_in_state(
            actor=actor,
            director=director,
            status=Status.PLAN_ACTIVE,
            household=other_household,
        )
    users["resident"] = _resident(person, "bewoner-a1b2c3")
    users["other_resident"] = _resident(other_person, "bewoner-d4e5f6")
    # The residents have looked at their own file: the access log holds their reads too.
    for resident in ("resident", "other_resident"):
        with access_context(origin="persona matrix", actor=users[resident]):
            resident_plan(user=users[resident])

    _budget_for(household, by=actor)
    _provision_for(household)
    _theme_create()
    _job_for(users["policy"])
    _back_office_for(case, person, by=actor)
    _conference_for(case, by=actor)
    _activity_for(users["coordinator"], team=world.schalkwijk)
    _signal_for(world.schalkwijk)
    _knowledge_network_for()
    Token.objects.create(user=actor)
    device = TOTPDevice.objects.create(user=actor, name="Telefoon", confirmed=True)
    login_records = _failed_login(users["resident"].username)
    built = PersonaWorld(
        users=users,
        household=household,
        person=person,
        case=case,
        goal=goal,
        action=action,
        revisions=revisions,
        ground=ground,
        emergency=emergency,
        other_household=other_household,
        other_person=other_person,
        other_case=other_case,
        device=device,
        login_records=login_records,
    )
    for persona, user in users.items():
        built.sessions[persona] = _session_for(user)
    return built


def _budget_for(household: Household, *, by: User) -> None:
    """The team's custom-solutions budget for this year, with one request for the household
    waiting for the coordinator (its purpose names no one, as the form asks)."""
    from decimal import Decimal

    from wijkteam.budget.models import SpendingRequest, TeamBudget

    budget = TeamBudget.objects.create(
        team=household.team,
        year=timezone.localdate().year,
        amount=Decimal("5000"),
        coordinator_limit=Decimal("500"),
        set_by=by,
    )
    SpendingRequest.objects.create(
        budget=budget,
        household=household,
        amount=Decimal("250"),
        purpose="Tweedehands wasmachine",
        requested_by=by,
    )


def _back_office_for(case: Case, person: Person, *, by: User) -> None:
    """An advice sent to the back office for the household's person (on a ground to share with
    it), and a breakthrough request; their texts name no one."""
    from wijkteam.backoffice.services import advice_create, breakthrough_file
    from wijkteam.sharing.models import Party, Purpose

    SharingGroundFactory(
        household=case.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        recorded_by=by,
    )
    with access_context(origin="persona matrix", actor=by):
        today = timezone.localdate()
        advice_create(
            actor=by,
            case=case,
            person=person,
            category="wmo_01",
            provision="Hulp bij het huishouden, 3 uur per week",
            reasons="Kan na een operatie het huis niet schoonhouden",
            tried="Netwerk hielp tijdelijk; de algemene voorziening had een wachtlijst",
            requested_on=today - timedelta(days=20),
            applied_on=today - timedelta(days=5),
            send=True,
        )
        breakthrough_file(
            actor=by,
            case=case,
            blocking_rule="Verhuiskosten alleen bij medische urgentie",
            solution="Eenmalige vergoeding van de verhuizing",
            reasons="Woningruil is rond; de trap is niet meer te doen",
        )


def _back_office_ids(household: Household) -> dict[str, str]:
    from wijkteam.backoffice.models import Advice, Breakthrough

    return {
        "advice": str(Advice.objects.get(household=household).pk),
        "breakthrough": str(Breakthrough.objects.get(household=household).pk),
    }


def _budget_ids(household: Household) -> dict[str, str]:
    from wijkteam.budget.models import SpendingRequest

    spending = SpendingRequest.objects.get(household=household)
    return {"budget": str(spending.budget_id), "spending_request": str(spending.pk)}


def _conference_for(case: Case, *, by: User) -> None:
    """Yesterday's case conference of the team, the director and the colleague attending, with
    the case on its agenda and a conclusion naming the question's distinctive word: after the
    day, the colleague sees only references (need-to-know)."""
    from wijkteam.cases.models import CaseConference, ConferenceAgendaItem, ConferenceConclusion

    conference = CaseConference.objects.create(
        team=case.team, held_on=timezone.localdate() - timedelta(days=1), created_by=by
    )
    conference.attendees.set(
        case.team.memberships.filter(user__username__in=["regisseur", "collega"])
    )
    item = ConferenceAgendaItem.objects.create(conference=conference, case=case, added_by=by)
    ConferenceConclusion.objects.create(
        item=item, text="Zwaluwhof: schuldhulp erbij", written_by=by
    )


def _conference_ids(case: Case) -> dict[str, str]:
    from wijkteam.cases.models import ConferenceAgendaItem

    item = ConferenceAgendaItem.objects.get(case=case)
    return {"conference": str(item.conference_id), "agenda_item": str(item.pk)}


def _provision_for(household: Household) -> None:
    """A provision of the social map (reference data: every staff member reads it)."""
    from wijkteam.socialmap.services import provision_create

    provision_create(
        actor=None,
        municipality=household.team.area.municipality,
        name="Schuldhulpmaatje",
        provider="Stichting Maatjes (demo)",
        kind="volunteer",
        domains=["finances"],
    )


def _provision_id() -> str:
    from wijkteam.socialmap.models import Provision

    return str(Provision.objects.get(name="Schuldhulpmaatje").pk)


def _job_for(user: User) -> None:
    """A finished background job (wijkteam.jobs) of the policy advisor: only they see it."""
    from wijkteam.jobs.models import Job, JobStatus

    Job.objects.create(
        kind="area_analysis_export",
        requested_by=user,
        status=JobStatus.DONE,
        result=b"level,code\n",
        result_name="wijkanalyse.csv",
        result_content_type="text/csv; charset=utf-8",
    )


def _job_id() -> str:
    from wijkteam.jobs.models import Job

    return str(Job.objects.get(result_name="wijkanalyse.csv").pk)


def _theme_create() -> None:
    """A theme of the list (reference data: staff read the active ones)."""
    from wijkteam.cases.models import Theme

    Theme.objects.get_or_create(code="matrix-theme", defaults={"name": "Thema van de matrix"})


def _theme_id() -> str:
    from wijkteam.cases.models import Theme

    return str(Theme.objects.get(code="matrix-theme").pk)


def _activity_for(coordinator: User, *, team) -> None:
    """A collective activity of the team (community work; the coordinator may run it)."""
    from wijkteam.community.services.activities import activity_create

    activity_create(actor=coordinator, team=team, kind="group", name="Koffieochtend matrix")


def _activity_id() -> str:
    from wijkteam.community.models import CollectiveActivity

    return str(CollectiveActivity.objects.get(name="Koffieochtend matrix").pk)


def _signal_for(team) -> None:
    """A detected neighbourhood signal of the team (counts only; community work acts on it)."""
    from wijkteam.cases.models import Theme
    from wijkteam.community.models import NeighbourhoodSignal, SignalDetection

    signal = NeighbourhoodSignal.objects.create(
        team=team,
        neighbourhood=team.area.neighbourhoods.order_by("pk").first(),
        theme=Theme.objects.get(code="loneliness"),
        origin="detected",
        description="Matrixsignaal",
    )
    today = timezone.localdate()
    SignalDetection.objects.create(
        signal=signal,
        period_start=today - timedelta(days=90),
        period_end=today,
        households=6,
        previous_households=2,
        expected=0.5,
        p_value=0.001,
    )


def _signal_id() -> str:
    from wijkteam.community.models import NeighbourhoodSignal

    return str(NeighbourhoodSignal.objects.get(description="Matrixsignaal").pk)


def _knowledge_network_for() -> None:
    """A knowledge network with an open round (wijkteam.knowledgenetwork): none of the personas
    is its coordinator or one of its respondents, so every page and endpoint refuses them."""
    from wijkteam.knowledgenetwork.models import Network, Participant, Round

    network = Network.objects.create(name="Kenniskring matrix")
    Participant.objects.create(network=network, name="Zaanstad", cbs_code="0479")
    Round.objects.create(network=network, number=0, name="0-meting", is_open=True)


def _knowledge_network_round_id() -> str:
    from wijkteam.knowledgenetwork.models import Round

    return str(Round.objects.get(network__name="Kenniskring matrix").pk)


def _failed_login(username: str) -> dict[str, int]:
    """What django-axes keeps of a mistyped password, for the admin's pages of it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    request = {
        "username": username,
        "ip_address": "127.0.0.1",
        "user_agent": "Firefox",
        "http_accept": "text/html",
        "path_info": "/inloggen/",
    }
    return {
        "accessattempt": AccessAttempt.objects.create(
            **request, get_data="", post_data="", failures_since_start=1
        ).pk,
        "accesslog": AccessLog.objects.create(**request).pk,
        "accessfailurelog": AccessFailureLog.objects.create(**request).pk,
    }


def _session_for(user: User) -> str:
    """A logged-in session, as ``Client.force_login`` makes it, written once."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
