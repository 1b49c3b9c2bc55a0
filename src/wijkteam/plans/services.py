"""Writes on plans: goals, actions under stepped care, revisions."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.models import Person
from wijkteam.plans.models import (
    Action,
    ActionStatus,
    Goal,
    Performer,
    Plan,
    PlanRevision,
    Step,
)
from wijkteam.rights.services import household_require_unrestricted

if TYPE_CHECKING:
    from wijkteam.community.models import CollectiveActivity
    from wijkteam.socialmap.models import Provision

logger = logging.getLogger(__name__)

EDITABLE_STATES = {Status.INTAKE, Status.PLAN_ACTIVE}


def plan_get_or_create(*, case: Case) -> Plan:
    plan, _created = Plan.objects.get_or_create(case=case)
    return plan


def _plan_editable(case: Case) -> None:
    # Every write on a plan starts here: a restricted file (AVG art. 18) is refused first.
    household_require_unrestricted(household_id=case.household_id)
    if case.status not in EDITABLE_STATES:
        raise ConflictError(
            _("The plan can be changed during intake and while it is active."),
            code="plan_not_editable",
        )


def goal_add(
    *,
    actor: User,
    case: Case,
    domain: str,
    description: str,
    person: Person | None = None,
    proposed_by_resident: bool = False,
) -> Goal:
    """A goal on one life domain, in the resident's own words; ``proposed_by_resident`` when the
    resident wrote it themselves (``wijkteam.residents``)."""
    _plan_editable(case)
    if domain not in LifeDomain.values:
        raise DomainError(_("Choose a life domain."), code="invalid_domain", field="domain")
    if not (description or "").strip():
        raise DomainError(
            _("Write the goal down, in the resident's words."), code="required", field="description"
        )
    if person is not None and person.household_id != case.household_id:
        raise DomainError(
            _("That person is not a member of this household."),
            code="invalid_person",
            field="person",
        )
    goal = Goal.objects.create(
        plan=plan_get_or_create(case=case),
        domain=domain,
        description=description.strip(),
        person=person,
        created_by=actor,
        proposed_by_resident=proposed_by_resident,
    )
    logger.info(
        "goal_added case=%s domain=%s by_resident=%s", case.pk, domain, proposed_by_resident
    )
    return goal


def step_reason_required(*, goal: Goal, step: int) -> bool:
    """Stepped care: a step above every step tried for this goal (or above step 1 when nothing
    was tried yet) needs a short reason."""
    highest = goal.actions.aggregate(highest=Max("step"))["highest"] or Step.OWN_STRENGTH
    return step > highest


def action_add(
    *,
    actor: User,
    goal: Goal,
    description: str,
    step: int,
    performer: str,
    performer_name: str = "",
    due_date: date | None = None,
    step_reason: str = "",
    is_fast_track: bool = False,
    provision: Provision | None = None,
    collective_activity: CollectiveActivity | None = None,
) -> Action:
    """An action towards a goal at a stepped-care level.

    A higher step than tried before needs a reason; the urgent fast track goes straight to step
    4 and always states why, so fast specialist help is possible without bureaucracy but never
    without a recorded reason. ``provision`` links a provision of the social map; the action is
    then at the provision's step. ``collective_activity`` points the action to a collective
    activity of community work of the case's team (``wijkteam.community``), at step 2 or 3 only.
    """
    _plan_editable(goal.plan.case)
    if step not in Step.values:
        raise DomainError(_("Choose a step from 1 to 4."), code="invalid_step", field="step")
    if collective_activity is not None:
        _collective_activity_check(goal=goal, step=step, activity=collective_activity)
    if provision is not None:
        if not provision.is_active:
            raise DomainError(
                _("This provision is no longer offered. Choose another one."),
                code="provision_inactive",
                field="provision",
            )
        if step != provision.step:
            raise DomainError(
                _("“%(name)s” is at step %(step)s. Choose that step, or another provision.")
                % {"name": provision.name, "step": provision.step},
                code="step_not_provision",
                field="step",
            )
    if performer not in Performer.values:
        raise DomainError(_("Choose who does it."), code="invalid_performer", field="performer")
    if not (description or "").strip():
        raise DomainError(_("Describe what will be done."), code="required", field="description")
    if is_fast_track and step != Step.TAILORED:
        raise DomainError(
            _("The urgent fast track goes straight to step 4."),
            code="fast_track_step",
            field="step",
        )
    step_reason = (step_reason or "").strip()
    if (is_fast_track or step_reason_required(goal=goal, step=step)) and not step_reason:
        message = (
            _("Say why this is urgent enough for the fast track.")
            if is_fast_track
            else _(
                "This is a higher step than tried so far for this goal. Say briefly "
                "why a lower step will not do."
            )
        )
        raise DomainError(message, code="step_reason_required", field="step_reason")
    if due_date and due_date < timezone.localdate():
        raise DomainError(
            _("The due date lies in the past."), code="date_in_past", field="due_date"
        )
    action = Action.objects.create(
        goal=goal,
        description=description.strip(),
        step=step,
        performer=performer,
        performer_name=performer_name.strip(),
        due_date=due_date,
        step_reason=step_reason,
        is_fast_track=is_fast_track,
        provision=provision,
        collective_activity=collective_activity,
        created_by=actor,
    )
    logger.info(
        "action_added case=%s step=%s fast_track=%s provision=%s activity=%s",
        goal.plan.case_id,
        step,
        is_fast_track,
        provision.pk if provision else None,
        collective_activity.pk if collective_activity else None,
    )
    return action


# The steps at which an action may join a collective activity: the network and general
# provisions, where a group or neighbourhood activity is the answer (the database checks it too).
COLLECTIVE_STEPS = (Step.NETWORK, Step.GENERAL_PROVISION)


def _collective_activity_check(*, goal: Goal, step: int, activity: CollectiveActivity) -> None:
    """A collective activity only at step 2 or 3, of the case's own team, and not ended."""
    from wijkteam.community.models import ActivityStatus

    if step not in COLLECTIVE_STEPS:
        raise DomainError(
            _("A collective activity fits an action at step 2 or 3 only."),
            code="collective_activity_step",
            field="collective_activity",
        )
    if activity.team_id != goal.plan.case.team_id:
        raise DomainError(
            _("Choose a collective activity of the case's own team."),
            code="collective_activity_other_team",
            field="collective_activity",
        )
    if activity.status == ActivityStatus.ENDED:
        raise DomainError(
            _("This collective activity has ended. Choose another one."),
            code="collective_activity_ended",
            field="collective_activity",
        )


def action_set_status(
    *, actor: User, action: Action, status: str, expected_version: int | None
) -> Action:
    _plan_editable(action.goal.plan.case)
    if status not in ActionStatus.values:
        raise DomainError(_("Unknown status."), code="invalid_status", field="status")
    return update_versioned(action, expected_version=expected_version, fields={"status": status})


def _snapshot(plan: Plan) -> dict:
    goals = plan.goals.prefetch_related("actions").order_by("created_at", "pk")
    return {
        "goals": [
            {
                "id": goal.pk,
                "domain": goal.domain,
                "description": goal.description,
                "person_id": goal.person_id,
                "outcome": goal.outcome,
                "actions": [
                    {
                        "id": action.pk,
                        "description": action.description,
                        "step": action.step,
                        "performer": action.performer,
                        "performer_name": action.performer_name,
                        "due_date": action.due_date.isoformat() if action.due_date else None,
                        "status": action.status,
                        "step_reason": action.step_reason,
                        "is_fast_track": action.is_fast_track,
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in goals
        ]
    }


def plan_revision_create(*, actor: User, plan: Plan, note: str = "") -> PlanRevision:
    """Keep the plan as it stands now as the next numbered revision."""
    for _attempt in range(3):
        number = (plan.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return PlanRevision.objects.create(
                    plan=plan,
                    number=number,
                    snapshot=_snapshot(plan),
                    note=(note or "").strip(),
                    created_by=actor,
                )
        except IntegrityError:  # someone recorded a revision at the same moment: next number
            continue
    raise ConflictError(
        _("The plan is being changed by someone else. Try again."), code="stale_version"
    )


def plan_revision_record(*, actor: User, case: Case, note: str = "") -> PlanRevision:
    """A revision the team records by hand, e.g. after a case conference: only while the plan
    can be changed (intake, active)."""
    _plan_editable(case)
    return plan_revision_create(actor=actor, plan=plan_get_or_create(case=case), note=note)
