"""The plan panel: goals per life domain with their actions, read-only or with its forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

from wijkteam.cases.models import Case
from wijkteam.community.selectors.activities import activities_linkable
from wijkteam.core.domains import LifeDomain
from wijkteam.plans.forms import ActionForm, ActionStatusForm
from wijkteam.plans.models import Goal
from wijkteam.plans.selectors import plan_goals
from wijkteam.plans.services import EDITABLE_STATES

register = template.Library()


@dataclass
class DomainGoals:
    domain: str
    label: str
    goals: list[Goal] = field(default_factory=list)


def highest_step(goal: Goal) -> int | None:
    """The highest step tried for a goal, from its prefetched actions (no query)."""
    return max((action.step for action in goal.actions.all()), default=None)


def plan_panel_context(
    *, case: Case, editable: bool = False, failed: Any = None, version: int | None = None
) -> dict[str, Any]:
    """Goals grouped per life domain in the ZRM order, each with its actions; when editable,
    each goal carries its "add an action" form and each action its status form. ``failed`` is
    a bound form that was refused, shown in its place with the typed values and the message."""
    goals = list(plan_goals(case=case))
    editable = editable and case.status in EDITABLE_STATES
    version = case.version if version is None else version
    groups: dict[str, DomainGoals] = {}
    # One read for every goal's form: the collective activities a plan action may join.
    activities = activities_linkable(team_id=case.team_id) if editable else []
    for goal in goals:
        if editable:
            if isinstance(failed, ActionForm) and failed.goal.pk == goal.pk:
                goal.action_form = failed
            else:
                goal.action_form = ActionForm(
                    goal=goal,
                    highest_step=highest_step(goal),
                    activities=activities,
                    initial={"expected_version": version},
                )
            for action in goal.actions.all():
                if isinstance(failed, ActionStatusForm) and failed.action.pk == action.pk:
                    action.status_form = failed
                else:
                    action.status_form = ActionStatusForm(action=action)
        groups.setdefault(goal.domain, DomainGoals(goal.domain, LifeDomain(goal.domain).label))
        groups[goal.domain].goals.append(goal)
    ordered = [groups[value] for value in LifeDomain.values if value in groups]
    return {"case": case, "groups": ordered, "editable": editable, "goal_count": len(goals)}


@register.inclusion_tag("plans/plan_panel.html", takes_context=True)
def plan_panel(
    context: template.Context, case: Case, editable: bool = False, failed: Any = None
) -> dict[str, Any]:
    """``{% plan_panel case %}``: the plan of a case fetched through ``case_get``.

    ``editable=True`` adds the forms to add actions and change their status (only while the
    plan can be changed); ``failed`` is a refused form to show again in its place.
    """
    result = plan_panel_context(case=case, editable=editable, failed=failed)
    result["csrf_token"] = context.get("csrf_token")
    result["request"] = context.get("request")
    return result
