"""Reads on teams and memberships: who is in a team, its norms, its capacity and caseload, its
waiting list, and who fits a new question.

Capacity and the waiting list are about the team's work, not the content of its files: they
give counts, case references and member names, never a household's data. See docs/capacity.md
for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_record
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import Forbidden
from wijkteam.core.workdays import working_day_add, working_days_between
from wijkteam.teams.models import FUNCTION_DOMAINS, Function, Membership, Team, TeamNorm


def memberships_of(*, user: User) -> QuerySet[Membership]:
    """The user's active memberships, with their teams."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("team")


def teams_of(*, user: User) -> QuerySet[Team]:
    """The teams the user is an active member of."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def team_members(*, team: Team) -> QuerySet[Membership]:
    """Active members of a team with their open caseload, for choosing a director."""
    from wijkteam.cases.lifecycle import OPEN_STATES

    return (
        Membership.objects.filter(team=team, is_active=True)
        .select_related("user", "organisation")
        .annotate(
            open_cases=Count("directed_cases", filter=Q(directed_cases__status__in=OPEN_STATES))
        )
        .order_by("user__first_name", "user__last_name")
    )


def teams_with_members() -> QuerySet[Team]:
    """Every team with its area and active members: reference data, not client data."""
    active = Membership.objects.filter(is_active=True).select_related("user", "organisation")
    return Team.objects.select_related("area").prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_members")
    )


# Norms -----------------------------------------------------------------------------------------


def team_norm_get(*, team: Team) -> TeamNorm:
    """The team's norms; a team whose coordinator has not set them yet gets the defaults from
    the settings, as an unsaved row with version 0."""
    try:
        # Cached without a query when the team came with ``select_related("norm")``.
        return team.norm
    except TeamNorm.DoesNotExist:
        pass
    return TeamNorm(
        team=team,
        version=0,
        caseload_norm=settings.WIJKTEAM_CASELOAD_NORM,
        fulltime_hours=settings.WIJKTEAM_FULLTIME_HOURS,
        first_contact_working_days=settings.WIJKTEAM_FIRST_CONTACT_WORKING_DAYS,
        plan_term_days=settings.WIJKTEAM_PLAN_TERM_DAYS,
    )


def teams_coordinated_by(*, user: User) -> QuerySet[Team]:
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__is_coordinator=True
    ).distinct()


# Load ------------------------------------------------------------------------------------------


def _directed_counts(team: Team) -> dict[int, int]:
    """Open cases each membership of ``team`` directs. One query."""
    from wijkteam.cases.lifecycle import OPEN_STATES
    from wijkteam.cases.models import Case

    return dict(
        Case.objects.filter(director__team=team, status__in=OPEN_STATES)
        .values_list("director_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _member_counts(team: Team) -> dict[int, int]:
    """Open cases each membership of ``team`` works on as case member. One query."""
    from wijkteam.cases.lifecycle import OPEN_STATES
    from wijkteam.cases.models import CaseMember

    return dict(
        CaseMember.objects.filter(membership__team=team, case__status__in=OPEN_STATES)
        .values_list("membership_id")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )


def _status(load: int, capacity: Decimal) -> str:
    if load > capacity:
        return "over"
    if load == capacity:
        return "at"
    return "under"


def load_per_fte(load: int, fte: Decimal) -> Decimal | None:
    return (Decimal(load) / fte).quantize(Decimal("0.1")) if fte else None


def _capacity(norm: TeamNorm, fte: Decimal) -> Decimal:
    """The open cases ``fte`` can carry under the team's caseload norm."""
    return (norm.caseload_norm * fte).quantize(Decimal("0.1"))


def _hours(norm: TeamNorm, fte: Decimal) -> Decimal:
    return (fte * norm.fulltime_hours).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MemberLoad:
    """One member's hours and open cases against the team's norm.

    ``load`` counts every open case the member is on: as director or as case member (a case
    counts once per member). ``capacity`` is the norm times the member's fte: the open cases
    the team agreed this member can carry. ``status`` is over, at or under that.
    """

    membership: Membership
    name: str
    function: str
    organisation: str
    fte: Decimal
    hours: Decimal
    is_expert: bool
    is_coordinator: bool
    directed: int
    as_member: int
    load: int
    per_fte: Decimal | None
    capacity: Decimal
    status: str

    @property
    def difference(self) -> Decimal:
        """How far over (positive) or under (negative) the norm."""
        return Decimal(self.load) - self.capacity

    @property
    def room(self) -> Decimal:
        return -self.difference


@dataclass(frozen=True)
class TeamCapacity:
    team: Team
    norm: TeamNorm
    members: list[MemberLoad]
    fte: Decimal
    hours: Decimal
    open_cases: int  # every open case of the team, including those still in the inbox
    by_status: dict[str, int]  # registered, intake, plan_active
    per_fte: Decimal | None
    capacity: Decimal  # the norm times the team's fte
    status: str
    members_over: int
    waiting: WaitingList

    @property
    def difference(self) -> Decimal:
        return Decimal(self.open_cases) - self.capacity

    @property
    def room(self) -> Decimal:
        return -self.difference


def _member_loads(team: Team, norm: TeamNorm) -> list[MemberLoad]:
    directed, as_member = _directed_counts(team), _member_counts(team)
    rows = []
    memberships = (
        Membership.objects.filter(team=team, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    for membership in memberships:
        load = directed.get(membership.pk, 0) + as_member.get(membership.pk, 0)
        capacity = _capacity(norm, membership.fte)
        rows.append(
            MemberLoad(
                membership=membership,
                name=membership.user.get_full_name() or membership.user.username,
                function=Function(membership.function).label,
                organisation=membership.organisation.name,
                fte=membership.fte,
                hours=_hours(norm, membership.fte),
                is_expert=membership.is_expert,
                is_coordinator=membership.is_coordinator,
                directed=directed.get(membership.pk, 0),
                as_member=as_member.get(membership.pk, 0),
                load=load,
                per_fte=load_per_fte(load, membership.fte),
                capacity=capacity,
                status=_status(load, capacity),
            )
        )
    return rows


def team_capacity(*, user: User, team: Team, today: date | None = None) -> TeamCapacity:
    """The team's members with their hours and open cases against the norm, the team's totals,
    and its waiting list. For the team's coordinator only (``Forbidden`` for anyone else).

    A bounded number of queries, whatever the number of members or cases.
    """
    from wijkteam.cases.lifecycle import OPEN_STATES
    from wijkteam.cases.models import Case

    if not is_coordinator_of(user=user, team=team):
        raise Forbidden(
            _("Only the team coordinator sees the team's capacity."), code="not_allowed"
        )
    norm = team_norm_get(team=team)
    members = _member_loads(team, norm)
    by_status = dict.fromkeys(sorted(OPEN_STATES), 0)
    by_status.update(
        Case.objects.filter(team=team, status__in=OPEN_STATES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_cases = sum(by_status.values())
    fte = sum((m.fte for m in members), Decimal("0"))
    capacity = _capacity(norm, fte)
    access_log_record(
        event="team_capacity_viewed",
        action=LogAction.READ,
        object_type="teams.team",
        object_id=team.pk,
        result_count=len(members),
    )
    return TeamCapacity(
        team=team,
        norm=norm,
        members=members,
        fte=fte,
        hours=_hours(norm, fte),
        open_cases=open_cases,
        by_status=by_status,
        per_fte=load_per_fte(open_cases, fte),
        capacity=capacity,
        status=_status(open_cases, capacity),
        members_over=sum(1 for m in members if m.status == "over"),
        waiting=_waiting_list(team, norm, today or timezone.localdate()),
    )


# Waiting list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingCase:
    """A case of the team that has no active plan yet, with its terms and flags."""

    case_id: int
    reference: str
    status: str
    urgency: int
    director: str
    registered_on: date
    working_days_waiting: int
    days_waiting: int
    first_contact_on: date | None
    first_contact_due: date
    plan_due: date
    # No contact recorded, and the first-contact term has passed.
    no_first_contact: bool
    # No active plan, and the plan term has passed.
    no_plan: bool

    @property
    def flagged(self) -> bool:
        return self.no_first_contact or self.no_plan


@dataclass(frozen=True)
class WaitingList:
    team: Team
    norm: TeamNorm
    today: date
    cases: list[WaitingCase]  # most urgent first, then longest waiting

    @property
    def by_case(self) -> dict[int, WaitingCase]:
        return {case.case_id: case for case in self.cases}

    @property
    def registered(self) -> int:
        return sum(1 for case in self.cases if case.status == "registered")

    @property
    def in_intake(self) -> int:
        return sum(1 for case in self.cases if case.status == "intake")

    @property
    def no_first_contact(self) -> int:
        return sum(1 for case in self.cases if case.no_first_contact)

    @property
    def no_plan(self) -> int:
        return sum(1 for case in self.cases if case.no_plan)

    @property
    def flagged(self) -> list[WaitingCase]:
        return [case for case in self.cases if case.flagged]

    @property
    def late_in_intake(self) -> list[WaitingCase]:
        """Cases past the inbox (in intake) without an active plan after the term."""
        return [case for case in self.cases if case.status == "intake" and case.no_plan]

    def counts(self) -> dict[str, int]:
        """The numbers a monitor needs, by stable name."""
        return {
            "registered": self.registered,
            "in_intake": self.in_intake,
            "no_first_contact": self.no_first_contact,
            "no_plan": self.no_plan,
        }


def _waiting_list(team: Team, norm: TeamNorm, today: date) -> WaitingList:
    """One query: the team's open cases without an active plan (registered or in intake), with
    the date of their first contact. The working days are counted here, in Python, from the
    dates fetched, so the list costs the same however long it is."""
    from wijkteam.cases.lifecycle import Status
    from wijkteam.cases.models import Case

    rows = (
        Case.objects.filter(team=team, status__in=[Status.REGISTERED, Status.INTAKE])
        .annotate(first_contact_on=Min("contacts__date"))
        .values_list(
            "pk",
            "status",
            "urgency",
            "registered_at",
            "first_contact_on",
            "director__user__first_name",
            "director__user__last_name",
        )
        .order_by("-urgency", "registered_at", "pk")
    )
    cases = []
    for pk, status, urgency, registered_at, first_contact_on, first, last in rows:
        registered_on = timezone.localdate(registered_at)
        first_contact_due = working_day_add(registered_on, norm.first_contact_working_days)
        plan_due = registered_on + timedelta(days=norm.plan_term_days)
        cases.append(
            WaitingCase(
                case_id=pk,
                reference=Case(pk=pk).reference,  # the one format, without a query
                status=status,
                urgency=urgency,
                director=f"{first} {last}".strip() if (first or last) else "",
                registered_on=registered_on,
                working_days_waiting=working_days_between(registered_on, today),
                days_waiting=max((today - registered_on).days, 0),
                first_contact_on=first_contact_on,
                first_contact_due=first_contact_due,
                plan_due=plan_due,
                no_first_contact=first_contact_on is None and today > first_contact_due,
                no_plan=today > plan_due,
            )
        )
    return WaitingList(team=team, norm=norm, today=today, cases=cases)


def team_waiting_list(*, user: User, team: Team, today: date | None = None) -> WaitingList:
    """The team's waiting list: its registrations and intakes without an active plan, flagged
    when first contact or the plan is overdue by the team's norms. For members of the team
    (``Forbidden`` for anyone else): the same team that sees the inbox."""
    if not user.is_authenticated or not user.is_active:
        raise Forbidden(_("Only the team sees its waiting list."), code="not_allowed")
    if not Membership.objects.filter(user=user, team=team, is_active=True).exists():
        raise Forbidden(_("Only the team sees its waiting list."), code="not_allowed")
    return _waiting_list(team, team_norm_get(team=team), today or timezone.localdate())


# Suggestions -----------------------------------------------------------------------------------


def members_suggested_for(*, team: Team, domains: list[str]) -> list[Membership]:
    """Who could direct a new question, best suggestion first; the team decides.

    Members with room under the team's caseload norm come before those at or over it (the norm
    is what the team agreed it can carry; a suggestion that breaks it makes a waiting list).
    Within each group: whose function covers most of ``domains``, then the lightest load per
    fte. Each member carries why: ``matched_domains`` (labels), ``load``, ``capacity`` and
    ``has_room``.
    """
    norm = team_norm_get(team=team)
    as_member = _member_counts(team)  # directed: ``open_cases`` of ``team_members``
    wanted = set(domains)
    members = list(team_members(team=team))
    for member in members:
        matched = wanted & FUNCTION_DOMAINS.get(member.function, set())
        member.matched_domains = [
            str(label) for value, label in LifeDomain.choices if value in matched
        ]
        member.domains_asked = bool(wanted)
        member.load = member.open_cases + as_member.get(member.pk, 0)
        member.capacity = _capacity(norm, member.fte)
        member.has_room = member.load < member.capacity
    members.sort(
        key=lambda m: (
            not m.has_room,
            -len(m.matched_domains),
            m.load / float(m.fte) if m.fte else float("inf"),
        )
    )
    return members
