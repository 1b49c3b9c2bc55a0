"""No query grows with the data (issue 7): every page and API read asks the database a number
of times that does not depend on how many rows it shows.

Every GET row of the persona matrix (``access/tests/test_persona_matrix.py``: ``ROUTES`` and
``OPERATIONS``) is asked as a persona whose rule lets them in, in the matrix's world grown by
one copy of everything a page can list (``grow``), and again after more copies. The two counts
must be equal: a count that grows is an N+1 query to fix in the code, never here. Lists are
paged (25 or 50 a page), so one page is what is counted; the copies fit on the first page, so
the page's own queries are counted with more rows on it, not fewer.

Left out, each with its reason (``EXCLUDED``; ``test_every_get_is_counted_or_excluded`` keeps
the list whole):

* the admin (``/beheer/…``): Django's own pages, paged by Django; of our data the functional
  administrator reaches only authenticator apps there;
* the API's schema and documentation pages: made from the code, they read no rows;
* pages that only redirect or refuse everyone (the DigiD pages while no broker is configured,
  the "registered" page, the coordinator's capacity shortcut): they render nothing;
* the CSV exports, which write every row by design (a file for a spreadsheet, not a page, so
  not paged).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from wijkteam.access.tests.persona_world import PersonaWorld, build_persona_world
from wijkteam.access.tests.test_persona_matrix import Ask, _ask, _cases, _url

pytestmark = pytest.mark.slow

# The personas tried for a row, in this order: the first whose rule is "ok" or "self" asks. The
# director comes first because every copy of ``grow`` is theirs to see.
PREFERENCE = (
    "director",
    "coordinator",
    "cjg_coach",
    "colleague",
    "backoffice",
    "functional_admin",
    "log_officer",
    "policy",
    "resident",
    "outsider",
    "anonymous",
)

# Rows no persona of the matrix may ask (the knowledge network's monitor): asked as the network
# coordinator or the respondent that this module adds to the world.
KNOWLEDGE_NETWORK_AS = {
    "GET /kenniskring/": "network_coordinator",
    "GET /kenniskring/rondes/<int:pk>/invullen/": "respondent",
    "GET /kenniskring/rondes/<int:pk>/vergelijking/": "respondent",
    "GET /kenniskring/rondes/<int:pk>/overzicht/": "network_coordinator",
    "GET /api/knowledge-network/rounds/": "network_coordinator",
    "GET /api/knowledge-network/rounds/{id}/response/": "respondent",
    "GET /api/knowledge-network/rounds/{id}/comparison/": "network_coordinator",
}

EXCLUDED = {
    "GET /api/schema/": "made from the code; reads no rows",
    "GET /api/docs/": "made from the code; reads no rows",
    "GET /mijn/digid/": "DigiD login: not there while no broker is configured (404)",
    "GET /mijn/digid/terug/": "DigiD login: not there while no broker is configured (404)",
    "GET /mijn/digid/geweigerd/": "an explanation page that refuses everyone (403)",
    "GET /zaken/aanmelden/klaar/": "only redirects to the registration form",
    "GET /teams/capaciteit/": "only redirects the coordinator to their team's capacity page",
    "GET /sociale-kaart/exporteren/": "a CSV export: every row by design, not paged",
    "GET /api/provisions/export/": "a CSV export: every row by design, not paged",
    "GET /buurt/signalen/export/": "a CSV export: every row by design, not paged",
    "GET /monitoring/wijkanalyse/export/": "a CSV export: every row by design, not paged",
    "GET /monitoring/dashboard/export/": "a CSV export: every row by design, not paged",
}


# Searches are POSTs (search words are personal data, never in a URL): they read, so they are
# counted too, with words that find every copy.
READ_POSTS = {
    "POST /huishoudens/zoeken/": {"q": "Groei"},
    "POST /api/households/search/": {"q": "Groei"},
    "POST /api/provisions/search/": {"q": "Voorziening"},
}
# A query string for pages that show their list only when asked for something.
QUERIES = {
    "GET /buurt/activiteiten/<int:pk>/voorzieningen/": "q=Voorziening",
}

# Lists whose page must be longer with more copies: proof that ``grow`` adds rows they show.
SHOWS_MORE = {
    "GET /zaken/",
    "GET /zaken/inbox/",
    "GET /zaken/<int:pk>/",
    "GET /huishoudens/<int:pk>/",
    "GET /overleg/<int:pk>/",
    "GET /overleg/teams/<int:pk>/",
    "GET /teams/<int:pk>/capaciteit/",
    "GET /buurt/signalen/",
    "GET /buurt/activiteiten/",
    "GET /sociale-kaart/",
    "GET /backoffice/",
    "GET /mijn/",
    "GET /mijn/wie-keek/",
    "GET /kenniskring/rondes/<int:pk>/overzicht/",
    "GET /monitoring/wijkanalyse/",
    "GET /api/cases/",
    "GET /api/households/",
    "GET /api/households/{id}/timeline/",
    "GET /api/advices/",
    "GET /api/emergency-accesses/",
    "GET /api/persons/{id}/export/",
    "POST /huishoudens/zoeken/",
    "POST /api/households/search/",
    "POST /api/provisions/search/",
}


def _is_admin(ask: Ask) -> bool:
    return (ask.route or "").startswith("beheer/")


def _persona(ask: Ask) -> str | None:
    if ask.id in KNOWLEDGE_NETWORK_AS:
        return KNOWLEDGE_NETWORK_AS[ask.id]
    for persona in PREFERENCE:
        if ask.row.rule[persona] in ("ok", "self"):
            return persona
    return None


def _gets() -> list[Ask]:
    return [
        ask
        for ask in _cases()
        if ask.method == "GET" and not _is_admin(ask) and ask.id not in EXCLUDED
    ]


GETS = _gets()
ASKED = GETS + [ask for ask in _cases() if ask.id in READ_POSTS]


def test_every_get_is_counted_or_excluded():
    """A new page or endpoint cannot escape: it is counted, or excluded here with a reason."""
    for ask in _cases():
        if ask.method != "GET" or _is_admin(ask):
            continue
        assert (ask.id in EXCLUDED) != (ask in GETS), ask.id
        if ask in GETS:
            assert _persona(ask) is not None, f"{ask.id}: no persona may ask it"
    assert set(EXCLUDED) <= {ask.id for ask in _cases()}, "stale rows in EXCLUDED"
    asked = {ask.id for ask in ASKED}
    assert set(KNOWLEDGE_NETWORK_AS) | set(QUERIES) | set(READ_POSTS) | SHOWS_MORE <= asked


# The world and its growth -----------------------------------------------------------------------


@dataclass
class Growth:
    """What ``grow`` needs between its calls."""

    world: PersonaWorld
    serial: count  # numbers the copies, for names that must be unique


def _knowledge_network_personas(world: PersonaWorld) -> None:
    """The monitor's coordinator and a respondent for the matrix world's network."""
    from wijkteam.access.tests.persona_world import _session_for
    from wijkteam.knowledgenetwork.models import Participant
    from wijkteam.knowledgenetwork.services import participant_member_add
    from wijkteam.knowledgenetwork.tests.conftest import coordinator_make
    from wijkteam.teams.tests.factories import UserFactory

    coordinator = coordinator_make("kk-bounded")
    respondent = UserFactory(username="kk-respondent")
    participant = Participant.objects.get(network__name="Kenniskring matrix")
    participant_member_add(participant=participant, user=respondent)
    for name, user in (("network_coordinator", coordinator), ("respondent", respondent)):
        world.users[name] = user
        world.sessions[name] = _session_for(user)


def grow(growth: Growth, copies: int) -> None:
    """Add ``copies`` of every kind of row that a page or endpoint lists, each visible to the
    persona who asks it: households with cases in every state (the director's, with the CJG coach
    on the open ones) and more on the matrix household's own file; team members, conferences,
    signals, activities, provisions, themes, budgets, jobs, emergency accesses and the access
    log; and the knowledge network's participants and answers."""
    from wijkteam.audit.context import access_context

    actor = growth.world.users["director"]
    with access_context(origin="bounded queries", actor=actor):
        for _copy in range(copies):
            serial = next(growth.serial)
            _grow_file(growth.world, serial)
            _grow_household(growth.world, serial)
            _grow_team(growth.world, serial)
            _grow_reference(growth.world, serial)
            _grow_knowledge_network(growth, serial)
    # What the residents and the log officer read back: their own reads in the access log.
    from wijkteam.residents.selectors import resident_plan

    for resident in ("resident", "other_resident"):
        with access_context(origin="bounded queries", actor=growth.world.users[resident]):
            resident_plan(user=growth.world.users[resident])


def _grow_file(world: PersonaWorld, serial: int) -> None:
    """More of everything on the matrix household's own file."""
    from wijkteam.backoffice.services import advice_create, breakthrough_file
    from wijkteam.budget.services import spending_request_create
    from wijkteam.cases import services as case_services
    from wijkteam.households.services import person_add
    from wijkteam.plans.models import Performer
    from wijkteam.plans.services import action_add, goal_add, plan_revision_record
    from wijkteam.residents.services import resident_note_add
    from wijkteam.sharing.tests.factories import SharingGroundFactory
    from wijkteam.zrm.models import AssessmentKind
    from wijkteam.zrm.services import assessment_create

    actor = world.users["director"]
    case = world.case
    person = person_add(
        actor=actor,
        household=world.household,
        given_name=f"Kind {serial}",
        family_name="Groei",
        role="child",
    )
    case_services.contact_add(actor=actor, case=case, note=f"Contact {serial}")
    assessment_create(
        actor=actor,
        case=case,
        kind=AssessmentKind.FOLLOW_UP,
        scores={"finances": 3, "housing": 3, "work_education": 2},
    )
    assessment_create(
        actor=actor,
        case=case,
        kind=AssessmentKind.FOLLOW_UP,
        scores={"physical_health": 4},
        person=person,
    )
    goal = goal_add(actor=actor, case=case, domain="housing", description=f"Doel {serial}")
    for step in (1, 2):
        action_add(
            actor=actor,
            goal=goal,
            description=f"Actie {serial}.{step}",
            step=step,
            performer=Performer.NETWORK_PERSON,
            step_reason="Eigen kracht is geprobeerd" if step > 1 else "",
        )
    plan_revision_record(actor=actor, case=case, note=f"Versie {serial}")
    SharingGroundFactory(household=world.household, recorded_by=actor)
    advice_create(
        actor=actor,
        case=case,
        person=person,
        category="wmo_01",
        provision=f"Voorziening {serial}",
        reasons="Reden",
        tried="Geprobeerd",
        requested_on=timezone.localdate(),
        applied_on=timezone.localdate(),
        send=True,
    )
    breakthrough_file(
        actor=actor, case=case, blocking_rule="Regel", solution="Oplossing", reasons="Redenen"
    )
    spending_request_create(
        actor=actor, household=world.household, amount=Decimal("10"), purpose=f"Doel {serial}"
    )
    from wijkteam.audit.context import access_context

    with access_context(origin="bounded queries", actor=world.users["resident"]):
        resident_note_add(actor=world.users["resident"], text=f"Bericht {serial}")


def _grow_household(world: PersonaWorld, serial: int) -> None:
    """A household of the team with three persons and a case the director directs, its state
    turning with ``serial`` so every list and every state has more rows."""
    from wijkteam.backoffice.services import advice_create
    from wijkteam.cases import services as case_services
    from wijkteam.cases.lifecycle import Status
    from wijkteam.cases.tests.factories import case_in_state
    from wijkteam.households.services import household_create, person_add
    from wijkteam.sharing.models import Party, Purpose
    from wijkteam.sharing.tests.factories import SharingGroundFactory
    from wijkteam.teams.models import Membership
    from wijkteam.zrm.models import AssessmentKind
    from wijkteam.zrm.services import assessment_create

    actor = world.users["director"]
    team = world.household.team
    director = Membership.objects.get(team=team, user=actor)
    household = household_create(
        actor=actor,
        team=team,
        postcode="2035QX",
        house_number=100 + serial,
        street="Groeistraat",
        city="Haarlem",
    )
    persons = [
        person_add(
            actor=actor,
            household=household,
            given_name=f"Lid {serial}.{number}",
            family_name="Groei",
            role="main" if number == 0 else "child",
        )
        for number in range(3)
    ]
    for status in (Status.CLOSED, Status.STOPPED, Status.TRANSFERRED):
        # The household's history: a closed, a stopped and a transferred case; its open one last.
        case_in_state(actor=actor, director=director, status=status, household=household)
    status = (Status.PLAN_ACTIVE, Status.INTAKE)[serial % 2]
    case = case_in_state(actor=actor, director=director, status=status, household=household)
    # And a registration in the team's inbox, of a household of one.
    waiting = household_create(actor=actor, team=team, postcode="2036AB", house_number=serial)
    person_add(actor=actor, household=waiting, given_name=f"Wachtend {serial}", family_name="Groei")
    case_in_state(actor=actor, director=director, status=Status.REGISTERED, household=waiting)
    cjg = Membership.objects.get(team=team, user=world.users["cjg_coach"])
    case_services.case_add_member(actor=actor, case=case, membership=cjg)
    case_services.contact_add(actor=actor, case=case, note="Contact")
    assessment_create(actor=actor, case=case, kind=AssessmentKind.INTAKE, scores={"finances": 2})
    SharingGroundFactory(
        household=household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        recorded_by=actor,
    )
    advice_create(
        actor=actor,
        case=case,
        person=persons[0],
        category="wmo_01",
        provision="Voorziening",
        reasons="Reden",
        tried="Geprobeerd",
        requested_on=timezone.localdate(),
        applied_on=timezone.localdate(),
        send=True,
    )


def _grow_team(world: PersonaWorld, serial: int) -> None:
    """The team's own rows: a member, a conference with an agenda, a signal, an activity, an
    emergency access, a case theme."""
    from wijkteam.access.models import EmergencyAccess
    from wijkteam.cases.models import (
        Case,
        CaseConference,
        ConferenceAgendaItem,
        ConferenceConclusion,
        Theme,
    )
    from wijkteam.cases.themes import case_themes_add
    from wijkteam.community.models import SignalDetection
    from wijkteam.community.services.activities import (
        activity_create,
        activity_link_provisions,
        participation_add,
    )
    from wijkteam.community.services.signals import signal_close, signal_file
    from wijkteam.conferences.services import agenda_item_add, conclusion_add, conference_create
    from wijkteam.teams.models import Membership
    from wijkteam.teams.tests.factories import MembershipFactory, UserFactory

    actor = world.users["director"]
    coordinator = world.users["coordinator"]
    team = world.household.team
    member = MembershipFactory(team=team, user=UserFactory(username=f"groei-{serial}"))
    attendees = list(Membership.objects.filter(team=team, user__username__in=["regisseur"]))
    conference = conference_create(
        actor=actor,
        team=team,
        held_on=timezone.localdate(),
        starts_at=timezone.now().time().replace(hour=10, minute=0, second=0, microsecond=0),
        duration_minutes=60,
        attendees=[*attendees, member],
    )
    open_cases = Case.objects.filter(team=team, director__user=actor).exclude(
        status__in=("closed", "stopped", "transferred")
    )
    for case in open_cases.order_by("-pk")[:3]:
        item = agenda_item_add(actor=actor, conference=conference, case=case)
        conclusion_add(actor=actor, item=item, text=f"Conclusie {serial}")
    # The matrix's conference was yesterday: its agenda grows as the services cannot make it.
    matrix_conference = CaseConference.objects.get(pk=world.ids["conference"])
    matrix_conference.attendees.add(member)
    on_agenda = ConferenceAgendaItem.objects.filter(conference=matrix_conference)
    item = ConferenceAgendaItem.objects.create(
        conference=matrix_conference,
        case=open_cases.exclude(pk__in=on_agenda.values("case_id")).order_by("-pk").first(),
        added_by=actor,
    )
    ConferenceConclusion.objects.create(item=item, text=f"Conclusie {serial}", written_by=actor)
    neighbourhood = team.area.neighbourhoods.order_by("pk").first()
    theme = Theme.objects.get(code="loneliness")
    signal = signal_file(
        actor=actor,
        neighbourhood=neighbourhood,
        theme=theme,
        origin="professional",
        description=f"Signaal {serial}",
    )
    today = timezone.localdate()
    SignalDetection.objects.create(
        signal=signal,
        period_start=today - timedelta(days=90),
        period_end=today,
        households=5,
        previous_households=1,
        expected=0.5,
        p_value=0.01,
    )
    if serial % 2:
        signal_close(
            actor=coordinator,
            signal=signal,
            closure="approached",
            expected_version=signal.version,
        )
    activity = activity_create(
        actor=coordinator,
        team=team,
        kind="group",
        name=f"Activiteit {serial}",
        neighbourhoods=[neighbourhood],
        themes=[theme],
    )
    from wijkteam.community.models import CollectiveActivity
    from wijkteam.socialmap.models import Provision

    matrix_activity = CollectiveActivity.objects.get(pk=world.ids["activity"])
    for each in (activity, matrix_activity):
        participation_add(actor=coordinator, activity=each, on=today, participants=5)
    activity_link_provisions(
        actor=coordinator, activity=matrix_activity, provisions=[Provision.objects.last()]
    )
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=member.user,
        household=world.household,
        reason="Acute zorgmelding",
        started_at=now - timedelta(minutes=serial),
        expires_at=now + timedelta(hours=1),
    )
    case_themes_add(actor=actor, case=world.case, themes=[_theme(serial)])


def _theme(serial: int):
    from wijkteam.cases.tests.factories import ThemeFactory

    return ThemeFactory(code=f"groei-{serial}", name=f"Groeithema {serial}")


def _grow_reference(world: PersonaWorld, serial: int) -> None:
    """Reference data and other teams: a provision, a team with its area and neighbourhood, a
    budget, a finished job of the policy advisor."""
    from wijkteam.areas.tests.factories import (
        NeighbourhoodFactory,
        PostcodeRangeFactory,
        TeamAreaFactory,
    )
    from wijkteam.budget.services import budget_set
    from wijkteam.jobs.models import Job, JobStatus
    from wijkteam.socialmap.services import provision_create
    from wijkteam.teams.tests.factories import TeamFactory

    municipality = world.household.team.area.municipality
    provision_create(
        actor=None,
        municipality=municipality,
        name=f"Voorziening {serial}",
        provider="Stichting Groei",
        kind="volunteer",
        domains=["finances", "housing"],
    )
    area = TeamAreaFactory(
        municipality=municipality, name=f"Groei {serial}", code=f"groei-{serial}"
    )
    for number in range(2):
        neighbourhood = NeighbourhoodFactory(
            area=area, name=f"Wijk {serial}.{number}", code=f"wijk-{serial}-{number}"
        )
        PostcodeRangeFactory(neighbourhood=neighbourhood, pc4=3000 + 10 * serial + number)
    team = TeamFactory(area=area, name=f"Groeiteam {serial}")
    budget_set(
        actor=world.users["functional_admin"],
        team=team,
        year=timezone.localdate().year,
        amount=Decimal("1000"),
        coordinator_limit=Decimal("100"),
    )
    Job.objects.create(
        kind="area_analysis_export",
        requested_by=world.users["policy"],
        status=JobStatus.DONE,
        result=b"level,code\n",
        result_name=f"wijkanalyse-{serial}.csv",
        result_content_type="text/csv; charset=utf-8",
    )


def _grow_knowledge_network(growth: Growth, serial: int) -> None:
    """A participant of the matrix world's network with a respondent who answered its round."""
    from wijkteam.knowledgenetwork.models import Network, Round
    from wijkteam.knowledgenetwork.services import participant_member_add, response_save
    from wijkteam.knowledgenetwork.tests.conftest import complete
    from wijkteam.knowledgenetwork.tests.factories import ParticipantFactory
    from wijkteam.teams.tests.factories import UserFactory

    network = Network.objects.get(name="Kenniskring matrix")
    user = UserFactory(username=f"kk-groei-{serial}")
    participant_member_add(
        participant=ParticipantFactory(network=network, cbs_code=f"9{serial:03d}"), user=user
    )
    response_save(
        actor=user,
        round=Round.objects.get(network=network),
        answers=complete(),
        submit=True,
        expected_version=0,
    )


# Counting ---------------------------------------------------------------------------------------

FIRST = 1  # copies before the first count
MORE = 5  # copies added before the second


@dataclass(frozen=True)
class Counted:
    status: int
    queries: tuple[str, ...]
    size: int = 0


def _request(growth: Growth, ask: Ask):
    world = growth.world
    url = _url(ask, world.ids)
    if ask.id in QUERIES:
        url = f"{url}?{QUERIES[ask.id]}"
    if ask.route is not None:
        assert resolve(url.split("?")[0]).route == ask.route, url
    persona = _persona(ask)
    if ask.method == "GET":
        return _ask(world, persona, "GET", url, ask.api or ask.route == "api/")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    if ask.api:
        return client.post(url, READ_POSTS[ask.id], content_type="application/json")
    return client.post(url, READ_POSTS[ask.id])


def _count(growth: Growth, ask: Ask, *, warm_up: bool = False) -> Counted:
    """The queries of one request, in a savepoint, so what it writes (the access log) is gone
    after. The first time, an unrecorded request fills the process's caches (content types,
    translations) first, so both counts are of a warm process."""
    with transaction.atomic():
        if warm_up:
            _request(growth, ask)
        with CaptureQueriesContext(connection) as queries:
            response = _request(growth, ask)
        transaction.set_rollback(True)
    return Counted(
        response.status_code, tuple(query["sql"] for query in queries), len(response.content)
    )


@pytest.fixture(scope="module")
def growth(django_db_setup, django_db_blocker):
    """The matrix world with ``FIRST`` copies, built once; rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_persona_world()
        world.ids  # noqa: B018 (cached now: its look-ups expect one advice, request, … each)
        _knowledge_network_personas(world)
        built = Growth(world, count(1))
        grow(built, FIRST)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def first_counts(growth, django_db_blocker) -> dict[str, Counted]:
    """Every route counted with ``FIRST`` copies; then ``MORE`` copies are added for the tests."""
    with django_db_blocker.unblock():
        counted = {ask.id: _count(growth, ask, warm_up=True) for ask in ASKED}
        grow(growth, MORE)
    return counted


@pytest.fixture
def db(growth) -> None:
    """pytest-django's ``db``, overridden: a savepoint on the grown world per test."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _shape(sql: str) -> str:
    """A query with its values blanked (and a list of them as one), to tell which query came
    more often."""
    sql = re.sub(r"'[^']*'", "#", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "#", sql)
    return re.sub(r"#(, #)+", "#", sql)


@pytest.mark.parametrize("ask", [pytest.param(ask, id=ask.id) for ask in ASKED])
def test_queries_do_not_grow_with_the_data(db, first_counts, growth, ask):
    before = first_counts[ask.id]
    after = _count(growth, ask)
    # A page of one's own account may answer with a redirect (two-step verification set up).
    answers = {200, 302} if ask.row.rule.get(_persona(ask)) == "self" else {200}
    assert before.status == after.status, f"{ask.id}: {before.status}, then {after.status}"
    assert after.status in answers, f"{ask.id} as {_persona(ask)}: {after.status}"
    grown = Counter(map(_shape, after.queries)) - Counter(map(_shape, before.queries))
    more = "\n".join(f"  {times}x {sql[:300]}" for sql, times in grown.items())
    assert len(after.queries) == len(before.queries), (
        f"{ask.id} as {_persona(ask)}: {len(before.queries)} queries with {FIRST} copy, "
        f"{len(after.queries)} with {FIRST + MORE}; more often now:\n{more}"
    )
    if ask.id in SHOWS_MORE:
        assert after.size > before.size, f"{ask.id}: the copies are not on the page"
