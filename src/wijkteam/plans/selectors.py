"""Reads on plans: the comparison of two revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkteam.plans.models import PlanRevision


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
