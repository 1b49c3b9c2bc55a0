"""Reads on cases. Every function takes the acting user and returns only what they may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.audit.services import access_log_read
from wijkteam.cases.lifecycle import OPEN_STATES, Status, Transition
from wijkteam.cases.models import Case
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.households.selectors import households_visible_to
from wijkteam.teams.models import Team


def cases_visible_to(*, user: User) -> QuerySet[Case]:
    """The cases of the households ``user`` may see."""
    return Case.objects.filter(household__in=households_visible_to(user=user))


def case_get(*, user: User, pk: int) -> Case:
    case = (
        cases_visible_to(user=user)
        .select_related("household", "team", "director__user", "plan")
        .filter(pk=pk)
        .first()
    )
    access_log_read(
        event="case_viewed",
        object_type="cases.case",
        object_id=pk,
        household_id=case and case.household_id,
    )
    if case is None:
        raise NotFoundOrHidden("not found")
    return case


def caseload_for(*, user: User) -> QuerySet[Case]:
    """Open cases the user directs or works on, most urgent and oldest first."""
    # Directed and worked on as two subqueries in a UNION, each through its own index: one
    # condition ORed over both joins read every open case of the municipality.
    directed = Case.objects.filter(director__user=user).order_by().values("pk")
    worked_on = Case.objects.filter(members__membership__user=user).order_by().values("pk")
    return (
        cases_visible_to(user=user)
        .filter(status__in=OPEN_STATES, pk__in=directed.union(worked_on))
        .select_related("household", "team", "director__user")
        .order_by("-urgency", "registered_at")
    )


def team_inbox(*, user: User, team: Team) -> QuerySet[Case]:
    """New registrations of a team waiting for intake: most urgent first, then longest
    waiting. Empty for a user who is not in the team."""
    return (
        cases_visible_to(user=user)
        .filter(team=team, status=Status.REGISTERED)
        .select_related("household", "registered_by")
        .order_by("-urgency", "registered_at")
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # registration, status, director, contact, assessment, plan, resident_note
    title: str
    detail: str
    by: str
    case_id: int


def _moment_of(day: date, *, recorded: datetime) -> datetime:
    """Where an entry that carries only a date sorts: at the moment it was recorded when that
    was on the same day (so it follows what happened before it that day), else at noon."""
    if timezone.localtime(recorded).date() == day:
        return recorded
    return timezone.make_aware(datetime.combine(day, time(12)))


def household_timeline(*, user: User, household: Household) -> list[TimelineEntry]:
    """Everything that happened around a household, newest first, across its cases.

    A bounded number of queries whatever the history's length: one per kind of event.
    """
    from wijkteam.cases.models import Contact, DirectorAssignment, StatusChange
    from wijkteam.plans.models import PlanRevision
    from wijkteam.residents.models import ResidentNote
    from wijkteam.zrm.models import Assessment

    if not households_visible_to(user=user).filter(pk=household.pk).exists():
        raise NotFoundOrHidden("not found")
    access_log_read(
        event="timeline_viewed",
        object_type="households.household",
        object_id=household.pk,
        household_id=household.pk,
    )
    entries: list[TimelineEntry] = []
    for change in StatusChange.objects.filter(case__household=household).select_related(
        "by", "case"
    ):
        if change.transition == "register":
            kind, title = "registration", _("Question registered")
            detail = change.case.question
        else:
            kind = "status"
            title = f"{Transition(change.transition).label}: {Status(change.to_status).label}"
            detail = change.note
        entries.append(
            TimelineEntry(change.at, kind, title, detail, str(change.by), change.case_id)
        )
    for assignment in DirectorAssignment.objects.filter(case__household=household).select_related(
        "by", "membership__user"
    ):
        entries.append(
            TimelineEntry(
                assignment.started_at,
                "director",
                _("Case director: %(name)s") % {"name": assignment.membership.user},
                assignment.reason,
                str(assignment.by),
                assignment.case_id,
            )
        )
    for contact in Contact.objects.filter(case__household=household).select_related("by"):
        at = _moment_of(contact.date, recorded=contact.created_at)
        entries.append(
            TimelineEntry(
                at,
                "contact",
                _("%(kind)s, %(minutes)s min")
                % {"kind": contact.get_kind_display(), "minutes": contact.duration_minutes},
                contact.note,
                str(contact.by),
                contact.case_id,
            )
        )
    for assessment in Assessment.objects.filter(case__household=household).select_related(
        "created_by"
    ):
        at = _moment_of(assessment.assessed_on, recorded=assessment.created_at)
        entries.append(
            TimelineEntry(
                at,
                "assessment",
                _("ZRM: %(kind)s") % {"kind": assessment.get_kind_display()},
                assessment.note,
                str(assessment.created_by),
                assessment.case_id,
            )
        )
    for revision in PlanRevision.objects.filter(plan__case__household=household).select_related(
        "created_by", "plan"
    ):
        entries.append(
            TimelineEntry(
                revision.created_at,
                "plan",
                _("Plan revision %(number)s") % {"number": revision.number},
                revision.note,
                str(revision.created_by),
                revision.plan.case_id,
            )
        )
    # Notes the resident wrote for the director in their own view (wijkteam.residents).
    for note in ResidentNote.objects.filter(case__household=household).select_related("author"):
        entries.append(
            TimelineEntry(
                note.created_at,
                "resident_note",
                _("Note from the resident"),
                note.text,
                str(note.author),
                note.case_id,
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
