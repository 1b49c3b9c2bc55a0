"""Reads for the rights of the person: the subject-access export (AVG art. 15), the history of
rectifications, and whether a file is restricted or erased.

The export is deliberately built here from the models, not from the other selectors: those log
their own reads, and one export is one entry in the access log.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.audit.models import AccessLogEntry, LogAction, LogResult
from wijkteam.audit.services import access_log_record
from wijkteam.cases.lifecycle import OPEN_STATES, REASONS, Status
from wijkteam.cases.models import Case
from wijkteam.core.domains import domain_labels
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.selectors import households_visible_to
from wijkteam.rights.models import Erasure, Rectification, Restriction

EXPORT_FORMAT = "wijkteam-subject-access/1"


# Who may -----------------------------------------------------------------------------------------


def may_manage_rights(*, user: User, household: Household) -> bool:
    """Restricting processing and erasing are for the case director (of the open case, or of
    the latest one when none is open), who sees the file, and for the coordinators of the
    household's team, who handle requests about files nobody is on any more (a registration
    stopped in the inbox, a case closed years ago)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_coordinator_of(user=user, team=household.team_id):
        return True
    if not households_visible_to(user=user).filter(pk=household.pk).exists():
        return False
    cases = Case.objects.filter(household=household, team=household.team)
    case = cases.filter(status__in=OPEN_STATES).first() or cases.order_by("-registered_at").first()
    return bool(case and case.director_id and case.director.user_id == user.pk)


def _is_residents_own(*, user: User, person: Person) -> bool:
    from wijkteam.residents.models import ResidentAccount
    from wijkteam.residents.selectors import resident_household_of

    household = resident_household_of(user=user)
    if household is None or household.pk != person.household_id:
        return False
    # A resident exports their own data only, not that of the others in the household.
    return ResidentAccount.objects.filter(user=user, person_id=person.pk).exists()


def may_export(*, user: User, person: Person) -> bool:
    """Who may request a person's subject-access export: whoever sees the household's file (the
    case director handles such a request) and the resident, for themself."""
    if not user.is_authenticated or not user.is_active:
        return False
    if households_visible_to(user=user).filter(pk=person.household_id).exists():
        return True
    return _is_residents_own(user=user, person=person)


# Restriction and erasure status -----------------------------------------------------------------


def household_restriction(*, household: Household) -> Restriction | None:
    """The restriction in force, if any. The caller has checked that the user sees the file."""
    return (
        Restriction.objects.filter(household=household, lifted_at__isnull=True)
        .select_related("started_by")
        .first()
    )


def household_erasure(*, household: Household) -> Erasure | None:
    return Erasure.objects.filter(household_id=household.pk).first()


def rectifications_of(
    *, user: User, person: Person | None = None, household: Household | None = None
) -> QuerySet[Rectification]:
    """The history of a person's details (or, with ``household`` only, of the address), for a
    user who sees the household's file; empty for anyone else."""
    household_id = person.household_id if person is not None else household.pk
    if not households_visible_to(user=user).filter(pk=household_id).exists():
        return Rectification.objects.none()
    history = Rectification.objects.filter(household_id=household_id).select_related("by")
    return history.filter(person=person) if person is not None else history.filter(person=None)


# The export --------------------------------------------------------------------------------------


def subject_access_export_for(*, user: User, person_id: int) -> dict[str, Any]:
    """The export of person ``person_id`` for ``user``, or ``NotFoundOrHidden`` (logged as such,
    the same for a missing and a hidden person)."""
    person = Person.objects.select_related("household").filter(pk=person_id).first()
    if person is None:
        _log_export(person_id=person_id, household_id=None)
        raise NotFoundOrHidden("not found")
    return subject_access_export(user=user, person=person)


def _log_export(*, person_id: int, household_id: int | None) -> None:
    access_log_record(
        event="subject_access_export",
        action=LogAction.READ,
        object_type="households.person",
        object_id=person_id,
        household_id=household_id,
        result=LogResult.OK if household_id is not None else LogResult.NOT_FOUND,
    )


def subject_access_export(*, user: User, person: Person) -> dict[str, Any]:
    """Everything held about ``person`` and their household (AVG art. 15), as one dict of plain
    values (dates as ``date``/``datetime``): the HTML page and the JSON download render it.

    Other members of the household appear only by their role ("household member (partner)"):
    their details are their own personal data. Goals and ZRM assessments about another member
    are left out; those about the person or the household as a whole are in. Free texts
    (questions, notes) are in as written: the case director reads the export before handing it
    over and blacks out what is only about someone else (docs/privacy.md §7).
    """
    if not may_export(user=user, person=person):
        _log_export(person_id=person.pk, household_id=None)
        raise NotFoundOrHidden("not found")
    _log_export(person_id=person.pk, household_id=person.household_id)
    household = Household.objects.select_related("team", "neighbourhood").get(
        pk=person.household_id
    )
    others = {
        other.pk: _member_label(other.role) for other in household.members.exclude(pk=person.pk)
    }
    about = _about(person_id=person.pk, others=others)
    cases = list(
        Case.objects.filter(household=household)
        .select_related("team", "registered_by")
        .order_by("registered_at", "pk")
    )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "generated_for_person_id": person.pk,
        "person": _person(person),
        "household": {
            "id": household.pk,
            "reference": household.reference,
            "street": household.street,
            "house_number": household.house_number,
            "house_number_suffix": household.house_number_suffix,
            "postcode": household.postcode,
            "city": household.city,
            "address": household.address_line,
            "neighbourhood": household.neighbourhood.name if household.neighbourhood else "",
            "team": {
                "name": household.team.name,
                "phone": household.team.phone,
                "email": household.team.email,
            },
            "created_at": household.created_at,
            "other_members": [
                {"role": other.role, "description": others[other.pk]}
                for other in household.members.exclude(pk=person.pk)
            ],
        },
        "cases": [_case(case, person_id=person.pk, about=about) for case in cases],
        "rectifications": [
            _rectification(row)
            for row in Rectification.objects.filter(household=household)
            .filter(Q(person=person) | Q(person__isnull=True))
            .select_related("by")
            .order_by("at", "pk")
        ],
        "restrictions": [
            {
                "since": row.started_at,
                "by": _name(row.started_by),
                "reason": row.reason,
                "lifted_at": row.lifted_at,
                "lifted_by": _name(row.lifted_by),
                "lift_reason": row.lift_reason,
            }
            for row in Restriction.objects.filter(household=household)
            .select_related("started_by", "lifted_by")
            .order_by("started_at", "pk")
        ],
        "sharing": _sharing(household, about=about),
        "emergency_access": _emergency_access(household),
        "access_log": [
            {
                "at": entry.at,
                "by": _name(entry.actor) if entry.actor else entry.actor_username or _("system"),
                "event": entry.event,
                "event_label": _event_label(entry.event),
                "action": entry.action,
                "action_label": str(entry.get_action_display()),
                "channel": entry.channel,
                "result": entry.result,
            }
            for entry in AccessLogEntry.objects.filter(household_id=household.pk)
            .select_related("actor")
            .order_by("at", "id")
        ],
    }


def _event_label(event: str) -> str:
    """What an access-log event means, in the words of the resident's own view."""
    from wijkteam.residents.selectors import EVENT_TEXTS

    return str(EVENT_TEXTS.get(event, event.replace("_", " ")))


def _member_label(role: str) -> str:
    return _("household member (%(role)s)") % {"role": HouseholdRole(role).label.lower()}


def _about(*, person_id: int, others: dict[int, str]) -> Any:
    """Whom a goal, an assessment or a consent is about, as the export names it."""

    def label(about_id: int | None) -> str | None:
        if about_id is None:
            return _("the household")
        if about_id == person_id:
            return _("you")
        return others.get(about_id)  # another member: left out by the callers

    return label


def _name(user: User | None) -> str:
    return str(user) if user is not None else ""


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "role": person.role,
        "role_label": str(person.get_role_display()),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "bsn": person.bsn,
        "phone": person.phone,
        "email": person.email,
        "recorded_at": person.created_at,
    }


def _case(case: Case, *, person_id: int, about: Any) -> dict[str, Any]:
    from wijkteam.plans.models import Goal, Plan
    from wijkteam.zrm.models import Assessment

    # About the person or the household as a whole; not about another member.
    mine = Q(person_id=person_id) | Q(person__isnull=True)
    goals = (
        Goal.objects.filter(mine, plan__case=case)
        .prefetch_related("actions")
        .order_by("created_at", "pk")
    )
    assessments = (
        Assessment.objects.filter(mine, case=case)
        .prefetch_related("scores")
        .select_related("created_by")
        .order_by("assessed_on", "pk")
    )
    plan = Plan.objects.filter(case=case).first()
    status_changes = list(case.status_changes.select_related("by").order_by("at", "pk"))
    conferences = list(case.conferences.order_by("held_on")) if hasattr(case, "conferences") else []
    return {
        "id": case.pk,
        "reference": case.reference,
        "team": case.team.name,
        "status": case.status,
        "status_label": str(Status(case.status).label),
        "registered_at": case.registered_at,
        "registered_by": _name(case.registered_by),
        "closed_at": case.closed_at,
        "question": case.question,
        "source": case.source,
        "source_label": str(case.get_source_display()),
        "channel": case.channel,
        "channel_label": str(case.get_channel_display()),
        "domains": list(case.domains or []),
        "domain_labels": domain_labels(list(case.domains or [])),
        "themes": [row.theme.name for row in case.case_themes.select_related("theme")],
        "urgency": case.urgency,
        "urgency_label": str(case.get_urgency_display()),
        "status_history": [
            {
                "at": change.at,
                "transition": change.transition,
                "transition_label": str(change.get_transition_display()),
                "from": change.from_status,
                "to": change.to_status,
                "to_label": str(Status(change.to_status).label),
                "reason": change.reason,
                "reason_label": _reason_label(change.transition, change.reason),
                "note": change.note,
                "by": _name(change.by),
            }
            for change in status_changes
        ],
        "directors": [
            {
                "name": _name(assignment.membership.user),
                "from": assignment.started_at,
                "until": assignment.ended_at,
                "reason": assignment.reason,
            }
            for assignment in case.director_history.select_related("membership__user").order_by(
                "started_at", "pk"
            )
        ],
        "case_conferences": [{"held_on": conference.held_on} for conference in conferences],
        "own_notes": _own_notes(case, person_id=person_id),
        "plan": {
            "goals": [
                {
                    "domain": goal.domain,
                    "domain_label": str(goal.get_domain_display()),
                    "about": about(goal.person_id),
                    "description": goal.description,
                    "outcome": goal.outcome,
                    "outcome_label": str(goal.get_outcome_display()) if goal.outcome else "",
                    "outcome_note": goal.outcome_note,
                    "recorded_at": goal.created_at,
                    "actions": [
                        {
                            "description": action.description,
                            "step": action.step,
                            "step_label": str(action.get_step_display()),
                            "performer": action.performer,
                            "performer_label": str(action.get_performer_display()),
                            "performer_name": action.performer_name,
                            "due_date": action.due_date,
                            "status": action.status,
                            "status_label": str(action.get_status_display()),
                            "step_reason": action.step_reason,
                            "is_fast_track": action.is_fast_track,
                        }
                        for action in goal.actions.all()
                    ],
                }
                for goal in goals
            ],
            "revisions": [
                {"number": revision.number, "at": revision.created_at, "note": revision.note}
                for revision in (plan.revisions.order_by("number") if plan else [])
            ],
        },
        "zrm_assessments": [
            {
                "assessed_on": assessment.assessed_on,
                "kind": assessment.kind,
                "kind_label": str(assessment.get_kind_display()),
                "about": about(assessment.person_id),
                "scores": {score.domain: score.score for score in assessment.scores.all()},
                "score_labels": [
                    {"domain": str(score.get_domain_display()), "score": score.score}
                    for score in assessment.scores.all()
                ],
                "note": assessment.note,
                "by": _name(assessment.created_by),
            }
            for assessment in assessments
        ],
        "contacts": [
            {
                "date": contact.date,
                "kind": contact.kind,
                "kind_label": str(contact.get_kind_display()),
                "duration_minutes": contact.duration_minutes,
                "note": contact.note,
                "by": _name(contact.by),
            }
            for contact in case.contacts.select_related("by").order_by("date", "created_at")
        ],
    }


def _own_notes(case: Case, *, person_id: int) -> list[dict[str, Any]]:
    """Notes the person wrote for their case director in their own view, when that app is
    installed; another member's notes are theirs."""
    try:
        note_model = apps.get_model("residents", "ResidentNote")
        account_model = apps.get_model("residents", "ResidentAccount")
    except LookupError:
        return []
    authors = account_model.objects.filter(person_id=person_id).values("user_id")
    return [
        {"at": note.created_at, "text": note.text}
        for note in note_model.objects.filter(case=case, author_id__in=authors).order_by(
            "created_at", "pk"
        )
    ]


def _reason_label(transition: str, reason: str) -> str:
    choices = REASONS.get(transition)
    if choices and reason in choices.values:
        return str(choices(reason).label)
    return ""


def _rectification(row: Rectification) -> dict[str, Any]:
    return {
        "at": row.at,
        "about": _("address") if row.person_id is None else _("you"),
        "field": row.field,
        "old_value": row.old_value,
        "new_value": row.new_value,
        "reason": row.reason,
        "by": _name(row.by),
    }


def _sharing(household: Household, *, about: Any) -> list[dict[str, Any]]:
    """The grounds for sharing of the household, when that app is installed."""
    try:
        ground_model = apps.get_model("sharing", "SharingGround")
    except LookupError:
        return []
    rows = []
    for ground in ground_model.objects.filter(household=household).order_by("pk"):
        consent_by = getattr(ground, "consent_by_id", None)
        rows.append(
            {
                "party": str(ground.get_party_display()),
                "party_name": getattr(ground, "party_name", ""),
                "purpose": str(ground.get_purpose_display()),
                "purpose_detail": getattr(ground, "purpose_detail", ""),
                "basis": str(ground.get_basis_display()),
                "consent_given_on": getattr(ground, "consent_given_on", None),
                "consent_by": about(consent_by) if consent_by else None,
                "consent_scope": getattr(ground, "consent_scope", ""),
                "legal_task": getattr(ground, "legal_task_label", ""),
                "recorded_at": getattr(ground, "recorded_at", None),
                "withdrawn_at": getattr(ground, "withdrawn_at", None),
                "withdrawal_reason": getattr(ground, "withdrawal_reason", ""),
            }
        )
    try:
        override_model = apps.get_model("sharing", "SharingOverride")
    except LookupError:
        return rows
    for override in override_model.objects.filter(household=household).order_by("pk"):
        rows.append(
            {
                "party": str(override.get_party_display()),
                "purpose": str(override.get_purpose_display()),
                "basis": _("without a ground, by decision of the team coordinator"),
                "reason": getattr(override, "reason", ""),
                "recorded_at": getattr(override, "at", None),
            }
        )
    return rows


def _emergency_access(household: Household) -> list[dict[str, Any]]:
    try:
        model = apps.get_model("access", "EmergencyAccess")
    except LookupError:
        return []
    return [
        {
            "by": _name(row.user),
            "started_at": row.started_at,
            "expires_at": row.expires_at,
            "ended_at": row.ended_at,
            "reason": row.reason,
        }
        for row in model.objects.filter(household=household).select_related("user")
    ]
