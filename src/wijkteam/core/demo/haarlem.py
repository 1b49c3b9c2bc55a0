"""The Haarlem demo: 8 teams with their members, personas to log in as, and clearly fake
households with cases in every state.

Areas come from ``areas/data/haarlem_areas.csv`` and teams go through the team import, so the
demo exercises the same paths a municipality uses. Each run replaces the households and cases
of the demo teams and updates areas, teams and users in place: running it twice gives the
same data.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.areas.services import areas_import
from wijkteam.cases.models import Case
from wijkteam.core.csvio import csv_rows_write
from wijkteam.core.demo.casework import casework_build
from wijkteam.core.demo.conferences import demo_conferences_build
from wijkteam.core.demo.knowledgenetwork import demo_knowledge_network_build
from wijkteam.core.demo.residents import (
    RESIDENT_CAN_DO,
    RESIDENT_USERNAME,
    demo_residents_build,
    demo_residents_wipe,
)
from wijkteam.core.demo.signals import demo_signals_build
from wijkteam.core.demo.themes import demo_themes_build
from wijkteam.core.errors import DomainError
from wijkteam.households.models import Household
from wijkteam.teams.models import Function, Membership, Team
from wijkteam.teams.services import TEAM_COLUMNS, teams_import

AREAS_CSV = Path(__file__).resolve().parents[2] / "areas" / "data" / "haarlem_areas.csv"
MUNICIPALITY_CODE = "0392"

# Published on purpose: the demo runs only with DEBUG on (see the load_demo command).
DEMO_PASSWORD = "demo-wijkteam-2026"  # noqa: S105
SEED = 2026


@dataclass(frozen=True)
class TeamSpec:
    name: str
    area_code: str
    phone: str
    email: str


# Phone numbers with a 0 after the area code do not exist: clearly fake, never a real line.
TEAMS = (
    TeamSpec("Schalkwijk 1", "schalkwijk-1", "023 000 0101", "schalkwijk1@wijkteam.example.org"),
    TeamSpec("Schalkwijk 2", "schalkwijk-2", "023 000 0102", "schalkwijk2@wijkteam.example.org"),
    TeamSpec("Oost 1", "oost-1", "023 000 0103", "oost1@wijkteam.example.org"),
    TeamSpec("Oost 2", "oost-2", "023 000 0104", "oost2@wijkteam.example.org"),
    TeamSpec("Noord 1", "noord-1", "023 000 0105", "noord1@wijkteam.example.org"),
    TeamSpec("Noord 2", "noord-2", "023 000 0106", "noord2@wijkteam.example.org"),
    TeamSpec(
        "Centrum en Rozenprieel",
        "centrum-rozenprieel",
        "023 000 0107",
        "centrum@wijkteam.example.org",
    ),
    TeamSpec("Zuid-West", "zuid-west", "023 000 0108", "zuidwest@wijkteam.example.org"),
)
TEAM_NAMES = tuple(team.name for team in TEAMS)

# Base composition of a team (seed 004 §5) with the organisation each function comes from,
# then the CJG coach who joins as expert member.
COMPOSITION = (
    (Function.WMO_CONSULTANT, "0.50", "Gemeente Haarlem – Wmo", False, "wmo"),
    (Function.WORK_INCOME_DEBT, "0.50", "Gemeente Haarlem – Werk & Inkomen", False, "wi"),
    (Function.SOCIAL_WORKER, "1.00", "Haarlem Effect", False, "mw"),
    (Function.DISTRICT_NURSE, "0.50", "Zorgbalans wijkverpleging", False, "wv"),
    (Function.COMMUNITY_WORKER, "0.50", "Dock Haarlem", False, "ow"),
    (Function.MEE_CONSULTANT, "0.50", "MEE & de Wering", False, "mee"),
    (Function.CJG_COACH, "0.20", "Centrum voor Jeugd en Gezin", True, "cjg"),
)


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    team: str  # "" for no team
    function: str  # the slot in ``COMPOSITION`` the persona fills; "" for none
    can_do: Promise
    role: str = ""  # a role group (``ROLE_GROUPS``), or "coordinator" of their team


PERSONAS = (
    Persona(
        "regisseur",
        "Rosa",
        "Demo-Visser",
        "Schalkwijk 1",
        Function.SOCIAL_WORKER,
        gettext_lazy(
            "Social worker in Schalkwijk 1 and case director of several open cases with ZRM "
            "progress: start here (my caseload, household pages, plans)."
        ),
    ),
    Persona(
        "collega",
        "Karim",
        "Demo-Bakker",
        "Schalkwijk 1",
        Function.WORK_INCOME_DEBT,
        gettext_lazy(
            "Work & income / debts in Schalkwijk 1: sees the files of the cases they direct "
            "or work on and the team inbox; of the team's other households only that they "
            "are known and who directs them (try emergency access there)."
        ),
    ),
    Persona(
        "cjgcoach",
        "Chantal",
        "Demo-Smit",
        "Schalkwijk 1",
        Function.CJG_COACH,
        gettext_lazy("CJG coach, expert member of Schalkwijk 1: directs a family's case."),
    ),
    Persona(
        "oost2",
        "Otto",
        "Demo-Meijer",
        "Oost 2",
        Function.SOCIAL_WORKER,
        gettext_lazy(
            "Social worker in Oost 2: sees the files of their own cases and nothing of "
            "Schalkwijk 1; can ask whether an address is known to a team."
        ),
    ),
    Persona(
        "coordinator",
        "Coen",
        "Demo-de Vries",
        "Schalkwijk 1",
        Function.COMMUNITY_WORKER,
        gettext_lazy(
            "Community worker and team coordinator of Schalkwijk 1: the neighbourhood signals "
            "(/buurt/signalen/, a detected one on loneliness in Meerwijk) and the collective "
            "activities that answer them, the team inbox with its waiting-list flags, capacity "
            "against the norm (/teams/capaciteit/), case conferences (/overleg/), the budget and "
            "every use of emergency access; no case files of their own."
        ),
        role="coordinator",
    ),
    Persona(
        "backoffice",
        "Bart",
        "Demo-Jansen",
        "",
        "",
        gettext_lazy(
            "Municipal back-office consultant (Wmo): decides the teams' advices and takes up "
            "breakthrough requests in /backoffice/, asks whether an address or person is known "
            "to a team (hit/no-hit); sees no case files, only what a team sends."
        ),
        role=Role.BACK_OFFICE,
    ),
    Persona(
        "beleid",
        "Petra",
        "Demo-de Boer",
        "",
        "",
        gettext_lazy(
            "Policy advisor: aggregates only, never a person: the area analysis "
            "(/monitoring/wijkanalyse/), neighbourhood signals and collective activities."
        ),
        role=Role.POLICY_ADVISOR,
    ),
    Persona(
        "logbeheer",
        "Lotte",
        "Demo-Dekker",
        "",
        "",
        gettext_lazy("Log officer: searches the access log at /logboek/; sees no case files."),
        role=Role.LOG_OFFICER,
    ),
    Persona(
        "beheer",
        "Bea",
        "Demo-Mulder",
        "",
        "",
        gettext_lazy(
            "Functional administrator (superuser): the admin at /beheer/, the themes "
            "(/zaken/themas/) and the social map. In no team, so sees no client data."
        ),
        role=Role.FUNCTIONAL_ADMIN,
    ),
    Persona(
        "kenniskring",
        "Kees",
        "Demo-Kramer",
        "",
        "",
        gettext_lazy(
            "Coordinator of the knowledge network of six municipalities (/kenniskring/): the "
            "rounds with their response counts, the comparison per question and the overview "
            "per municipality; also answers the open 1-meting for Haarlem. No client data."
        ),
        role=Role.NETWORK_COORDINATOR,
    ),
    Persona(RESIDENT_USERNAME, "Demo", "Bewoner", "", "", RESIDENT_CAN_DO),
)

STAFF_GIVEN_NAMES = (
    "Anouk", "Bram", "Céline", "Dirk", "Elif", "Floor", "Gijs", "Hanna", "Ilse", "Jeroen",
    "Khadija", "Lars", "Mila", "Noah", "Olga", "Pieter", "Rachida", "Stijn", "Tessa", "Umut",
    "Vera", "Wouter", "Yara", "Zeynep", "Arjen", "Bibi", "Chris", "Dewi",
)  # fmt: skip
STAFF_FAMILY_NAMES = (
    "Demo-Verbeek", "Demo-Bos", "Demo-Vos", "Demo-Peters", "Demo-Hendriks", "Demo-Dekker",
    "Demo-Brouwer", "Demo-Wijnands", "Demo-Aksoy", "Demo-Postma", "Demo-Kok", "Demo-Schouten",
)  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    teams: int
    members: int
    households: int
    cases_by_status: dict[str, int]


def demo_load() -> DemoSummary:
    """Load (or reload) the whole demo in one transaction."""
    if settings.WIJKTEAM_MUNICIPALITY_CODE != MUNICIPALITY_CODE:
        raise DomainError(
            _(
                "The demo is Haarlem (municipality code %(demo)s), but this instance serves "
                "municipality %(configured)s. Set WIJKTEAM_MUNICIPALITY_CODE=%(demo)s."
            )
            % {"demo": MUNICIPALITY_CODE, "configured": settings.WIJKTEAM_MUNICIPALITY_CODE},
            code="demo_municipality",
        )
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
    with transaction.atomic():
        _client_data_wipe()
        with AREAS_CSV.open(encoding="utf-8", newline="") as stream:
            areas_import(stream=stream)
        buffer = io.StringIO()
        csv_rows_write(stream=buffer, columns=TEAM_COLUMNS, rows=_team_rows(rng))
        buffer.seek(0)
        teams_import(stream=buffer)
        _personas_set_up()
        teams = {team.name: team for team in Team.objects.filter(name__in=TEAM_NAMES)}
        casework_build(rng=rng, teams=teams)
        demo_themes_build(team_names=list(TEAM_NAMES))
        demo_signals_build(team_names=list(TEAM_NAMES))
        coordinators = [p.username for p in PERSONAS if p.role == "coordinator"]
        Membership.objects.filter(user__username__in=coordinators).update(is_coordinator=True)
        demo_residents_build()
        demo_conferences_build()
        demo_knowledge_network_build()
    return _summary()


def _client_data_wipe() -> None:
    """Remove the households and cases of the demo teams, with everything hanging off them."""
    teams = Team.objects.filter(name__in=TEAM_NAMES)
    households = Household.objects.filter(team__in=teams)
    demo_residents_wipe(team_names=TEAM_NAMES)
    Case.objects.filter(Q(team__in=teams) | Q(household__in=households)).delete()
    Household.objects.filter(team__in=teams).delete()


def _team_rows(rng: random.Random) -> list[dict[str, str]]:
    personas = {(p.team, p.function): p for p in PERSONAS if p.team}
    names = [(given, family) for family in STAFF_FAMILY_NAMES for given in STAFF_GIVEN_NAMES]
    rng.shuffle(names)
    rows = []
    for team in TEAMS:
        for function, fte, organisation, is_expert, short in COMPOSITION:
            persona = personas.get((team.name, function))
            if persona:
                username, first, last = persona.username, persona.first_name, persona.last_name
            else:
                username = f"{team.area_code}.{short}"
                first, last = names.pop()
            rows.append(
                {
                    "team_name": team.name,
                    "area_code": team.area_code,
                    "team_phone": team.phone,
                    "team_email": team.email,
                    "username": username,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@wijkteam.example.org",
                    "function": function,
                    "organisation": organisation,
                    "fte": fte,
                    "is_expert": "true" if is_expert else "false",
                }
            )
    return rows


def _personas_set_up() -> None:
    """Personas log in with the demo password; other demo members have no usable password."""
    # Hashed once: the same password for everyone, and hashing is the slow part of the demo.
    encoded = make_password(DEMO_PASSWORD)
    for persona in PERSONAS:
        user, _created = User.objects.get_or_create(username=persona.username)
        user.first_name = persona.first_name
        user.last_name = persona.last_name
        user.email = f"{persona.username}@wijkteam.example.org"
        user.is_active = True
        user.is_staff = user.is_superuser = persona.username == "beheer"
        user.password = encoded
        user.save()
        groups = [ROLE_GROUPS[persona.role]] if persona.role in ROLE_GROUPS else []
        user.groups.set(Group.objects.filter(name__in=groups))


def _summary() -> DemoSummary:
    teams = Team.objects.filter(name__in=TEAM_NAMES)
    statuses = (
        Case.objects.filter(team__in=teams)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    )
    return DemoSummary(
        teams=teams.count(),
        members=Membership.objects.filter(team__in=teams, is_active=True).count(),
        households=Household.objects.filter(team__in=teams).count(),
        cases_by_status={row["status"]: row["n"] for row in statuses},
    )
