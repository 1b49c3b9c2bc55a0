"""Reads of case conferences and of the balance between meeting time and execution time.

A conference is for the members of its team and for its attendees (also experts from outside
the team). On its agenda, the name of a household is shown only to who may see the household's
file (``households_visible_to``, need-to-know: attendees on the conference day, the case
director and members); others see the references only, and no conclusion text.

Meeting time and execution time (``time_balance_compute``): a conference's duration counts as
meeting time for each attendee; contacts (``cases.Contact``) are execution time, except contacts
of kind *case conference*, which are meetings about a household and count as meeting time.
``time_balance_compute`` takes no user, so a later monitoring page can reuse it behind its own
access rule; ``team_time_balance`` is the one for the team's own pages.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_read, access_log_reads, access_log_record
from wijkteam.cases.models import (
    CaseConference,
    ConclusionAction,
    ConferenceAgendaItem,
    ConferenceConclusion,
    Contact,
    ContactKind,
)
from wijkteam.conferences.services import (
    agenda_case_choices,
    is_outside_expert,
    is_team_member,
)
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Person
from wijkteam.households.selectors import households_visible_to
from wijkteam.teams.models import Membership, Team
from wijkteam.teams.selectors import memberships_of, teams_of


def conferences_visible_to(*, user: User) -> QuerySet[CaseConference]:
    """The conferences of the user's teams, and those they attend."""
    if not user.is_authenticated or not user.is_active:
        return CaseConference.objects.none()
    own = memberships_of(user=user)
    attending = CaseConference.attendees.through.objects.filter(membership__in=own).values(
        "caseconference_id"
    )
    return CaseConference.objects.filter(
        Q(team__in=own.values("team")) | Q(pk__in=attending)
    ).select_related("team", "created_by")


def conference_get(*, user: User, pk: int) -> CaseConference:
    conference = conferences_visible_to(user=user).filter(pk=pk).first()
    if conference is None:
        raise NotFoundOrHidden("not found")
    return conference


def conference_teams_of(*, user: User) -> QuerySet[Team]:
    """The teams whose conferences the user plans: their own active teams."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return teams_of(user=user).order_by("name")


def conference_team_get(*, user: User, pk: int) -> Team:
    team = conference_teams_of(user=user).filter(pk=pk).first()
    if team is None:
        raise NotFoundOrHidden("not found")
    return team


def team_conferences(*, user: User, team: Team, upcoming: bool) -> QuerySet[CaseConference]:
    """A team's conferences with their number of attendees and agenda items: from today on
    (soonest first) or before today (latest first). One query, however many rows."""
    team = conference_team_get(user=user, pk=team.pk)
    today = timezone.localdate()
    conferences = CaseConference.objects.filter(team=team).annotate(
        attendee_count=Count("attendees", distinct=True),
        agenda_count=Count("agenda_items", distinct=True),
    )
    if upcoming:
        return conferences.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk")
    return conferences.filter(held_on__lt=today).order_by("-held_on", "-starts_at", "-pk")


# One conference ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    membership: Membership
    outside: bool


@dataclass
class AgendaRow:
    item: ConferenceAgendaItem
    case_reference: str
    household_reference: str
    visible: bool  # whether the user may see the household's file now
    household_name: str = ""
    director_name: str = ""
    conclusion: ConferenceConclusion | None = None
    history: list[ConferenceConclusion] = field(default_factory=list)  # older, newest first
    actions: list = field(default_factory=list)
    may_write: bool = False


@dataclass
class ConferenceDetail:
    conference: CaseConference
    attendees: list[Attendee]
    rows: list[AgendaRow]
    may_edit: bool
    may_add_to_agenda: bool
    held: bool  # on or after the conference day: conclusions can be written
    outside_experts: bool


def _household_name(members: list[Person]) -> str:
    main = next((person for person in members if person.role == "main"), None)
    person = main or (members[0] if members else None)
    return person.display_name if person else ""


def _conclusions_newest_first() -> Prefetch:
    """An agenda item's conclusions with their writer, the current (newest) first."""
    return Prefetch(
        "conclusions",
        queryset=ConferenceConclusion.objects.select_related("written_by").order_by(
            "-written_at", "-pk"
        ),
    )


def _conclusion_parts(
    item: ConferenceAgendaItem,
) -> tuple[ConferenceConclusion | None, list[ConferenceConclusion], list]:
    """An agenda item's current conclusion, its history (newest first) and the actions of all
    of them, from the prefetch of ``_conclusions_newest_first`` and their action links."""
    conclusions = list(item.conclusions.all())
    actions = [link.action for conclusion in conclusions for link in conclusion.action_links.all()]
    return (conclusions[0] if conclusions else None), conclusions[1:], actions


def agenda_items_with_records(*, conference: CaseConference) -> QuerySet[ConferenceAgendaItem]:
    """The agenda with everything its page shows, in a fixed number of queries."""
    return (
        conference.agenda_items.select_related("case__household", "case__director__user")
        .prefetch_related(
            Prefetch("case__household__members", queryset=Person.objects.order_by("pk")),
            _conclusions_newest_first(),
            Prefetch(
                "conclusions__action_links",
                queryset=ConclusionAction.objects.select_related("action__goal"),
            ),
        )
        .order_by("position", "pk")
    )


def conference_detail(*, user: User, conference: CaseConference) -> ConferenceDetail:
    """A conference's page: attendees, and per agenda item the case, the household's name when
    ``user`` may see its file today, and the conclusion (with its history) and actions."""
    conference = conference_get(user=user, pk=conference.pk)
    attendees = [
        Attendee(m, is_outside_expert(membership=m, team_id=conference.team_id))
        for m in conference.attendees.select_related("user", "team").order_by(
            "user__last_name", "user__first_name", "pk"
        )
    ]
    items = list(agenda_items_with_records(conference=conference))
    visible = set(
        households_visible_to(user=user)
        .filter(pk__in={item.case.household_id for item in items})
        .values_list("pk", flat=True)
    )
    member = is_team_member(user=user, team_id=conference.team_id)
    attending = any(a.membership.user_id == user.pk for a in attendees)
    held = conference.held_on <= timezone.localdate()
    rows = []
    for item in items:
        case = item.case
        row = AgendaRow(
            item=item,
            case_reference=case.reference,
            household_reference=case.household.reference,
            visible=case.household_id in visible,
        )
        if row.visible:
            row.conclusion, row.history, row.actions = _conclusion_parts(item)
            row.household_name = _household_name(list(case.household.members.all()))
            row.director_name = str(case.director.user) if case.director else ""
            row.may_write = held and (member or attending)
        rows.append(row)
    # One entry per agenda item whose file the page shows, written at once (no query per item).
    access_log_reads(
        event="conference_item_viewed",
        object_type="cases.conferenceagendaitem",
        reads=[(row.item.pk, row.item.case.household_id) for row in rows if row.visible],
    )
    access_log_record(
        event="conference_viewed",
        action=LogAction.READ,
        object_type="cases.caseconference",
        object_id=conference.pk,
        result_count=len(items),
    )
    may_add = (
        member
        and conference.held_on >= timezone.localdate()
        and agenda_case_choices(user=user, conference=conference).exists()
    )
    return ConferenceDetail(
        conference=conference,
        attendees=attendees,
        rows=rows,
        may_edit=member,
        may_add_to_agenda=may_add,
        held=held,
        outside_experts=any(a.outside for a in attendees),
    )


def agenda_item_get(*, user: User, pk: int) -> ConferenceAgendaItem:
    """An agenda item of a conference ``user`` may see whose household's file they may see."""
    item = (
        ConferenceAgendaItem.objects.filter(
            conference__in=conferences_visible_to(user=user),
            case__household__in=households_visible_to(user=user),
            pk=pk,
        )
        .select_related("conference__team", "case__household", "case__plan")
        .first()
    )
    access_log_read(
        event="conference_item_viewed",
        object_type="cases.conferenceagendaitem",
        object_id=pk,
        household_id=item and item.case.household_id,
    )
    if item is None:
        raise NotFoundOrHidden("not found")
    return item


@dataclass(frozen=True)
class CaseConclusion:
    conference: CaseConference
    held_on: date
    conclusion: ConferenceConclusion
    history: list[ConferenceConclusion]
    actions: list


def case_conclusions(*, case) -> list[CaseConclusion]:
    """The conferences' conclusions about a case, newest conference first.

    The caller has fetched ``case`` through ``cases.selectors.case_get``, which checked access.
    """
    items = (
        ConferenceAgendaItem.objects.filter(case_id=case.pk)
        .select_related("conference")
        .prefetch_related(
            _conclusions_newest_first(),
            Prefetch(
                "conclusions__action_links",
                queryset=ConclusionAction.objects.select_related("action"),
            ),
        )
        .order_by("-conference__held_on", "-pk")
    )
    found = []
    for item in items:
        conclusion, history, actions = _conclusion_parts(item)
        if conclusion is None:
            continue
        found.append(
            CaseConclusion(
                conference=item.conference,
                held_on=item.conference.held_on,
                conclusion=conclusion,
                history=history,
                actions=actions,
            )
        )
    return found


# Meeting time and execution time ------------------------------------------------------------


@dataclass(frozen=True)
class TimeBalanceRow:
    user_id: int
    name: str
    function: str
    outside: bool
    meeting_minutes: int
    execution_minutes: int

    @property
    def ratio(self) -> float | None:
        return _ratio(self.meeting_minutes, self.execution_minutes)

    @property
    def meeting_share(self) -> int | None:
        return _share(self.meeting_minutes, self.execution_minutes)


@dataclass(frozen=True)
class TimeBalance:
    team: Team
    start: date
    end: date
    conference_count: int
    conference_minutes: int  # the conferences' own durations, not per attendee
    meeting_minutes: int  # per attendee, plus contacts of kind case conference
    execution_minutes: int
    rows: list[TimeBalanceRow]

    @property
    def ratio(self) -> float | None:
        """Meeting minutes per minute of execution; None without execution time."""
        return _ratio(self.meeting_minutes, self.execution_minutes)

    @property
    def meeting_share(self) -> int | None:
        """Meeting time as a whole percentage of all time recorded; None without any."""
        return _share(self.meeting_minutes, self.execution_minutes)


def _ratio(meeting: int, execution: int) -> float | None:
    return round(meeting / execution, 2) if execution else None


def _share(meeting: int, execution: int) -> int | None:
    total = meeting + execution
    return round(100 * meeting / total) if total else None


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month: the default period."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def time_balance_compute(*, team: Team, start: date, end: date) -> TimeBalance:
    """Meeting and execution minutes of a team from ``start`` to ``end`` (both included), per
    person and in total. No access check: callers check who may see it. Four queries."""
    through = CaseConference.attendees.through
    meetings = {
        row["membership__user_id"]: row["minutes"] or 0
        for row in through.objects.filter(
            caseconference__team=team, caseconference__held_on__range=(start, end)
        )
        .values("membership__user_id")
        .annotate(minutes=Sum("caseconference__duration_minutes"))
    }
    conference_kind = Q(kind=ContactKind.CASE_CONFERENCE)
    contacts = {
        row["by_id"]: (row["meeting"] or 0, row["execution"] or 0)
        for row in Contact.objects.filter(case__team=team, date__range=(start, end))
        .values("by_id")
        .annotate(
            meeting=Sum("duration_minutes", filter=conference_kind),
            execution=Sum("duration_minutes", filter=~conference_kind),
        )
    }
    totals = CaseConference.objects.filter(team=team, held_on__range=(start, end)).aggregate(
        count=Count("pk"), minutes=Sum("duration_minutes")
    )
    user_ids = set(meetings) | set(contacts)
    memberships = (
        Membership.objects.filter(
            Q(team=team, is_active=True)
            | Q(user_id__in=user_ids, team=team)
            | Q(user_id__in=user_ids, conferences__team=team)
        )
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name", "pk")
    )
    by_user: dict[int, Membership] = {}
    for membership in memberships:
        # A member's own membership of this team wins over their membership elsewhere.
        if membership.user_id not in by_user or membership.team_id == team.pk:
            by_user[membership.user_id] = membership
    rows = []
    for user_id, membership in by_user.items():
        contact_meeting, execution = contacts.get(user_id, (0, 0))
        rows.append(
            TimeBalanceRow(
                user_id=user_id,
                name=str(membership.user),
                function=membership.get_function_display(),
                outside=is_outside_expert(membership=membership, team_id=team.pk),
                meeting_minutes=meetings.get(user_id, 0) + contact_meeting,
                execution_minutes=execution,
            )
        )
    return TimeBalance(
        team=team,
        start=start,
        end=end,
        conference_count=totals["count"] or 0,
        conference_minutes=totals["minutes"] or 0,
        meeting_minutes=sum(row.meeting_minutes for row in rows),
        execution_minutes=sum(row.execution_minutes for row in rows),
        rows=rows,
    )


def time_minutes_per_team(
    *, teams: QuerySet[Team], start: date, end: date
) -> dict[int, tuple[int, int]]:
    """Meeting and execution minutes from ``start`` to ``end`` (both included) of each of
    ``teams`` that has any, as the time balance counts them: conference minutes per attendee
    and contacts of kind case conference are meeting, all other contacts execution; a contact
    counts for the team its case is in. Two queries, whatever the number of teams (the
    monitoring indicator ``meeting_vs_execution_time``)."""
    through = CaseConference.attendees.through
    minutes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        through.objects.filter(
            caseconference__team__in=teams, caseconference__held_on__range=(start, end)
        )
        .order_by()
        .values("caseconference__team_id")
        .annotate(minutes=Sum("caseconference__duration_minutes"))
    ):
        minutes[row["caseconference__team_id"]][0] += row["minutes"] or 0
    conference_kind = Q(kind=ContactKind.CASE_CONFERENCE)
    for row in (
        Contact.objects.filter(case__team__in=teams, date__range=(start, end))
        .order_by()
        .values("case__team_id")
        .annotate(
            meeting=Sum("duration_minutes", filter=conference_kind),
            execution=Sum("duration_minutes", filter=~conference_kind),
        )
    ):
        minutes[row["case__team_id"]][0] += row["meeting"] or 0
        minutes[row["case__team_id"]][1] += row["execution"] or 0
    return {pk: (meeting, execution) for pk, (meeting, execution) in minutes.items()}


def team_time_balance(*, user: User, team: Team, start: date, end: date) -> TimeBalance:
    """The balance for the team's own members (and its coordinator): 404 for anyone else."""
    if not is_team_member(user=user, team_id=team.pk):
        raise NotFoundOrHidden("not found")
    return time_balance_compute(team=team, start=start, end=end)
