"""Reads for the resident's own view: only ever their own household.

No function here takes a household or a case: each starts from the user and finds the household
through ``resident_household_of``, so a resident cannot name anyone else's file. Every read of
the file is access-logged with the resident as the actor (the access context of the request);
those entries are left out of the resident's own "who looked at my file" list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.accounts.models import User
from wijkteam.audit.models import AccessLogEntry, LogAction, LogResult
from wijkteam.audit.services import access_log_read, access_log_record
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.plans.models import Goal
from wijkteam.plans.selectors import plan_goals
from wijkteam.plans.services import EDITABLE_STATES
from wijkteam.residents.models import ResidentAccount, ResidentNote
from wijkteam.teams.models import Membership, Team


def resident_account_of(*, user: User) -> ResidentAccount | None:
    """The resident account ``user`` logs in with, or ``None`` for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    return ResidentAccount.objects.filter(user=user).select_related("person__household").first()


def resident_household_of(*, user: User) -> Household | None:
    """The household of the person ``user`` logs in as, or ``None`` for anyone else."""
    account = resident_account_of(user=user)
    return account.person.household if account else None


def resident_account_get(*, user: User) -> ResidentAccount:
    """The resident account ``user`` logs in with, or ``NotFoundOrHidden``."""
    account = resident_account_of(user=user)
    if account is None:
        raise NotFoundOrHidden("not found")
    return account


def resident_case_of(*, household: Household) -> Case | None:
    """The household's open case, or else its most recent one; for the resident's own household
    only (callers pass what ``resident_household_of`` gave)."""
    cases = Case.objects.filter(household=household).select_related(
        "team", "director__user", "director__organisation", "director__team"
    )
    return (
        cases.filter(status__in=OPEN_STATES).first()
        or cases.order_by("-registered_at", "-pk").first()
    )


# My plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamContact:
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class DirectorContact:
    """The case director as the resident needs to know them: who, and how to reach them.

    Reached through their team's phone and e-mail: the team passes the message on, and
    nothing here is another resident's data."""

    name: str
    function: str
    organisation: str
    team: TeamContact


@dataclass
class DomainGoals:
    domain: str
    label: str
    goals: list[Goal] = field(default_factory=list)


@dataclass
class ResidentPlan:
    person: Person
    household: Household
    case: Case | None
    groups: list[DomainGoals]
    director: DirectorContact | None
    team: TeamContact | None
    # The plan can take a goal the resident proposes (intake or active plan).
    can_propose_goal: bool
    # An open case, so there is someone to read a note.
    can_write_note: bool
    # The notes this resident wrote on the case, newest first.
    notes: list[ResidentNote] = field(default_factory=list)

    @property
    def goal_count(self) -> int:
        return sum(len(group.goals) for group in self.groups)


def _team_contact(team: Team | None) -> TeamContact | None:
    if team is None:
        return None
    return TeamContact(name=team.name, phone=team.phone, email=team.email)


def director_contact(membership: Membership | None) -> DirectorContact | None:
    if membership is None:
        return None
    return DirectorContact(
        name=membership.user.get_full_name() or str(_("Your case director")),
        function=membership.get_function_display(),
        organisation=membership.organisation.name,
        team=_team_contact(membership.team),
    )


@dataclass(frozen=True)
class ResidentCaseState:
    """What the resident's own forms (a goal, a note) need: whether they can be used now, the
    team to contact otherwise, and the notes the resident sent. Nothing of the plan itself."""

    team: TeamContact | None
    # The plan can take a goal the resident proposes (intake or active plan).
    can_propose_goal: bool
    # An open case, so there is someone to read a note.
    can_write_note: bool
    # The notes this resident wrote on the case, newest first.
    notes: list[ResidentNote]


def _case_state(*, user: User, household: Household, case: Case | None) -> ResidentCaseState:
    is_open = case is not None and case.status in OPEN_STATES
    return ResidentCaseState(
        team=_team_contact(case.team if case is not None else household.team),
        can_propose_goal=case is not None and case.status in EDITABLE_STATES,
        can_write_note=is_open,
        notes=list(case.resident_notes.filter(author=user)) if case is not None else [],
    )


def resident_case_state(*, user: User) -> ResidentCaseState:
    """For the resident's own forms: cheaper than ``resident_plan`` (no goals, no actions) and
    no log entry, since it shows nothing of the file but what the resident wrote themselves."""
    household = resident_account_get(user=user).person.household
    return _case_state(user=user, household=household, case=resident_case_of(household=household))


def resident_plan(*, user: User) -> ResidentPlan:
    """The resident's case (open, or else the last one), its plan with goals and actions, and
    who directs it and how to reach them. ``NotFoundOrHidden`` for anyone not a resident."""
    account = resident_account_get(user=user)
    household = account.person.household
    case = resident_case_of(household=household)
    if case is None:
        access_log_read(
            event="resident_plan_viewed",
            object_type="households.household",
            object_id=household.pk,
            household_id=household.pk,
        )
    else:
        access_log_read(
            event="resident_plan_viewed",
            object_type="cases.case",
            object_id=case.pk,
            household_id=household.pk,
        )
    groups: dict[str, DomainGoals] = {}
    if case is not None:
        for goal in plan_goals(case=case):
            label = LifeDomain(goal.domain).label
            groups.setdefault(goal.domain, DomainGoals(goal.domain, label)).goals.append(goal)
    ordered = [groups[value] for value in LifeDomain.values if value in groups]
    state = _case_state(user=user, household=household, case=case)
    return ResidentPlan(
        person=account.person,
        household=household,
        case=case,
        groups=ordered,
        director=director_contact(case.director) if state.can_write_note else None,
        team=state.team,
        can_propose_goal=state.can_propose_goal,
        can_write_note=state.can_write_note,
        notes=state.notes,
    )


# How it is going (ZRM) -----------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentZrm:
    household: Household
    person: Person
    # Scores recorded for the resident personally, besides those of the household as a whole.
    has_own_scores: bool


def resident_zrm(*, user: User) -> ResidentZrm:
    """What the ZRM page charts: the household's scores over time, and the resident's own.
    The chart itself is drawn by ``zrm_chart`` from the household given here."""
    from wijkteam.zrm.models import Assessment

    account = resident_account_get(user=user)
    household = account.person.household
    access_log_read(
        event="resident_zrm_viewed",
        object_type="households.household",
        object_id=household.pk,
        household_id=household.pk,
    )
    own = Assessment.objects.filter(case__household=household, person=account.person).exists()
    return ResidentZrm(household=household, person=account.person, has_own_scores=own)


# Who looked at my file -----------------------------------------------------------------------

# What each event of the access log means, for the resident (B1 level). Events not listed are
# told by their kind of action.
EVENT_TEXTS: dict[str, Promise] = {
    "household_viewed": gettext_lazy("Looked at the details of your household"),
    "case_viewed": gettext_lazy("Looked at your case"),
    "timeline_viewed": gettext_lazy("Looked at the history of your file"),
    "household_changed": gettext_lazy("Changed the details of your household"),
    "person_changed": gettext_lazy("Changed the details of someone in your household"),
    "case_changed": gettext_lazy("Changed something in your case"),
    "contact_changed": gettext_lazy("Wrote down a contact with you"),
    "plan_changed": gettext_lazy("Changed your plan"),
    "zrm_changed": gettext_lazy("Wrote down how things are going (ZRM)"),
    "resident_note_changed": gettext_lazy("Changed a note from your household"),
    "resident_account_changed": gettext_lazy("Changed the login of someone in your household"),
    "resident_plan_viewed": gettext_lazy("Looked at your plan in the resident's view"),
    "resident_zrm_viewed": gettext_lazy("Looked at your ZRM in the resident's view"),
    "sharing_changed": gettext_lazy("Changed your permissions for sharing"),
    "sharing_override": gettext_lazy(
        "Decided to share your data without your permission, for a reason that was written down"
    ),
    "sharing_grounds_viewed": gettext_lazy("Looked at your permissions for sharing"),
    "sharing_ground_viewed": gettext_lazy("Looked at one of your permissions for sharing"),
    "sharing_overrides_viewed": gettext_lazy("Looked at what was shared without permission"),
    "access_log_viewed": gettext_lazy("Checked who looked at your file (log officer)"),
    "emergency_access_started": gettext_lazy("Opened your file with emergency access"),
    "emergency_access_ended": gettext_lazy("Ended the emergency access to your file"),
    "household_known_viewed": gettext_lazy(
        "Checked whether your household is known to the team (without seeing your file)"
    ),
    "known_lookup": gettext_lazy(
        "Asked whether your household is known to a team (without seeing your file)"
    ),
    "subject_access_export": gettext_lazy("Made a copy of your file (your right of access)"),
    "restriction_changed": gettext_lazy("Changed a limit on the use of your file"),
}
ACTION_TEXTS: dict[str, Promise] = {
    LogAction.READ: gettext_lazy("Looked at your file"),
    LogAction.CREATE: gettext_lazy("Added something to your file"),
    LogAction.UPDATE: gettext_lazy("Changed something in your file"),
    LogAction.DELETE: gettext_lazy("Removed something from your file"),
    LogAction.SEARCH: gettext_lazy("Searched in the files"),
}


@dataclass(frozen=True)
class FileLook:
    """One entry of the access log, told to the resident: when, who, what."""

    at: datetime
    who: str
    role: str
    what: str
    emergency: bool
    refused: bool


@dataclass(frozen=True)
class EmergencyLook:
    """One use of emergency access to the file, with the reason given for it."""

    who: str
    role: str
    reason: str
    started_at: datetime
    ended_at: datetime  # when it was ended, or when it expires
    is_active: bool


@dataclass(frozen=True)
class FileLooks:
    page: Page
    looks: list[FileLook]
    emergencies: list[EmergencyLook] = field(default_factory=list)


def _roles_of(users: list[User], household: Household) -> dict[int, str]:
    """Per user: function, organisation and team (the household's team first), or else the
    role they hold outside the teams. Three queries for a whole page."""
    from wijkteam.access.roles import Role, group_roles

    ids = [user.pk for user in users]
    described: dict[int, str] = {}
    memberships = (
        Membership.objects.filter(user_id__in=ids)
        .select_related("team", "organisation")
        .order_by("-is_active", "pk")
    )
    best: dict[int, Membership] = {}
    for membership in memberships:
        current = best.get(membership.user_id)
        in_team = membership.team_id == household.team_id and membership.is_active
        if current is None or (
            in_team and not (current.team_id == household.team_id and current.is_active)
        ):
            best[membership.user_id] = membership
    for user_id, membership in best.items():
        described[user_id] = _("%(function)s at %(organisation)s, team %(team)s") % {
            "function": membership.get_function_display(),
            "organisation": membership.organisation.name,
            "team": membership.team.name,
        }
    residents = set(
        ResidentAccount.objects.filter(user_id__in=ids).values_list("user_id", flat=True)
    )
    for user in users:
        if user.pk in described:
            continue
        if user.pk in residents:
            described[user.pk] = str(Role.RESIDENT.label)
            continue
        roles = [
            str(Role(role).label) for role in group_roles(group.name for group in user.groups.all())
        ]
        if roles:
            described[user.pk] = ", ".join(sorted(roles))
        elif user.is_superuser:
            described[user.pk] = str(Role.FUNCTIONAL_ADMIN.label)
        else:
            described[user.pk] = _("Employee of the municipality or a partner organisation")
    return described


def _what(entry: AccessLogEntry) -> str:
    text = EVENT_TEXTS.get(entry.event) or ACTION_TEXTS.get(entry.action)
    return str(text) if text else str(_("Used your file"))


def resident_file_looks(*, user: User, page: int = 1, per_page: int = 25) -> FileLooks:
    """Who looked at or changed the resident's household file, newest first: when, who (name
    and function, never a username), what in plain words, and whether it was emergency access.
    The resident's own reads and changes are left out. Looking is itself logged."""
    account = resident_account_get(user=user)
    household = account.person.household
    # People only: entries without an actor are the system's own processing (a scheduled job,
    # loading data), which the page says it leaves out.
    entries = (
        AccessLogEntry.objects.filter(household_id=household.pk, actor__isnull=False)
        .exclude(actor=user)
        .select_related("actor")
        .prefetch_related("actor__groups")
        .order_by("-at", "-id")
    )
    access_log_record(
        event="resident_access_log_viewed",
        action=LogAction.READ,
        object_type="audit.accesslogentry",
        household_id=household.pk,
        result_count=entries.count(),
    )
    paged = Paginator(entries, per_page).get_page(page)
    emergencies = list(_emergency_accesses(household))
    actors = {entry.actor_id: entry.actor for entry in paged}
    actors.update({access.user_id: access.user for access in emergencies})
    roles = _roles_of(list(actors.values()), household)
    looks = []
    for entry in paged:
        who, role = _who(entry.actor, roles)
        looks.append(
            FileLook(
                at=entry.at,
                who=who,
                role=role,
                what=_what(entry),
                emergency=entry.emergency,
                refused=entry.result != LogResult.OK,
            )
        )
    emergency_looks = []
    for access in emergencies:
        who, role = _who(access.user, roles)
        emergency_looks.append(
            EmergencyLook(
                who=who,
                role=role,
                reason=access.reason,
                started_at=access.started_at,
                ended_at=access.ended_at or access.expires_at,
                is_active=access.is_active,
            )
        )
    return FileLooks(page=paged, looks=looks, emergencies=emergency_looks)


def _who(user: User, roles: dict[int, str]) -> tuple[str, str]:
    """A person's name and what they do; the role alone when no name is known."""
    role = roles.get(user.pk, "")
    name = user.get_full_name()
    return (name, role) if name else (role, "")


def _emergency_accesses(household: Household) -> list:
    from wijkteam.access.selectors import emergency_accesses_of_household

    # Their groups say the role of who has no membership: one query for the page, not per user.
    accesses = emergency_accesses_of_household(household=household).prefetch_related("user__groups")
    return list(accesses.order_by("-started_at"))


# My permissions for sharing ------------------------------------------------------------------


@dataclass
class ResidentSharing:
    household: Household
    consents: list  # active grounds on consent: the resident may withdraw them
    legal_tasks: list  # active grounds on a legal task: shown, not changeable here
    ended: list  # withdrawn consents and ended legal tasks
    overrides: list  # shared without a ground, on the team coordinator's reasoned decision


def resident_sharing(*, user: User) -> ResidentSharing:
    """The household's grounds for sharing and what was shared without one, read through the
    sharing app's selectors (which log the read)."""
    from wijkteam.sharing.models import Basis
    from wijkteam.sharing.selectors import sharing_grounds_for, sharing_overrides_for

    account = resident_account_get(user=user)
    household = account.person.household
    grounds = list(sharing_grounds_for(user=user, household=household))
    overrides = list(sharing_overrides_for(user=user, household=household))
    active = [ground for ground in grounds if ground.withdrawn_at is None]
    return ResidentSharing(
        household=household,
        consents=[ground for ground in active if ground.basis == Basis.CONSENT],
        legal_tasks=[ground for ground in active if ground.basis != Basis.CONSENT],
        ended=[ground for ground in grounds if ground.withdrawn_at is not None],
        overrides=overrides,
    )


def resident_consent_get(*, user: User, pk: int):
    """One active consent of the resident's own household (to confirm withdrawing it), or
    ``NotFoundOrHidden``."""
    from wijkteam.sharing.models import Basis
    from wijkteam.sharing.selectors import sharing_ground_get

    account = resident_account_get(user=user)
    ground = sharing_ground_get(user=user, pk=pk)
    if ground.household_id != account.person.household_id or ground.basis != Basis.CONSENT:
        raise NotFoundOrHidden("not found")
    return ground
