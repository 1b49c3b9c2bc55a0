"""The generator itself: the world (municipalities, areas, teams, members) and per team its
casework, written with ``writer.Writer``. Options and figures: ``docs/generated-data.md``."""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import multiprocessing
import random
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.areas.models import Municipality, Neighbourhood, PostcodeRange, TeamArea
from wijkteam.backoffice.models import (
    Advice,
    AdviceDecision,
    AdviceStatus,
    law_of,
)
from wijkteam.backoffice.terms import decision_due
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.cases.lifecycle import (
    CloseReason,
    ReopenReason,
    Status,
    StopReason,
    TransferReason,
    Transition,
)
from wijkteam.cases.models import (
    Case,
    CaseConference,
    CaseMember,
    CaseTheme,
    Channel,
    ConferenceAgendaItem,
    ConferenceConclusion,
    Contact,
    ContactKind,
    DirectorAssignment,
    Source,
    StatusChange,
    Theme,
    Urgency,
)
from wijkteam.core.domains import LifeDomain
from wijkteam.core.generator import texts
from wijkteam.core.generator.writer import Writer
from wijkteam.core.steps import Step
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.plans.models import (
    Action,
    ActionStatus,
    Goal,
    Outcome,
    Performer,
    Plan,
    PlanRevision,
)
from wijkteam.teams.models import Function, Membership, Organisation, Team
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

# Generated municipalities take CBS codes from 9001 up: no real municipality has one.
FIRST_CODE = 9001
# Generated BSNs: valid by the eleven test, from 900 000 000 up to just below the demo's range.
BSN_FIRST, BSN_LAST = 900_000_000, 999_989_999
HOUSEHOLDS_PER_TEAM = 3_500
NEIGHBOURHOODS_PER_AREA = 3

# The order rows are written in: every table after the tables it points to.
MODELS = (
    Municipality,
    TeamArea,
    Neighbourhood,
    PostcodeRange,
    Organisation,
    User,
    User.groups.through,
    Team,
    Membership,
    TeamBudget,
    Household,
    Person,
    Case,
    CaseTheme,
    StatusChange,
    DirectorAssignment,
    CaseMember,
    Contact,
    Assessment,
    Score,
    Plan,
    Goal,
    Action,
    PlanRevision,
    CaseConference,
    CaseConference.attendees.through,
    ConferenceAgendaItem,
    ConferenceConclusion,
    Advice,
    AdviceDecision,
    SpendingRequest,
)
# What counts as an event of casework in the summary: the appended history of each case.
EVENT_MODELS = (
    StatusChange,
    DirectorAssignment,
    CaseMember,
    CaseTheme,
    Contact,
    Assessment,
    Goal,
    Action,
    PlanRevision,
    ConferenceAgendaItem,
    ConferenceConclusion,
    Advice,
    AdviceDecision,
    SpendingRequest,
)

# The team's composition (seed 004 §5), repeated as the team grows; the first is its coordinator.
COMPOSITION = (
    Function.SOCIAL_WORKER,
    Function.WMO_CONSULTANT,
    Function.WORK_INCOME_DEBT,
    Function.SOCIAL_WORKER,
    Function.DISTRICT_NURSE,
    Function.COMMUNITY_WORKER,
    Function.MEE_CONSULTANT,
    Function.SOCIAL_WORKER,
    Function.CJG_COACH,
    Function.WORK_INCOME_DEBT,
)
ORGANISATIONS = (
    "Synthetische welzijnsorganisatie",
    "Synthetische thuiszorg",
    "Synthetische MEE-organisatie",
    "Synthetisch CJG",
    "Synthetische gemeente (detachering)",
)

# How often each life domain is part of a question: finances and the mind most of all.
DOMAIN_WEIGHTS = {
    LifeDomain.FINANCES: 22,
    LifeDomain.MENTAL_HEALTH: 15,
    LifeDomain.SOCIAL_NETWORK: 12,
    LifeDomain.HOUSING: 11,
    LifeDomain.DOMESTIC_RELATIONS: 10,
    LifeDomain.PHYSICAL_HEALTH: 9,
    LifeDomain.WORK_EDUCATION: 7,
    LifeDomain.INSTRUMENTAL_ADL: 6,
    LifeDomain.TIME_USE: 4,
    LifeDomain.SOCIAL_PARTICIPATION: 4,
    LifeDomain.BASIC_ADL: 3,
    LifeDomain.SUBSTANCE_USE: 3,
    LifeDomain.JUSTICE: 2,
}
SOURCE_WEIGHTS = {
    Source.RESIDENT: 40,
    Source.OWN_NETWORK: 10,
    Source.GP: 14,
    Source.HOUSING: 10,
    Source.POLICE: 5,
    Source.SCHOOL: 6,
    Source.CJG: 5,
    Source.OTHER_PARTNER: 6,
    Source.OUTREACH: 4,
}
CHANNEL_WEIGHTS = {
    Channel.PHONE: 50,
    Channel.WALK_IN: 20,
    Channel.EMAIL: 20,
    Channel.HOME_VISIT: 10,
}
CONTACT_WEIGHTS = {
    ContactKind.HOME_VISIT: 35,
    ContactKind.PHONE: 35,
    ContactKind.OFFICE: 10,
    ContactKind.NETWORK: 8,
    ContactKind.EMAIL: 12,
}
# The step of each action: most work at the lowest steps, as stepped care means.
STEP_WEIGHTS = {
    Step.OWN_STRENGTH: 25,
    Step.NETWORK: 28,
    Step.GENERAL_PROVISION: 27,
    Step.TAILORED: 20,
}
PERFORMERS = {
    Step.OWN_STRENGTH: (Performer.RESIDENT,),
    Step.NETWORK: (Performer.NETWORK_PERSON, Performer.VOLUNTEER_ORGANISATION),
    Step.GENERAL_PROVISION: (Performer.PROVISION, Performer.PROFESSIONAL),
    Step.TAILORED: (Performer.PROFESSIONAL, Performer.PROVISION),
}
# The categories a weighty advice asks for, per domain of the goal at step 4.
ADVICE_CATEGORIES = {
    LifeDomain.FINANCES: ("debt_relief", "income_support"),
    LifeDomain.WORK_EDUCATION: ("income_support",),
    LifeDomain.HOUSING: ("wmo_13", "wmo_05"),
    LifeDomain.INSTRUMENTAL_ADL: ("wmo_01",),
    LifeDomain.BASIC_ADL: ("wmo_03", "wmo_14"),
    LifeDomain.PHYSICAL_HEALTH: ("wmo_11", "wmo_12", "wmo_08"),
    LifeDomain.MENTAL_HEALTH: ("wmo_02", "wmo_15"),
    LifeDomain.DOMESTIC_RELATIONS: ("youth_care",),
    LifeDomain.SOCIAL_PARTICIPATION: ("wmo_07",),
    LifeDomain.TIME_USE: ("wmo_07",),
}


@dataclass(frozen=True)
class Options:
    households: int = 2_000
    municipalities: int = 1
    teams: int | None = None  # default: one team per HOUSEHOLDS_PER_TEAM households
    years: int = 3
    seed: int = 2026
    until: date | None = None  # default: today
    password: str = "generated-wijkteam-2026"  # noqa: S105 - development data only
    jobs: int = 1  # processes side by side (PostgreSQL)

    def team_count(self) -> int:
        wanted = self.teams or round(self.households / HOUSEHOLDS_PER_TEAM)
        return max(wanted, self.municipalities)


@dataclass
class GeneratedSummary:
    municipalities: int = 0
    teams: int = 0
    users: int = 0
    households: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    events: int = 0
    references_checked: int = 0
    seconds: float = 0.0


class AlreadyGenerated(Exception):
    """The database holds generated municipalities already."""


# -- the world --------------------------------------------------------------------------------


@dataclass
class TeamPlan:
    number: int  # 1-based over all municipalities
    municipality_name: str
    team_id: int
    households: int
    members: list[tuple[int, int, str]]  # (membership id, user id, function)
    neighbourhoods: list[tuple[int, int, str, str, int]]  # (id, pc4, from, to, population)
    budgets: dict[int, tuple[int, Decimal]]  # year -> (budget id, coordinator limit)
    backoffice_user: int


def _valid_bsns(job: int = 0, jobs: int = 1) -> Iterator[str]:
    """Valid BSNs one after the other, from job ``job``'s share of the generator's range (the
    range split into ``jobs`` parts), so jobs running side by side never give the same one.
    The 11-proof inline: python-stdnum's ``is_valid`` on every candidate takes minutes for a
    million households (the tests check every BSN with it)."""
    share = (BSN_LAST - BSN_FIRST) // jobs
    first = BSN_FIRST + job * share
    for number in range(first, first + share):
        digits = f"{number:09d}"
        total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=False))
        if (total - int(digits[8])) % 11 == 0:
            yield digits
    raise RuntimeError("out of generated BSNs")


def _spread(total: int, parts: int) -> list[int]:
    base, rest = divmod(total, parts)
    return [base + (1 if index < rest else 0) for index in range(parts)]


def _free_pc4s(count: int) -> list[int]:
    """Four-digit postcode areas no neighbourhood uses yet, from 1000 up; each serves two
    neighbourhoods (letters AA–MZ and NA–ZZ)."""
    used = set(PostcodeRange.objects.values_list("pc4", flat=True))
    free = [pc4 for pc4 in range(1000, 10_000) if pc4 not in used]
    needed = (count + 1) // 2
    if needed > len(free):
        raise ValueError("more neighbourhoods than the Dutch postcode areas can hold")
    return free[:needed]


def _world_build(options: Options, writer: Writer, rng: random.Random) -> list[TeamPlan]:
    password = make_password(options.password)
    now = timezone.now()
    until = options.until or timezone.localdate()
    years = range(until.year - options.years, until.year + 1)
    # The role groups come with the migrations; a flushed database lost them.
    groups = {
        name: Group.objects.get_or_create(name=name)[0].pk
        for name in (ROLE_GROUPS[Role.BACK_OFFICE], ROLE_GROUPS[Role.POLICY_ADVISOR])
    }
    organisations = [writer[Organisation].add(name=name) for name in ORGANISATIONS]
    teams = options.team_count()
    per_municipality = _spread(teams, options.municipalities)
    households = _spread(options.households, teams)
    pc4s = iter(_free_pc4s(teams * NEIGHBOURHOODS_PER_AREA))
    letters = iter(())
    registrations_per_year = options.households * 1.15 / max(options.years, 1) / teams
    # About half a year per case, 28 open cases per member: a team as large as its work.
    member_count = min(max(round(registrations_per_year * 0.55 / 28), 6), 40)
    plans: list[TeamPlan] = []
    number = 0

    def user(username: str, first: str, last: str, group: str | None = None) -> int:
        user_id = writer[User].add(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email="",
            is_superuser=False,
            is_staff=False,
            is_active=True,
            date_joined=now,
            last_login=None,
        )
        if group:
            writer[User.groups.through].add(user_id=user_id, group_id=groups[group])
        return user_id

    for m, team_total in enumerate(per_municipality, start=1):
        code = FIRST_CODE + m - 1
        name = f"Synthetische gemeente {m}"
        municipality = writer[Municipality].add(name=name, code=f"{code:04d}")
        backoffice = user(
            f"gen-backoffice-{m:03d}", "Back", f"Office {m}", ROLE_GROUPS[Role.BACK_OFFICE]
        )
        user(f"gen-beleid-{m:03d}", "Beleid", f"Adviseur {m}", ROLE_GROUPS[Role.POLICY_ADVISOR])
        for t in range(1, team_total + 1):
            number += 1
            area = writer[TeamArea].add(
                municipality_id=municipality, name=f"Wijk {m}-{t}", code=f"wijk-{m}-{t}"
            )
            team_id = writer[Team].add(
                area_id=area,
                name=f"Wijkteam {m}-{t}",
                phone=f"088{number:07d}",
                email=f"wijkteam-{m}-{t}@example.org",
            )
            neighbourhoods = []
            for n in range(1, NEIGHBOURHOODS_PER_AREA + 1):
                population = rng.randint(2_000, 3_300)
                neighbourhood = writer[Neighbourhood].add(
                    area_id=area,
                    name=f"Buurt {m}-{t}-{n}",
                    code=f"buurt-{m}-{t}-{n}",
                    population=population,
                )
                span = next(letters, None)
                if span is None:
                    pc4 = next(pc4s)
                    letters = iter([(pc4, "AA", "MZ"), (pc4, "NA", "ZZ")])
                    span = next(letters)
                pc4, first, last = span
                writer[PostcodeRange].add(
                    neighbourhood_id=neighbourhood, pc4=pc4, letters_from=first, letters_to=last
                )
                neighbourhoods.append((neighbourhood, pc4, first, last, population))
            members = []
            for k in range(1, member_count + 1):
                function = COMPOSITION[(k - 1) % len(COMPOSITION)]
                given, family = texts.staff_name(rng)
                user_id = user(f"gen-{number:04d}-{k:02d}", given, family)
                membership = writer[Membership].add(
                    team_id=team_id,
                    user_id=user_id,
                    function=function,
                    organisation_id=organisations[k % len(organisations)],
                    fte=Decimal(rng.choice(("0.60", "0.70", "0.80", "0.89", "1.00"))),
                    is_expert=function == Function.CJG_COACH,
                    is_coordinator=k == 1,
                    is_active=True,
                )
                members.append((membership, user_id, function))
            budgets = {}
            for year in years:
                limit = Decimal("1000.00")
                budget = writer[TeamBudget].add(
                    team_id=team_id,
                    year=year,
                    amount=Decimal(50_000 + 5_000 * rng.randint(0, 10)),
                    coordinator_limit=limit,
                    set_by_id=backoffice,
                    set_at=now,
                )
                budgets[year] = (budget, limit)
            plans.append(
                TeamPlan(
                    number=number,
                    municipality_name=name,
                    team_id=team_id,
                    households=households[number - 1],
                    members=members,
                    neighbourhoods=neighbourhoods,
                    budgets=budgets,
                    backoffice_user=backoffice,
                )
            )
    return plans


# -- casework ---------------------------------------------------------------------------------


@dataclass
class CaseLine:
    """What the conference agenda needs of a case: when it was worked on, and by whom."""

    case_id: int
    start: date
    end: date


class TeamWork:
    """One team's households and cases, drawn from the team's own random generator."""

    def __init__(
        self,
        *,
        plan: TeamPlan,
        writer: Writer,
        options: Options,
        bsn: Iterator[str],
        themes: list[int],
    ) -> None:
        self.plan = plan
        self.w = writer
        # Read once: Django's current time zone is a thread-local lookup, slow a million times.
        self.zone = timezone.get_current_timezone()
        self.rng = random.Random(f"{options.seed}-{plan.number}")  # noqa: S311 - not a secret
        self.until = options.until or timezone.localdate()
        self.first_day = self.until - timedelta(days=365 * options.years)
        # The data ends where ``until`` begins: nothing is stamped later than that moment.
        self.end_of_data = datetime.combine(self.until, time(0, 0), tzinfo=self.zone)
        self.bsn = bsn
        self.themes = themes
        self.lines: list[CaseLine] = []
        self.members = plan.members
        self.directors = [m for m in plan.members if m[2] != Function.COMMUNITY_WORKER]
        self.coordinator_user = plan.members[0][1]
        self.population = [n[4] for n in plan.neighbourhoods]

    # -- drawing ------------------------------------------------------------------------------

    def moment(self, day: date, hours: tuple[int, int] = (8, 17)) -> datetime:
        day = _working_day(day)
        minute = self.rng.randint(hours[0] * 60, hours[1] * 60 - 1)
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)

    def pick(self, weights: dict):
        population, cumulative = _cumulative(weights)
        return self.rng.choices(population, cum_weights=cumulative)[0]

    def domains(self) -> list[str]:
        count = self.rng.choices((1, 2, 3, 4, 5), weights=(40, 30, 17, 9, 4))[0]
        chosen: list[str] = []
        while len(chosen) < count:
            domain = self.pick(DOMAIN_WEIGHTS)
            if domain not in chosen:
                chosen.append(domain)
        return chosen

    # -- households ---------------------------------------------------------------------------

    def run(self) -> None:
        span = (self.until - self.first_day).days
        for _household in range(self.plan.households):
            first = self.first_day + timedelta(days=self.rng.randrange(span))
            if first.weekday() >= 5:  # registered on the Friday before the weekend
                first -= timedelta(days=first.weekday() - 4)
            self.household(self.moment(first))
        self.conferences()

    def household(self, registered: datetime) -> None:
        rng = self.rng
        neighbourhood, pc4, first, last, _population = rng.choices(
            self.plan.neighbourhoods, weights=self.population
        )[0]
        anonymous = rng.random() < 0.03
        director = rng.choice(self.directors)
        household = self.w[Household].add(
            team_id=self.plan.team_id,
            neighbourhood_id=neighbourhood,
            postcode="" if anonymous else f"{pc4}{_letters_between(rng, first, last)}",
            house_number=None if anonymous else rng.randint(1, 240),
            house_number_suffix="" if anonymous or rng.random() > 0.1 else rng.choice("ABC"),
            street="" if anonymous else texts.street(rng),
            city=self.plan.municipality_name,
            created_at=registered,
            created_by_id=director[1],
        )
        persons = [] if anonymous else self.persons(household, registered)
        moment = registered
        for number in range(3):
            ended = self.case(household, persons, moment, reopened_from=None)
            if ended is None or number == 2 or rng.random() > 0.14:
                break
            # Back within the year or later: a new question of the same household.
            moment = self.moment(ended.date() + timedelta(days=rng.randint(20, 720)))
            if moment > self.end_of_data:
                break

    def persons(self, household: int, registered: datetime) -> list[int]:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5), weights=(45, 25, 14, 10, 6))[0]
        family = texts.family_name(rng)
        ids = []
        adult_age = rng.randint(19, 88)
        for index in range(size):
            if index == 0:
                role, age = HouseholdRole.MAIN, adult_age
            elif index == 1 and (size == 2 or rng.random() < 0.6):
                role, age = HouseholdRole.PARTNER, max(18, adult_age + rng.randint(-6, 6))
            else:
                role, age = HouseholdRole.CHILD, rng.randint(0, 17)
            born = registered.date() - timedelta(days=365 * age + rng.randrange(365))
            adult = role != HouseholdRole.CHILD
            ids.append(
                self.w[Person].add(
                    household_id=household,
                    role=role,
                    given_name=texts.given_name(rng),
                    family_name=family if role != HouseholdRole.PARTNER else texts.family_name(rng),
                    date_of_birth=born,
                    bsn=next(self.bsn) if adult and rng.random() < 0.6 else "",
                    phone=f"06{rng.randrange(10**8):08d}" if adult and rng.random() < 0.7 else "",
                    email=f"bewoner{household}-{index}@example.org"
                    if adult and rng.random() < 0.25
                    else "",
                    created_at=registered,
                )
            )
        return ids

    # -- one case -----------------------------------------------------------------------------

    def case(
        self, household: int, persons: list[int], registered: datetime, reopened_from=None
    ) -> datetime | None:
        """A case from its registration to its end or to the last day; returns when it ended
        (``None`` while it is open)."""
        rng = self.rng
        w = self.w
        domains = self.domains()
        urgency = rng.choices((Urgency.NORMAL, Urgency.HIGH, Urgency.CRISIS), weights=(85, 12, 3))[
            0
        ]
        registrar = rng.choice(self.members)[1]
        director = rng.choice(self.directors)
        case_id = w[Case].new_id()
        changes: list[tuple[str, str, str, str, datetime, int]] = []
        changes.append(("register", "", Status.REGISTERED, "", registered, registrar))

        def change(transition: str, source: str, target: str, at: datetime, why: str = "") -> None:
            """The next step of the case's history, taken by its director."""
            changes.append((transition, source, target, why, at, director[1]))

        status = Status.REGISTERED
        # First contact within a few working days, sooner when urgent.
        wait = rng.choices((0, 1, 2, 3, 4, 6, 9, 14, 25), weights=(8, 18, 18, 15, 12, 11, 8, 6, 4))[
            0
        ]
        if urgency != Urgency.NORMAL:
            wait = min(wait, 1)
        first_contact = self.moment(registered.date() + timedelta(days=wait))
        if first_contact <= registered:  # the same day: some time after the registration
            first_contact = registered + timedelta(minutes=rng.randint(10, 240))
        ended_at = None
        ended_status = None
        plan_at = None
        reason = ""
        fate = rng.random()
        if fate < 0.06:  # answered or declined before an intake
            ended_at = first_contact
            ended_status = Status.STOPPED
            reason = rng.choice((StopReason.ANSWERED, StopReason.ANSWERED, StopReason.DECLINED))
        intake_at = first_contact
        if ended_at is None:
            plan_at = self.moment(intake_at.date() + timedelta(days=rng.randint(5, 40)))
            if fate < 0.12:  # stopped or transferred during the intake
                ended_at = self.moment(intake_at.date() + timedelta(days=rng.randint(3, 30)))
                plan_at = None
                ended_status = rng.choice((Status.STOPPED, Status.TRANSFERRED))
            elif fate < 0.17:
                ended_at = self.moment(plan_at.date() + timedelta(days=rng.randint(20, 200)))
                ended_status = rng.choice((Status.STOPPED, Status.TRANSFERRED))
            else:
                length = int(rng.lognormvariate(4.9, 0.6))  # median some 130 days
                ended_at = self.moment(plan_at.date() + timedelta(days=max(length, 14)))
                ended_status = Status.CLOSED
        if ended_status == Status.STOPPED and not reason:
            reason = rng.choice((StopReason.DECLINED, StopReason.MOVED, StopReason.UNREACHABLE))
        elif ended_status == Status.TRANSFERRED:
            reason = rng.choice((TransferReason.SPECIALIST, TransferReason.OTHER_TEAM))
        elif ended_status == Status.CLOSED:
            reason = self.pick(
                {
                    CloseReason.GOALS_REACHED: 45,
                    CloseReason.SELF_RELIANT: 25,
                    CloseReason.PARTLY_REACHED: 22,
                    CloseReason.OTHER: 8,
                }
            )

        limit = self.end_of_data
        director_from = None
        if intake_at <= limit and not (ended_status == Status.STOPPED and ended_at == intake_at):
            change(Transition.START_INTAKE, Status.REGISTERED, Status.INTAKE, intake_at)
            status = Status.INTAKE
            director_from = intake_at
        if plan_at and plan_at <= limit:
            change(Transition.ACTIVATE_PLAN, Status.INTAKE, Status.PLAN_ACTIVE, plan_at)
            status = Status.PLAN_ACTIVE
        reopen_at = None
        if ended_at and ended_at <= limit:
            transition = {
                Status.CLOSED: Transition.CLOSE,
                Status.STOPPED: Transition.STOP,
                Status.TRANSFERRED: Transition.TRANSFER,
            }[ended_status]
            change(transition, status, ended_status, ended_at, reason)
            status = ended_status
            # Some closed cases come back soon: reopened, a new intake, a new plan, closed again.
            if ended_status == Status.CLOSED and rng.random() < 0.04:
                reopen_at = self.moment(ended_at.date() + timedelta(days=rng.randint(7, 60)))
                if reopen_at <= limit:
                    why = rng.choice(list(ReopenReason.values))
                    change(Transition.REOPEN, Status.CLOSED, Status.INTAKE, reopen_at, why)
                    status = Status.INTAKE
                    replan = self.moment(reopen_at.date() + timedelta(days=rng.randint(5, 30)))
                    if replan <= limit:
                        change(Transition.ACTIVATE_PLAN, Status.INTAKE, Status.PLAN_ACTIVE, replan)
                        status = Status.PLAN_ACTIVE
                        reclose = self.moment(replan.date() + timedelta(days=rng.randint(30, 150)))
                        if reclose <= limit:
                            change(
                                Transition.CLOSE,
                                Status.PLAN_ACTIVE,
                                Status.CLOSED,
                                reclose,
                                CloseReason.GOALS_REACHED,
                            )
                            status = Status.CLOSED
                            ended_at = reclose
                        else:
                            ended_at = None
                    else:
                        ended_at = None
                else:
                    reopen_at = None
        else:
            ended_at = None
        last_change = changes[-1][4]
        is_open = status in (Status.REGISTERED, Status.INTAKE, Status.PLAN_ACTIVE)
        # A hand-over halfway for some long cases.
        current_director = director
        handover_at = None
        if director_from and rng.random() < 0.08:
            until = ended_at or limit
            middle = director_from + (until - director_from) / 2
            if middle > director_from + timedelta(days=7):
                handover_at = middle
                current_director = rng.choice(self.directors)
        w[Case].add(
            id=case_id,
            household_id=household,
            team_id=self.plan.team_id,
            status=status,
            director_id=current_director[0] if director_from else None,
            source=self.pick(SOURCE_WEIGHTS),
            channel=self.pick(CHANNEL_WEIGHTS),
            domains=domains,
            urgency=urgency,
            question=texts.question(rng, domains),
            registered_at=registered,
            registered_by_id=registrar,
            status_changed_at=last_change,
            closed_at=None if is_open else ended_at,
            version=len(changes),
        )
        for transition, source, target, why, at, by in changes:
            w[StatusChange].add(
                case_id=case_id,
                transition=transition,
                from_status=source,
                to_status=target,
                reason=why,
                note="",
                by_id=by,
                at=at,
            )
        if director_from:
            w[DirectorAssignment].add(
                case_id=case_id,
                membership_id=director[0],
                started_at=director_from,
                ended_at=handover_at,
                by_id=director[1],
                reason="",
            )
            if handover_at:
                w[DirectorAssignment].add(
                    case_id=case_id,
                    membership_id=current_director[0],
                    started_at=handover_at,
                    ended_at=None,
                    by_id=self.coordinator_user,
                    reason="Overdracht binnen het team.",
                )
            if rng.random() < 0.2:
                other = rng.choice(self.members)
                if other[0] not in (director[0], current_director[0]):
                    w[CaseMember].add(
                        case_id=case_id,
                        membership_id=other[0],
                        added_at=min(
                            director_from + timedelta(days=rng.randint(0, 10)), self.end_of_data
                        ),
                        added_by_id=director[1],
                    )
        count = min(rng.choices((0, 1, 2), weights=(50, 38, 12))[0], len(self.themes))
        for theme in rng.sample(self.themes, k=count):
            w[CaseTheme].add(
                case_id=case_id, theme_id=theme, added_at=registered, added_by_id=registrar
            )
        work_end = ended_at if ended_at else limit
        if intake_at <= limit:
            self.contacts(case_id, first_contact, work_end, current_director[1])
        if director_from:
            self.assessments(case_id, domains, intake_at, ended_at, persons, director[1], status)
            self.plan_(
                case_id,
                domains,
                intake_at,
                plan_at if plan_at and plan_at <= limit else None,
                ended_at,
                status,
                urgency,
                director[1],
                household,
                persons,
            )
            self.lines.append(CaseLine(case_id, intake_at.date(), work_end.date()))
        return ended_at if not is_open else None

    def contacts(self, case_id: int, first: datetime, end: datetime, by: int) -> None:
        rng = self.rng
        moment = first
        count = 0
        while moment <= end and count < 24:
            kind = self.pick(CONTACT_WEIGHTS)
            self.w[Contact].add(
                case_id=case_id,
                kind=kind,
                date=moment.date(),
                duration_minutes=rng.choice((10, 15, 20, 30, 45, 60, 60, 90)),
                note=texts.contact_note(rng) if rng.random() < 0.75 else "",
                by_id=by,
                created_at=moment,
            )
            count += 1
            # About every four weeks, sooner at times.
            moment = self.moment(moment.date() + timedelta(days=int(rng.expovariate(1 / 26)) + 1))

    def assessments(self, case_id, domains, intake_at, ended_at, persons, by, status) -> None:
        rng = self.rng
        scored = list(domains)
        for domain in rng.sample(list(DOMAIN_WEIGHTS), k=2):
            if domain not in scored:
                scored.append(domain)
        baseline = {d: (rng.randint(1, 3) if d in domains else rng.randint(3, 5)) for d in scored}
        moments = [(AssessmentKind.INTAKE, intake_at + timedelta(days=rng.randint(0, 7)))]
        if ended_at and status == Status.CLOSED:
            half = intake_at + (ended_at - intake_at) / 2
            if (ended_at - intake_at).days > 150:
                moments.append((AssessmentKind.FOLLOW_UP, half))
            moments.append((AssessmentKind.CLOSING, ended_at))
        elif not ended_at and (self.end_of_data - intake_at).days > 180:
            moments.append((AssessmentKind.FOLLOW_UP, intake_at + timedelta(days=170)))
        for step, (kind, at) in enumerate(moments):
            at = min(at, self.end_of_data)
            assessment = self.w[Assessment].add(
                case_id=case_id,
                person_id=None,
                kind=kind,
                assessed_on=at.date(),
                note=texts.zrm_note(rng) if rng.random() < 0.3 else "",
                created_at=at,
                created_by_id=by,
            )
            for domain in scored:
                # Later assessments mostly improve on the one before, not always.
                gain = 0 if step == 0 else rng.choices((-1, 0, 1, 2), weights=(8, 35, 40, 17))[0]
                value = min(5, max(1, baseline[domain] + gain))
                baseline[domain] = value
                self.w[Score].add(assessment_id=assessment, domain=domain, score=value)

    def plan_(
        self,
        case_id,
        domains,
        intake_at,
        plan_at,
        ended_at,
        status,
        urgency,
        by,
        household,
        persons,
    ) -> None:
        rng = self.rng
        w = self.w
        plan = w[Plan].add(case_id=case_id, created_at=intake_at, version=1)
        closed = status == Status.CLOSED
        goal_count = min(len(domains), rng.choice((1, 1, 2, 2, 3)))
        snapshot_goals = []
        for domain in domains[:goal_count]:
            created = min(intake_at + timedelta(days=rng.randint(1, 10)), self.end_of_data)
            outcome = ""
            if closed:
                outcome = self.pick(
                    {Outcome.REACHED: 58, Outcome.PARTLY: 28, Outcome.NOT_REACHED: 14}
                )
            goal = w[Goal].add(
                plan_id=plan,
                domain=domain,
                description=texts.goal(rng, domain),
                person_id=persons[0] if persons and rng.random() < 0.3 else None,
                outcome=outcome,
                outcome_note="",
                created_at=created,
                created_by_id=by,
                proposed_by_resident=rng.random() < 0.03,
                version=1,
            )
            actions = []
            for _index in range(rng.choice((1, 1, 2, 2, 3))):
                step = self.pick(STEP_WEIGHTS)
                if status in (Status.CLOSED,):
                    action_status = rng.choices(
                        (ActionStatus.DONE, ActionStatus.CANCELLED), weights=(85, 15)
                    )[0]
                elif status in (Status.STOPPED, Status.TRANSFERRED):
                    action_status = ActionStatus.CANCELLED
                elif plan_at:
                    action_status = rng.choice(
                        (
                            ActionStatus.PLANNED,
                            ActionStatus.IN_PROGRESS,
                            ActionStatus.IN_PROGRESS,
                            ActionStatus.DONE,
                        )
                    )
                else:
                    action_status = ActionStatus.PLANNED
                performer = rng.choice(PERFORMERS[step])
                action = w[Action].add(
                    goal_id=goal,
                    description=texts.action(rng, domain, step),
                    step=step,
                    performer=performer,
                    performer_name="",
                    due_date=created.date() + timedelta(days=rng.randint(14, 120)),
                    status=action_status,
                    step_reason=texts.step_reason(step) if step > 1 else "",
                    is_fast_track=step == Step.TAILORED and urgency == Urgency.CRISIS,
                    provision_id=None,
                    collective_activity_id=None,
                    created_at=created,
                    created_by_id=by,
                    version=1,
                )
                actions.append({"id": action, "step": step, "status": action_status})
                if step == Step.TAILORED and plan_at and rng.random() < 0.45:
                    self.advice(case_id, household, domain, plan_at, ended_at, by)
            snapshot_goals.append({"id": goal, "domain": domain, "actions": actions})
        if plan_at:
            w[PlanRevision].add(
                plan_id=plan,
                number=1,
                snapshot={"goals": snapshot_goals},
                note="Plan vastgesteld met het huishouden.",
                created_at=plan_at,
                created_by_id=by,
            )
            if rng.random() < 0.03:
                self.spending(case_id, household, plan_at, by)

    def advice(self, case_id, household, domain, plan_at, ended_at, by) -> None:
        rng = self.rng
        category = rng.choice(ADVICE_CATEGORIES.get(domain, ("wmo_06",)))
        requested = plan_at.date()
        applied = requested + timedelta(days=rng.randint(0, 10))
        sent_at = datetime.combine(applied, time(11, 0), tzinfo=self.zone)
        if sent_at > self.end_of_data:
            return
        decided_at = self.moment(applied + timedelta(days=rng.randint(5, 70)))
        decided = decided_at <= self.end_of_data
        outcome = self.pick(
            {AdviceStatus.GRANTED: 74, AdviceStatus.PARTLY_GRANTED: 14, AdviceStatus.REFUSED: 12}
        )
        advice = self.w[Advice].add(
            case_id=case_id,
            household_id=household,
            person_id=None,
            category=category,
            provision=texts.provision(category),
            reasons=texts.ADVICE_REASONS,
            tried=texts.ADVICE_TRIED,
            requested_on=requested,
            applied_on=applied,
            decision_due=decision_due(law=law_of(category), applied_on=applied),
            status=outcome if decided else AdviceStatus.SENT,
            created_by_id=by,
            created_at=sent_at,
            sent_by_id=by,
            sent_at=sent_at,
            decided_at=decided_at if decided else None,
            withdrawn_by_id=None,
            withdrawn_at=None,
            withdrawal_reason="",
            version=2,
        )
        if decided:
            self.w[AdviceDecision].add(
                advice_id=advice,
                outcome=outcome,
                reason=texts.DECISION_REASON,
                decided_by_id=self.plan.backoffice_user,
                decided_at=decided_at,
                is_current=True,
            )

    def spending(self, case_id, household, at, by) -> None:
        budget = self.plan.budgets.get(at.year)
        if budget is None:
            return
        budget_id, limit = budget
        amount = Decimal(self.rng.choice((75, 150, 240, 400, 650, 900, 1400)))
        decided_at = at + timedelta(days=2)
        decided = decided_at <= self.end_of_data
        self.w[SpendingRequest].add(
            budget_id=budget_id,
            household_id=household,
            case_id=case_id,
            amount=amount,
            purpose=texts.SPENDING_PURPOSE,
            status=SpendingStatus.APPROVED if decided else SpendingStatus.REQUESTED,
            needs_municipality=amount > limit,
            requested_by_id=by,
            requested_at=at,
            decided_by_id=(self.plan.backoffice_user if amount > limit else self.coordinator_user)
            if decided
            else None,
            decided_at=decided_at if decided else None,
            decision_reason="",
            version=2 if decided else 1,
        )

    # -- case conferences ---------------------------------------------------------------------

    def conferences(self) -> None:
        """A conference every Tuesday, with the cases then being worked on as its agenda."""
        rng = self.rng
        lines = sorted(self.lines, key=lambda line: line.start)
        starts = [line.start for line in lines]
        day = self.first_day + timedelta(days=(1 - self.first_day.weekday()) % 7)
        active: list[CaseLine] = []
        taken = 0
        while day <= self.until + timedelta(days=14):
            upto = bisect.bisect_right(starts, day)
            active.extend(lines[taken:upto])
            taken = upto
            active = [line for line in active if line.end >= day]
            held = day < self.until
            if active and rng.random() < 0.9:
                self.conference(
                    day, rng.sample(active, k=min(len(active), rng.randint(2, 6))), held
                )
            day += timedelta(days=7)

    def conference(self, day: date, lines: list[CaseLine], held: bool) -> None:
        rng = self.rng
        w = self.w
        created = datetime.combine(day - timedelta(days=6), time(9, 0), tzinfo=self.zone)
        conference = w[CaseConference].add(
            team_id=self.plan.team_id,
            held_on=day,
            starts_at=time(9, 30),
            duration_minutes=rng.choice((60, 90, 90, 120)),
            created_by_id=self.coordinator_user,
            created_at=created,
            version=1,
        )
        for member in rng.sample(self.members, k=min(len(self.members), rng.randint(4, 7))):
            w[CaseConference.attendees.through].add(
                caseconference_id=conference, membership_id=member[0]
            )
        for position, line in enumerate(lines, start=1):
            item = w[ConferenceAgendaItem].add(
                conference_id=conference,
                case_id=line.case_id,
                position=position,
                added_by_id=self.coordinator_user,
                added_at=created,
            )
            if held:
                w[ConferenceConclusion].add(
                    item_id=item,
                    text=texts.conclusion(rng),
                    written_by_id=self.coordinator_user,
                    written_at=datetime.combine(day, time(11, 0), tzinfo=self.zone),
                )


# -- helpers ----------------------------------------------------------------------------------


@functools.cache
def _cumulative_of(items: tuple) -> tuple[tuple, tuple[int, ...]]:
    population = tuple(key for key, _weight in items)
    return population, tuple(itertools.accumulate(weight for _key, weight in items))


def _cumulative(weights: dict) -> tuple[tuple, tuple[int, ...]]:
    """A weights table as ``random.choices`` takes it fastest, worked out once per table."""
    return _cumulative_of(tuple(weights.items()))


def _working_day(day: date) -> date:
    weekday = day.weekday()
    return day + timedelta(days=7 - weekday) if weekday >= 5 else day


def _letters_between(rng: random.Random, first: str, last: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRTUVWXYZ"  # no S: SA, SD and SS are never used
    low = alphabet.index(first[0]) if first[0] in alphabet else 0
    high = alphabet.index(last[0]) if last[0] in alphabet else len(alphabet) - 1
    return alphabet[rng.randint(low, high)] + rng.choice(alphabet)


# -- the whole run ----------------------------------------------------------------------------


def data_generate(
    options: Options, *, progress: Callable[[str], None] | None = None
) -> GeneratedSummary:
    """Generate ``options.households`` households with their casework into the database.

    Refuses (``AlreadyGenerated``) when generated municipalities are there already: generating
    twice would mix two worlds; start from a new database (created, then ``manage.py
    migrate``). With ``options.jobs`` above 1 (PostgreSQL only), that many processes generate
    the teams side by side, each giving ids of its own (``writer.Table``).
    """
    started = clock.monotonic()
    say = progress or (lambda _message: None)
    if Municipality.objects.filter(code__gte=str(FIRST_CODE)).exists():
        raise AlreadyGenerated
    if options.jobs > 1 and connection.vendor != "postgresql":
        raise ValueError("more than one job needs PostgreSQL")
    rng = random.Random(f"{options.seed}-world")  # noqa: S311 - not a secret
    writer = Writer(MODELS)
    with transaction.atomic(), _bulk_mode():
        plans = _world_build(options, writer, rng)
        writer.flush()
    say(
        _("%(teams)s teams, %(users)s users") % {"teams": len(plans), "users": writer[User].written}
    )
    themes = list(Theme.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    if options.jobs == 1:
        written = _teams_generate(plans, options, themes, 0, 1, say, started)
    else:
        written = _teams_in_parallel(plans, options, themes, say, started)
    for model, count in writer.written().items():
        written[model] = written.get(model, 0) + count
    checked = _references_check()
    _sequences_reset()
    _statistics_update()
    return GeneratedSummary(
        municipalities=options.municipalities,
        teams=len(plans),
        users=written.get(_label(User), 0),
        households=written.get(_label(Household), 0),
        rows={label: count for label, count in written.items() if count},
        events=sum(written.get(_label(model), 0) for model in EVENT_MODELS),
        references_checked=checked,
        seconds=clock.monotonic() - started,
    )


def _label(model) -> str:
    return model._meta.db_table


def _teams_generate(plans, options, themes, job, jobs, say, started) -> dict[str, int]:
    """Job ``job`` of ``jobs``: every ``jobs``-th team, starting at the ``job``-th."""
    writer = Writer(MODELS, offset=job, step=jobs)
    bsn = _valid_bsns(job, jobs)
    done = 0
    for plan in plans[job::jobs]:
        with transaction.atomic(), _bulk_mode():
            TeamWork(plan=plan, writer=writer, options=options, bsn=bsn, themes=themes).run()
            writer.flush()
        done += plan.households
        say(
            _("%(households)s households (%(seconds)s s)")
            % {"households": f"{done:,}", "seconds": f"{clock.monotonic() - started:.0f}"}
        )
    return writer.written()


def _teams_in_parallel(plans, options, themes, say, started) -> dict[str, int]:
    """``options.jobs`` processes, forked after the world is written; each reports its
    progress and, at the end, its row counts through a queue."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    connections.close_all()  # each process opens its own connection

    def work(job: int) -> None:
        try:
            counts = _teams_generate(
                plans,
                options,
                themes,
                job,
                options.jobs,
                lambda message: queue.put(
                    (
                        "progress",
                        job,
                        _("job %(job)s: %(message)s") % {"job": job + 1, "message": message},
                    )
                ),
                started,
            )
            queue.put(("done", job, counts))
        except BaseException as error:  # reported to the parent, which stops the run
            queue.put(("failed", job, repr(error)))
            raise
        finally:
            connections.close_all()

    processes = [context.Process(target=work, args=(job,)) for job in range(options.jobs)]
    for process in processes:
        process.start()
    written: dict[str, int] = {}
    finished = 0
    while finished < len(processes):
        kind, job, payload = queue.get()
        if kind == "progress":
            say(payload)
        elif kind == "done":
            finished += 1
            for label, count in payload.items():
                written[label] = written.get(label, 0) + count
        else:
            for process in processes:
                process.terminate()
            raise RuntimeError(f"job {job + 1} failed: {payload}")
    for process in processes:
        process.join()
    return written


@contextlib.contextmanager
def _bulk_mode():
    """On PostgreSQL as a superuser: skip the per-row foreign-key triggers while loading (they
    lock every parent row and double the time); ``_references_check`` checks every reference
    afterwards in one query per foreign key instead. Otherwise: nothing changes."""
    if connection.vendor != "postgresql" or not _is_superuser():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _references_check() -> int:
    """Every foreign key of the generated tables points at a row that exists; returns the
    number of foreign keys checked. Raises when one does not (a bug in the generator)."""
    checked = 0
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in MODELS:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.target_field.model
                child, parent = quote(model._meta.db_table), quote(target._meta.db_table)
                column, key = quote(field.column), quote(field.target_field.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {child} c WHERE c.{column} IS NOT NULL "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column})"
                )
                dangling = cursor.fetchone()[0]
                if dangling:
                    raise RuntimeError(f"{dangling} rows of {child}.{column} point nowhere")
                checked += 1
    return checked


def _statistics_update() -> None:
    """The planner's statistics of the generated tables, at once: rows loaded with COPY have
    none until autovacuum gets to them (if it runs at all), and without them PostgreSQL plans
    the first queries on a million households as if the tables were empty."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def _sequences_reset() -> None:
    """Move PostgreSQL's id sequences past the ids given here, so the application's own
    inserts continue after them (SQLite takes the highest id + 1 by itself)."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {quote(table)}), 0) + 1, false)",
                [quote(table)],
            )
