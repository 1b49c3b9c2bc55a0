"""Demo casework, built only through the services so its history is what real work records.

Each household's story is played on a travelled clock (see ``clock.py``): the question is
registered on its day, the intake follows a few days later, contacts and ZRMs over the following
weeks, and every service stamps the moment of the story, never the moment the demo is built.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.areas.models import PostcodeRange
from wijkteam.cases import services as cases
from wijkteam.cases.lifecycle import CloseReason, ReopenReason, StopReason, TransferReason
from wijkteam.cases.models import Case, Channel, ContactKind, Source
from wijkteam.core.demo.clock import DemoClock
from wijkteam.core.demo.stories import (
    CONTACT_NOTES,
    FAMILY_NAMES,
    FOLLOW_UP_QUESTION,
    GIVEN_NAMES,
    STORIES,
    STREETS,
    ActionSpec,
    Story,
)
from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.services import household_update, person_add
from wijkteam.plans.models import Action, ActionStatus, Goal, Outcome
from wijkteam.plans.services import (
    action_add,
    action_set_status,
    goal_add,
    plan_revision_create,
)
from wijkteam.sharing.models import Basis, Party, Purpose
from wijkteam.sharing.services import sharing_ground_record
from wijkteam.teams.models import Membership, Team
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.services import assessment_create

# The government's test series for BSNs: never issued to a real person.
BSN_TEST_FIRST = 999_990_000
BSN_TEST_LAST = 999_999_999
# Letter pairs that are never part of a Dutch postcode.
UNUSED_LETTERS = frozenset({"SA", "SD", "SS"})


@dataclass(frozen=True)
class Scenario:
    """One household's course: ``kind`` names the end state, ``director`` a persona username
    or a function value within the team."""

    kind: str
    story: str
    director: str = ""
    handed_over_to: str = ""


# Both persona teams show every state, a reopened case, a hand-over and a move to another team.
SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "Schalkwijk 1": (
        Scenario("registered", "woning"),
        Scenario("anonymous", "werk"),
        Scenario("intake", "eenzaamheid", "regisseur"),
        Scenario("intake", "werk", "collega"),
        Scenario("active3", "schulden", "regisseur"),
        Scenario("active3", "mantelzorg", "regisseur"),
        Scenario("active2", "statushouder", "collega", handed_over_to="regisseur"),
        Scenario("active2", "gezin", "cjgcoach"),
        Scenario("closed", "woning", "regisseur"),
        Scenario("transferred", "verslaving", "regisseur"),
        Scenario("stopped", "schulden", "collega"),
        Scenario("reopened", "eenzaamheid", "regisseur"),
        Scenario("history", "werk", "collega"),
        Scenario("moved", "gezin", "regisseur"),
    ),
    "Oost 2": (
        Scenario("registered", "mantelzorg"),
        Scenario("anonymous", "eenzaamheid"),
        Scenario("intake", "woning", "oost2"),
        Scenario("intake", "eenzaamheid", "wmo_consultant"),
        Scenario("active3", "schulden", "oost2"),
        Scenario("active2", "statushouder", "mee_consultant"),
        Scenario("active2", "gezin", "oost2"),
        Scenario("closed", "werk", "oost2"),
        Scenario("transferred", "verslaving", "district_nurse"),
        Scenario("stopped", "mantelzorg", "oost2"),
        Scenario("reopened", "schulden", "oost2"),
        Scenario("history", "woning", "work_income_debt"),
    ),
}
OTHER_TEAM_KINDS = (
    "registered",
    "intake",
    "active3",
    "active2",
    "active2",
    "closed",
    "closed",
    "stopped",
    "transferred",
)
DIRECTOR_FUNCTIONS = (
    "social_worker",
    "wmo_consultant",
    "mee_consultant",
    "work_income_debt",
    "district_nurse",
)
# Where the household of the "moved" scenario goes.
MOVES_TO = {"Schalkwijk 1": "Schalkwijk 2"}

# How many days ago each kind of story begins with its registration: fresh questions wait in
# the inbox for up to 12 days, cases with a plan have run for weeks or months.
REGISTERED_DAYS_AGO: dict[str, tuple[int, int]] = {
    "registered": (0, 12),
    "anonymous": (0, 12),
    "intake": (8, 30),
    "stopped": (20, 45),
    "transferred": (20, 45),
    "active2": (45, 75),
    "moved": (45, 75),
    "active3": (85, 120),
    "closed": (60, 110),
    "reopened": (100, 120),
    "history": (100, 120),
}
# How many days ago an ended case was closed, stopped or moved.
ENDED_DAYS_AGO: dict[str, tuple[int, int]] = {
    "closed": (3, 30),
    "reopened": (35, 60),
    "history": (30, 60),
    "moved": (2, 10),
}


def casework_build(*, rng: random.Random, teams: dict[str, Team]) -> None:
    """Households and cases for every team in ``teams``, deterministic for a given ``rng``
    apart from today's date."""
    # A development dependency, imported here so that the app never needs it in production;
    # the demo itself only runs with DEBUG on.
    import time_machine

    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        clock = DemoClock(traveller=traveller, now=now, rng=rng)
        builder = _Builder(rng=rng, teams=teams, clock=clock)
        for name, team in teams.items():
            for scenario in SCENARIOS.get(name) or builder.scenarios_generate():
                builder.scenario_play(team=team, scenario=scenario)


def _test_bsns() -> Iterator[str]:
    for number in range(BSN_TEST_FIRST, BSN_TEST_LAST + 1):
        candidate = f"{number:09d}"
        if stdnum_bsn.is_valid(candidate):
            yield candidate


class _Builder:
    def __init__(self, *, rng: random.Random, teams: dict[str, Team], clock: DemoClock) -> None:
        self.rng = rng
        self.teams = teams
        self.clock = clock
        self.today = timezone.localdate()
        self.bsns = _test_bsns()
        self.addresses: set[tuple[str, int]] = set()
        # Each case's intake ZRM, which later assessments improve on.
        self.baselines: dict[tuple[int, str], int] = {}
        self.members: dict[int, dict[str, Membership]] = {}
        for membership in Membership.objects.filter(
            team__in=teams.values(), is_active=True
        ).select_related("user"):
            slots = self.members.setdefault(membership.team_id, {})
            slots[membership.user.username] = membership
            slots.setdefault(membership.function, membership)
        self.ranges: dict[int, list[PostcodeRange]] = {}
        for postcode_range in PostcodeRange.objects.filter(
            neighbourhood__area__team__in=teams.values()
        ).select_related("neighbourhood__area__team"):
            team_id = postcode_range.neighbourhood.area.team.pk
            self.ranges.setdefault(team_id, []).append(postcode_range)
        for ranges in self.ranges.values():
            ranges.sort(key=lambda r: (r.pc4, r.letters_from))

    # -- choosing ------------------------------------------------------------------------------

    def scenarios_generate(self) -> list[Scenario]:
        stories = list(STORIES)
        return [
            Scenario(kind, self.rng.choice(stories), self.rng.choice(DIRECTOR_FUNCTIONS))
            for kind in OTHER_TEAM_KINDS
        ]

    def membership(self, team: Team, key: str) -> Membership:
        return self.members[team.pk][key]

    def any_member(self, team: Team) -> Membership:
        slots = self.members[team.pk]
        return slots[self.rng.choice(sorted(DIRECTOR_FUNCTIONS))]

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def address(self, team: Team) -> dict:
        """A fake street in one of the team's postcode ranges, never used twice."""
        while True:
            postcode_range = self.rng.choice(self.ranges[team.pk])
            letters = self.letters_between(postcode_range.letters_from, postcode_range.letters_to)
            postcode = f"{postcode_range.pc4}{letters}"
            number = self.rng.randint(1, 240)
            if (postcode, number) not in self.addresses:
                self.addresses.add((postcode, number))
                return {
                    "postcode": postcode,
                    "house_number": number,
                    "street": self.rng.choice(STREETS),
                    "city": "Haarlem",
                }

    def letters_between(self, start: str, end: str) -> str:
        def index(letters: str) -> int:
            return (ord(letters[0]) - 65) * 26 + ord(letters[1]) - 65

        while True:
            value = self.rng.randint(index(start), index(end))
            letters = chr(65 + value // 26) + chr(65 + value % 26)
            if letters not in UNUSED_LETTERS:
                return letters

    def birth_date(self, age: int) -> date:
        return self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))

    def phone(self) -> str:
        # 06 followed by 0 is not a mobile number that exists.
        return f"06 0{self.rng.randint(0, 9999999):07d}"

    # -- building blocks -----------------------------------------------------------------------

    def register(self, *, team: Team, story: Story, anonymous: bool = False) -> Case:
        actor = self.any_member(team).user
        question = {
            "actor": actor,
            "question": story.question,
            "source": story.source,
            "channel": story.channel,
            "domains": list(story.domains),
            "urgency": story.urgency,
        }
        if anonymous:
            # A first contact without name or address lands in the registrar's own team.
            return cases.registration_create(
                **{**question, "source": Source.RESIDENT, "channel": Channel.WALK_IN}
            )
        family_name = self.rng.choice(FAMILY_NAMES)
        main_age = self.rng.randint(*story.main_age)
        case = cases.registration_create(
            **question,
            **self.address(team),
            person=cases.PersonInput(
                given_name=self.rng.choice(GIVEN_NAMES),
                family_name=family_name,
                date_of_birth=self.birth_date(main_age),
                bsn=next(self.bsns) if self.rng.random() < 0.8 else "",
                phone=self.phone(),
            ),
        )
        for role in story.others:
            if role == HouseholdRole.CHILD:
                age = self.rng.randint(2, min(17, max(2, main_age - 20)))
            else:
                age = max(18, main_age + self.rng.randint(-4, 4))
            person_add(
                actor=actor,
                household=case.household,
                role=role,
                given_name=self.rng.choice(GIVEN_NAMES),
                family_name=family_name,
                date_of_birth=self.birth_date(age),
                bsn=next(self.bsns) if self.rng.random() < 0.6 else "",
            )
        return case

    def intake(self, *, case: Case, director: Membership, story: Story) -> Case:
        """Intake on the clock's day: the first ZRM, the goals with their first actions, and a
        home visit."""
        actor = director.user
        case = cases.case_start_intake(
            actor=actor, case=case, director=director, expected_version=case.version
        )
        self.clock.later()
        self.assess(case=case, actor=actor, kind=AssessmentKind.INTAKE, story=story)
        self.clock.later()
        for spec in story.goals:
            person = (
                Person.objects.filter(household=case.household, role=spec.person_role).first()
                if spec.person_role
                else None
            )
            goal = goal_add(
                actor=actor,
                case=case,
                domain=spec.domain,
                description=spec.description,
                person=person,
            )
            for action in spec.actions:
                if not action.later:
                    self.act(actor=actor, goal=goal, action=action)
        self.clock.later()
        cases.contact_add(
            actor=actor,
            case=case,
            kind=ContactKind.HOME_VISIT,
            date=self.clock.day,
            duration_minutes=60,
            note=CONTACT_NOTES[0],
        )
        return case

    def act(self, *, actor: User, goal: Goal, action: ActionSpec) -> None:
        action_add(
            actor=actor,
            goal=goal,
            description=action.description,
            step=action.step,
            performer=action.performer,
            performer_name=action.performer_name,
            due_date=self.clock.day + timedelta(days=self.rng.randint(14, 90)),
            # Every story action above step 1 carries its reason; the service insists on it
            # whenever the step is higher than tried before.
            step_reason=action.reason,
            is_fast_track=action.fast_track,
        )

    def assess(
        self, *, case: Case, actor: User, kind: str, story: Story, progress: int = 0
    ) -> None:
        """A ZRM on all 13 domains on the clock's day: the story's domains start low and gain
        ``progress``."""
        scores = {}
        for domain in LifeDomain.values:
            baseline = self.baselines.setdefault((case.pk, domain), self.baseline(domain, story))
            gain = progress if domain in story.domains else 0
            scores[domain] = min(5, baseline + gain)
        assessment_create(
            actor=actor, case=case, kind=kind, assessed_on=self.clock.day, scores=scores
        )

    def baseline(self, domain: str, story: Story) -> int:
        if domain in story.domains:
            return self.rng.choice((1, 2, 2))
        if domain == LifeDomain.JUSTICE:
            return 5
        return self.rng.choice((3, 4, 4, 5))

    def contact(self, *, case: Case, actor: User) -> None:
        cases.contact_add(
            actor=actor,
            case=case,
            kind=self.rng.choice(ContactKind.values),
            date=self.clock.day,
            duration_minutes=self.rng.choice((15, 30, 45, 60, 90)),
            note=self.rng.choice(CONTACT_NOTES[1:]),
        )

    def activate(
        self,
        *,
        case: Case,
        director: Membership,
        story: Story,
        series: int,
        intake_ago: int,
        until_ago: int,
        hand_over_to: Membership | None = None,
    ) -> Case:
        """From intake to an active plan, then the work on it until ``until_ago`` days ago:
        contacts, ``series - 1`` evaluations with a ZRM each (the last one adds the actions
        planned for later and revises the plan) and, if asked, a hand-over half-way."""
        actor = director.user
        activated_ago = intake_ago - self.rng.randint(3, 10)
        self.clock.to(self.days_ago(activated_ago))
        case = cases.case_activate_plan(
            actor=actor,
            case=case,
            expected_version=case.version,
            note="Plan met de bewoner besproken",
        )
        self.clock.later()
        if set(story.domains) & {LifeDomain.FINANCES, LifeDomain.WORK_EDUCATION}:
            helper = self.members[case.team_id].get("work_income_debt")
            if helper and helper.pk != director.pk:
                cases.case_add_member(actor=actor, case=case, membership=helper)
        for action in Action.objects.filter(goal__plan__case=case).order_by("pk")[:2]:
            action_set_status(
                actor=actor,
                action=action,
                status=ActionStatus.IN_PROGRESS,
                expected_version=action.version,
            )
        # What happened on which day (days ago, order within the day, what).
        span = activated_ago - until_ago
        agenda: list[tuple[int, int, str, int]] = [
            (days, 0, "contact", 0)
            for days in self.rng.sample(range(until_ago, activated_ago), min(series + 2, span))
        ]
        agenda += [
            (activated_ago - span * number // (series - 1), 1, "evaluation", number)
            for number in range(1, series)
        ]
        if hand_over_to:
            agenda.append((activated_ago - span // 2, 2, "hand_over", 0))
        for days, _order, what, number in sorted(agenda, key=lambda item: (-item[0], item[1])):
            # An evaluation in the afternoon: the timeline shows a ZRM at noon of its day, and
            # the plan revision it leads to belongs after it.
            self.clock.to(self.days_ago(days), hours=(13, 16) if what == "evaluation" else (9, 16))
            if what == "contact":
                self.contact(case=case, actor=actor)
            elif what == "evaluation":
                self.evaluate(case=case, actor=actor, story=story, number=number, last=series - 1)
            else:
                case = cases.case_hand_over(
                    actor=actor,
                    case=case,
                    to=hand_over_to,
                    expected_director_id=case.director_id,
                    reason="Vraag verschoof naar taal en meedoen; past beter bij de regisseur",
                )
                actor = hand_over_to.user
        return case

    def evaluate(self, *, case: Case, actor: User, story: Story, number: int, last: int) -> None:
        self.assess(
            case=case,
            actor=actor,
            kind=AssessmentKind.FOLLOW_UP,
            story=story,
            progress=number,
        )
        if number < last:
            return
        self.clock.later()
        goals = {goal.description: goal for goal in Goal.objects.filter(plan__case=case)}
        added = False
        for spec in story.goals:
            for action in spec.actions:
                if action.later:
                    self.act(actor=actor, goal=goals[spec.description], action=action)
                    added = True
        if added:
            plan_revision_create(actor=actor, plan=case.plan, note="Plan bijgesteld na evaluatie")

    def close(self, *, case: Case, director: Membership, story: Story, ended_ago: int) -> Case:
        """Close ``ended_ago`` days ago, in the afternoon after the closing conversation."""
        actor = director.user
        self.clock.to(self.days_ago(ended_ago), hours=(13, 16))
        for action in Action.objects.filter(goal__plan__case=case):
            action_set_status(
                actor=actor,
                action=action,
                status=ActionStatus.DONE,
                expected_version=action.version,
            )
        goals = list(Goal.objects.filter(plan__case=case).order_by("pk"))
        outcomes = {
            goal.pk: Outcome.REACHED if index == 0 else self.rng.choice(Outcome.values[:2])
            for index, goal in enumerate(goals)
        }
        partly = any(outcome != Outcome.REACHED for outcome in outcomes.values())
        scores = {}
        for domain in LifeDomain.values:
            baseline = self.baselines[(case.pk, domain)]
            scores[domain] = min(5, baseline + (2 if domain in story.domains else 0))
        self.clock.later()
        return cases.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=CloseReason.PARTLY_REACHED if partly else CloseReason.GOALS_REACHED,
            outcomes=outcomes,
            closing_scores=scores,
            assessed_on=self.clock.day,
            note="Afgesloten in overleg met de bewoner",
        )

    # -- scenarios -----------------------------------------------------------------------------

    def scenario_play(self, *, team: Team, scenario: Scenario) -> None:
        """One household's story, each step on its own day of the travelled clock."""
        story = STORIES[scenario.story]
        kind = scenario.kind
        registered_ago = self.rng.randint(*REGISTERED_DAYS_AGO[kind])
        self.clock.restart()
        self.clock.to(self.days_ago(registered_ago))
        case = self.register(team=team, story=story, anonymous=kind == "anonymous")
        if kind in {"registered", "anonymous"}:
            return
        director = self.membership(team, scenario.director)
        actor = director.user
        intake_ago = registered_ago - self.rng.randint(2, 6)
        self.clock.to(self.days_ago(intake_ago), hours=(9, 11))
        case = self.intake(case=case, director=director, story=story)
        if kind == "intake":
            return
        if kind in {"stopped", "transferred"}:
            self.clock.to(self.days_ago(max(1, intake_ago - self.rng.randint(3, 12))))
            if kind == "stopped":
                cases.case_stop(
                    actor=actor,
                    case=case,
                    expected_version=case.version,
                    reason=StopReason.DECLINED,
                    note="Bewoner wil nu geen hulp; kan altijd terugkomen",
                )
            else:
                self.consent_to_share(
                    case=case,
                    actor=actor,
                    party=Party.SPECIALIST_CARE,
                    purpose=Purpose.REFERRAL,
                    scope="De vraag, de intake en de ZRM van de intake",
                )
                cases.case_transfer(
                    actor=actor,
                    case=case,
                    expected_version=case.version,
                    reason=TransferReason.SPECIALIST,
                    note="Overgedragen aan specialistische zorg na de intake",
                )
            return
        ended_ago = self.rng.randint(*ENDED_DAYS_AGO.get(kind, (0, 0)))
        # The last contact of an ended case lies a few days before its end; a running plan
        # was worked on until recently.
        until_ago = ended_ago + self.rng.randint(2, 5) if ended_ago else self.rng.randint(1, 4)
        case = self.activate(
            case=case,
            director=director,
            story=story,
            series=3 if kind == "active3" else 2,
            intake_ago=intake_ago,
            until_ago=until_ago,
            hand_over_to=(
                self.membership(team, scenario.handed_over_to) if scenario.handed_over_to else None
            ),
        )
        if kind == "moved":
            self.clock.to(self.days_ago(ended_ago))
            self.move(case=case, actor=actor, to=self.teams[MOVES_TO[team.name]])
            return
        if kind in {"closed", "reopened", "history"}:
            case = self.close(case=case, director=director, story=story, ended_ago=ended_ago)
        if kind == "reopened":
            # Some weeks later, well within the term in which a case may be reopened.
            weeks_later = min(self.rng.randint(14, 35), max(settings.WIJKTEAM_REOPEN_DAYS - 1, 0))
            self.clock.to(self.days_ago(max(1, ended_ago - weeks_later)), hours=(9, 11))
            case = cases.case_reopen(
                actor=actor,
                case=case,
                expected_version=case.version,
                reason=ReopenReason.RELAPSE,
                note="Bewoner meldt zich opnieuw: de problemen zijn terug",
            )
            self.clock.later()
            cases.contact_add(actor=actor, case=case, date=self.clock.day, note=CONTACT_NOTES[6])
        if kind == "history":
            # A new question after the close, still waiting in the team's inbox.
            self.clock.to(self.days_ago(self.rng.randint(0, 12)))
            question, domains = FOLLOW_UP_QUESTION
            cases.registration_create(
                actor=actor,
                question=question,
                domains=list(domains),
                household=case.household,
                source=Source.RESIDENT,
            )

    def consent_to_share(
        self, *, case: Case, actor: User, party: str, purpose: str, scope: str
    ) -> None:
        """The ground a transfer needs: the main resident's consent, given today (of the story)
        and recorded by the director, as in the conversation before the transfer."""
        person = (
            Person.objects.filter(household_id=case.household_id)
            .order_by("role", "pk")
            .filter(role=HouseholdRole.MAIN)
            .first()
        )
        sharing_ground_record(
            actor=actor,
            household=case.household,
            party=party,
            purpose=purpose,
            basis=Basis.CONSENT,
            consent_given_on=self.clock.day,
            consent_scope=scope,
            consent_by=person,
        )

    def move(self, *, case: Case, actor: User, to: Team) -> None:
        """The household moves into another team's area: new address, then the case is
        transferred and lands in the new team's inbox."""
        household = Household.objects.get(pk=case.household_id)
        household_update(
            actor=actor,
            household=household,
            expected_version=household.version,
            reason="Verhuisd",
            **self.address(to),
        )
        self.clock.later()
        case.refresh_from_db()
        self.consent_to_share(
            case=case,
            actor=actor,
            party=Party.OTHER_TEAM,
            purpose=Purpose.DIRECTION_TRANSFER,
            scope="Het plan, de contacten en de ZRM-reeks",
        )
        cases.case_transfer(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=TransferReason.OTHER_TEAM,
            to_team=to,
            note="Verhuisd naar een andere wijk",
        )
