"""Writes of case conferences: plan and edit a conference, put cases on its agenda, write the
conclusion per agenda item and the plan actions it leads to.

The models live in ``wijkteam.cases.models`` (``CaseConference``, ``ConferenceAgendaItem``,
``ConferenceConclusion``, ``ConclusionAction``) because the need-to-know rule reads them.

Outside experts: an attendee who is an expert member (``Membership.is_expert``, e.g. the CJG
coach) or a member of another team is from outside the team. On the conference day they see the
files of the cases on the agenda, so the household's data goes to them: adding such an attendee
calls ``sharing_require`` for every household on the agenda, and putting a case on the agenda of
a conference with outside experts calls it for that household. A refusal (409
``sharing_refused``) leaves nothing changed; the team coordinator may give a reason to share
without a ground, which ``wijkteam.sharing`` records.
"""

from __future__ import annotations

import logging
from datetime import date, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case as DbCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import (
    Case,
    CaseConference,
    ConclusionAction,
    ConferenceAgendaItem,
    ConferenceConclusion,
)
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.selectors import households_visible_to
from wijkteam.plans.models import Action, Goal
from wijkteam.plans.services import action_add
from wijkteam.rights.services import household_require_unrestricted
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.services import sharing_require
from wijkteam.teams.models import Membership, Team
from wijkteam.teams.selectors import memberships_of

logger = logging.getLogger(__name__)

MIN_DURATION = 5
MAX_DURATION = 8 * 60
CONCLUSION_MAX_LENGTH = 1000
# How far ahead or back a conference may be planned or recorded.
PLAN_HORIZON = timedelta(days=366)


# Who ------------------------------------------------------------------------------------------


def is_team_member(*, user: User, team_id: int) -> bool:
    return user.is_active and memberships_of(user=user).filter(team_id=team_id).exists()


def is_outside_expert(*, membership: Membership, team_id: int) -> bool:
    """An expert member (e.g. the CJG coach) or a member of another team: not part of the
    team's base composition, so sharing with them needs a ground."""
    return membership.is_expert or membership.team_id != team_id


def attendee_choices(*, team: Team) -> QuerySet[Membership]:
    """Who can attend a team's conference: its active members, and active expert members of
    other teams."""
    return (
        Membership.objects.filter(is_active=True)
        .filter(Q(team=team) | Q(is_expert=True))
        .select_related("user", "team")
        .annotate(
            other_team=DbCase(
                When(team=team, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("other_team", "user__last_name", "user__first_name", "pk")
    )


def _require_member(*, actor: User, team_id: int) -> None:
    if not is_team_member(user=actor, team_id=team_id):
        raise Forbidden(
            _("Only members of the team plan its case conferences."), code="not_allowed"
        )


# Planning -------------------------------------------------------------------------------------


def _clean_planning(
    *, held_on: date | None, starts_at: time | None, duration_minutes: int | None
) -> None:
    if held_on is None:
        raise DomainError(_("Enter the date of the conference."), code="required", field="held_on")
    today = timezone.localdate()
    if not today - PLAN_HORIZON <= held_on <= today + PLAN_HORIZON:
        raise DomainError(
            _("Choose a date within a year from today."), code="invalid_date", field="held_on"
        )
    if starts_at is None:
        raise DomainError(_("Enter the start time."), code="required", field="starts_at")
    if duration_minutes is None or not MIN_DURATION <= int(duration_minutes) <= MAX_DURATION:
        raise DomainError(
            _("Enter a duration between %(min)s and %(max)s minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION},
            code="invalid_duration",
            field="duration_minutes",
        )


def _clean_attendees(*, team: Team, attendees: list[Membership]) -> list[Membership]:
    allowed = set(attendee_choices(team=team).values_list("pk", flat=True))
    for membership in attendees:
        if membership.pk not in allowed:
            raise DomainError(
                _("Choose attendees from the team, or expert members of other teams."),
                code="invalid_attendee",
                field="attendees",
            )
    return list({membership.pk: membership for membership in attendees}.values())


def _share_with_experts(
    *, actor: User, conference: CaseConference, cases: list[Case], override_reason: str
) -> None:
    """Check (or, for the coordinator with a reason, record) the ground for sharing every
    household of ``cases`` with the conference's outside experts."""
    seen: set[int] = set()
    for case in cases:
        if case.household_id in seen:
            continue
        seen.add(case.household_id)
        sharing_require(
            actor=actor,
            household=case.household,
            party=Party.CASE_CONFERENCE,
            purpose=Purpose.CASE_CONFERENCE,
            action="conference_expert_add",
            override_reason=override_reason,
        )


def _has_outside_experts(conference: CaseConference) -> bool:
    return any(
        is_outside_expert(membership=membership, team_id=conference.team_id)
        for membership in conference.attendees.all()
    )


@transaction.atomic
def conference_create(
    *,
    actor: User,
    team: Team,
    held_on: date,
    starts_at: time,
    duration_minutes: int,
    attendees: list[Membership] = (),
) -> CaseConference:
    """Plan a conference of ``team``, by one of its members. Its agenda starts empty, so adding
    outside experts now shares nothing yet."""
    _require_member(actor=actor, team_id=team.pk)
    _clean_planning(held_on=held_on, starts_at=starts_at, duration_minutes=duration_minutes)
    attendees = _clean_attendees(team=team, attendees=list(attendees))
    conference = CaseConference.objects.create(
        team=team,
        held_on=held_on,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        created_by=actor,
    )
    conference.attendees.set(attendees)
    logger.info("conference_planned conference=%s team=%s", conference.pk, team.pk)
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: User,
    conference: CaseConference,
    held_on: date,
    starts_at: time,
    duration_minutes: int,
    attendees: list[Membership],
    expected_version: int | None,
    override_reason: str = "",
) -> CaseConference:
    """Change the date, time, duration or attendees; 409 on a stale version. Outside experts who
    are new to the conference need a ground for every household on its agenda."""
    _require_member(actor=actor, team_id=conference.team_id)
    _clean_planning(held_on=held_on, starts_at=starts_at, duration_minutes=duration_minutes)
    attendees = _clean_attendees(team=conference.team, attendees=list(attendees))
    before = set(conference.attendees.values_list("pk", flat=True))
    new_experts = [
        m
        for m in attendees
        if m.pk not in before and is_outside_expert(membership=m, team_id=conference.team_id)
    ]
    conference = update_versioned(
        conference,
        expected_version=expected_version,
        fields={"held_on": held_on, "starts_at": starts_at, "duration_minutes": duration_minutes},
    )
    if new_experts:
        cases = list(conference.cases.select_related("household"))
        _share_with_experts(
            actor=actor, conference=conference, cases=cases, override_reason=override_reason
        )
    conference.attendees.set(attendees)
    logger.info(
        "conference_updated conference=%s outside_experts_added=%s",
        conference.pk,
        len(new_experts),
    )
    return conference


# The agenda -----------------------------------------------------------------------------------


def agenda_case_choices(*, user: User, conference: CaseConference) -> QuerySet[Case]:
    """The cases ``user`` may put on the agenda: open cases of the conference's team that they
    direct; for the team coordinator, every open case of the team (known to the team, by
    reference). Cases already on the agenda are left out."""
    cases = (
        Case.objects.filter(team_id=conference.team_id, status__in=OPEN_STATES)
        .exclude(agenda_items__conference=conference)
        .select_related("household", "director__user")
        .order_by("registered_at", "pk")
    )
    if is_coordinator_of(user=user, team=conference.team_id):
        return cases
    return cases.filter(director__user=user, director__is_active=True)


@transaction.atomic
def agenda_item_add(
    *, actor: User, conference: CaseConference, case: Case, override_reason: str = ""
) -> ConferenceAgendaItem:
    """Put a case on the agenda: its case director, or the team coordinator. Only before or on
    the conference day; with outside experts attending, the household's data needs a ground."""
    conference = CaseConference.objects.select_for_update().get(pk=conference.pk)
    if case.team_id != conference.team_id or not case.is_open:
        raise DomainError(
            _("Choose an open case of the conference's team."), code="invalid_case", field="case"
        )
    if not agenda_case_choices(user=actor, conference=conference).filter(pk=case.pk).exists():
        if conference.agenda_items.filter(case=case).exists():
            raise ConflictError(
                _("This case is already on the agenda."), code="already_on_agenda", field="case"
            )
        raise Forbidden(
            _("The case director or the team coordinator puts a case on the agenda."),
            code="not_allowed",
        )
    if conference.held_on < timezone.localdate():
        raise ConflictError(
            _("This conference has taken place: its agenda can no longer change."),
            code="conference_past",
        )
    household_require_unrestricted(household_id=case.household_id)
    if _has_outside_experts(conference):
        sharing_require(
            actor=actor,
            household=case.household,
            party=Party.CASE_CONFERENCE,
            purpose=Purpose.CASE_CONFERENCE,
            action="conference_agenda_add",
            override_reason=override_reason,
        )
    position = conference.agenda_items.count() + 1
    try:
        with transaction.atomic():
            item = ConferenceAgendaItem.objects.create(
                conference=conference, case=case, position=position, added_by=actor
            )
    except IntegrityError:
        raise ConflictError(
            _("This case is already on the agenda."), code="already_on_agenda", field="case"
        ) from None
    logger.info("conference_agenda_added conference=%s item=%s", conference.pk, item.pk)
    return item


# Conclusions and actions ----------------------------------------------------------------------


def _require_writer(*, actor: User, item: ConferenceAgendaItem) -> None:
    """Who writes about an agenda item: someone who sees the household's file now (attendees on
    the day, the case director and members after it) and is in the team or attended; only on or
    after the conference day."""
    conference = item.conference
    if not households_visible_to(user=actor).filter(pk=item.case.household_id).exists():
        raise NotFoundOrHidden("not found")
    attended = conference.attendees.filter(user=actor, is_active=True).exists()
    if not attended and not is_team_member(user=actor, team_id=conference.team_id):
        raise NotFoundOrHidden("not found")
    if conference.held_on > timezone.localdate():
        raise ConflictError(
            _("A conclusion is written at or after the conference, not before."),
            code="conference_not_held",
        )


@transaction.atomic
def conclusion_add(*, actor: User, item: ConferenceAgendaItem, text: str) -> ConferenceConclusion:
    """Write (or rewrite) the conclusion about an agenda item. Appended: an earlier conclusion
    stays as history, the newest one counts."""
    _require_writer(actor=actor, item=item)
    household_require_unrestricted(household_id=item.case.household_id)
    text = (text or "").strip()
    if not text:
        raise DomainError(
            _("Write the conclusion down in a few sentences."), code="required", field="text"
        )
    if len(text) > CONCLUSION_MAX_LENGTH:
        raise DomainError(
            _("Keep the conclusion short: at most %(max)s characters.")
            % {"max": CONCLUSION_MAX_LENGTH},
            code="too_long",
            field="text",
        )
    conclusion = ConferenceConclusion.objects.create(item=item, text=text, written_by=actor)
    logger.info("conference_conclusion_written item=%s conclusion=%s", item.pk, conclusion.pk)
    return conclusion


@transaction.atomic
def conclusion_action_add(
    *,
    actor: User,
    item: ConferenceAgendaItem,
    goal: Goal | None,
    description: str,
    step: int,
    performer: str,
    performer_name: str = "",
    due_date: date | None = None,
    step_reason: str = "",
    is_fast_track: bool = False,
) -> Action:
    """A plan action that the conclusion leads to, added to a goal of the case's plan through
    ``plans.services.action_add`` (its rules: stepped care, plan editable in intake and while
    active) and linked to the current conclusion."""
    _require_writer(actor=actor, item=item)
    conclusion = item.conclusions.order_by("-written_at", "-pk").first()
    if conclusion is None:
        raise ConflictError(
            _("Write the conclusion first; the actions follow from it."),
            code="conclusion_required",
        )
    if goal is None or goal.plan.case_id != item.case_id:
        raise DomainError(
            _("Choose a goal of this case's plan. A case without goals gets one on its case page."),
            code="goal_required",
            field="goal",
        )
    action = action_add(
        actor=actor,
        goal=goal,
        description=description,
        step=step,
        performer=performer,
        performer_name=performer_name or "",
        due_date=due_date,
        step_reason=step_reason,
        is_fast_track=is_fast_track,
    )
    ConclusionAction.objects.create(conclusion=conclusion, action=action)
    logger.info("conference_action_added item=%s action=%s", item.pk, action.pk)
    return action
