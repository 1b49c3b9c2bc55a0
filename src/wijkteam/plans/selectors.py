"""Reads on plans: goals, actions and revisions the user may see, and comparing revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import cases_visible_to
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.plans.models import Action, Goal, PlanRevision


def goal_get(*, user: User, pk: int) -> Goal:
    """A goal on a case ``user`` may see, or ``NotFoundOrHidden``."""
    goal = (
        Goal.objects.filter(plan__case__in=cases_visible_to(user=user), pk=pk)
        .select_related("plan__case")
        .first()
    )
    if goal is None:
        raise NotFoundOrHidden("not found")
    return goal


def action_get(*, user: User, pk: int) -> Action:
    """An action on a case ``user`` may see, or ``NotFoundOrHidden``."""
    action = (
        Action.objects.filter(goal__plan__case__in=cases_visible_to(user=user), pk=pk)
        .select_related("goal__plan__case")
        .first()
    )
    if action is None:
        raise NotFoundOrHidden("not found")
    return action


def plan_goals(*, case: Case) -> QuerySet[Goal]:
    """The goals of a case's plan with their actions (and their provision of the social map) and
    household member, in two queries.

    The caller has already fetched ``case`` through ``case_get``, which checked access.
    """
    return (
        Goal.objects.filter(plan__case_id=case.pk)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("provision", "collective_activity"),
            )
        )
        .order_by("created_at", "pk")
    )


def plan_revisions_visible_to(*, user: User) -> QuerySet[PlanRevision]:
    return PlanRevision.objects.filter(plan__case__in=cases_visible_to(user=user))


def plan_revision_get(*, user: User, pk: int) -> PlanRevision:
    """A plan revision of a case ``user`` may see, or ``NotFoundOrHidden``."""
    revision = plan_revisions_visible_to(user=user).filter(pk=pk).first()
    if revision is None:
        raise NotFoundOrHidden("not found")
    return revision


@dataclass
class ItemChange:
    kind: str  # "goal" or "action"
    id: int
    change: str  # "added", "removed", "changed"
    before: dict | None
    after: dict | None
    fields: list[str] = field(default_factory=list)


def _index(snapshot: dict) -> dict[tuple[str, int], dict]:
    items: dict[tuple[str, int], dict] = {}
    for goal in snapshot.get("goals", []):
        items[("goal", goal["id"])] = {k: v for k, v in goal.items() if k != "actions"}
        for action in goal.get("actions", []):
            items[("action", action["id"])] = {**action, "goal_id": goal["id"]}
    return items


def plan_revisions_compare(*, older: PlanRevision, newer: PlanRevision) -> list[ItemChange]:
    """What was added, removed or changed between two revisions of the same plan."""
    if older.plan_id != newer.plan_id:
        raise DomainError(
            _("Only revisions of the same plan can be compared."),
            code="different_plans",
            field="newer",
        )
    before, after = _index(older.snapshot), _index(newer.snapshot)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0] != "goal", k[1])):
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(ItemChange(key[0], key[1], "added", None, new))
        elif new is None:
            changes.append(ItemChange(key[0], key[1], "removed", old, None))
        elif old != new:
            changed = sorted(
                name for name in old.keys() | new.keys() if old.get(name) != new.get(name)
            )
            changes.append(ItemChange(key[0], key[1], "changed", old, new, changed))
    return changes
