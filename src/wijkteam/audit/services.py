"""Appending to the access log and checking its hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from wijkteam.audit.context import access_context_current
from wijkteam.audit.models import AccessLogEntry, LogAction, LogResult

# The hash "before" the first entry.
GENESIS_HASH = "0" * 64
# Any constant; it names the lock that serialises appends to the chain on PostgreSQL.
_ADVISORY_LOCK_KEY = 751315

# What the hash covers: every column but the id (unknown before insert) and the hash itself.
HASHED_FIELDS = (
    "at",
    "event",
    "action",
    "object_type",
    "object_id",
    "household_id",
    "actor_id",
    "actor_username",
    "on_behalf_of",
    "emergency",
    "channel",
    "origin",
    "result",
    "result_count",
)


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        # One spelling whatever the database gives back: UTC, microseconds.
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 of the previous hash and the canonical JSON of the entry's fields."""
    payload = json.dumps(
        {name: _canonical(fields[name]) for name in HASHED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((prev_hash + payload).encode("ascii")).hexdigest()


def _chain_lock() -> None:
    # SQLite: the project opens IMMEDIATE transactions, so writers are already serialised.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def _under_emergency_access(actor: Any, household_id: int | None) -> bool:
    """Whether ``actor`` has broken the glass on this household and it is still open."""
    if actor is None or household_id is None:
        return False
    from wijkteam.access.models import EmergencyAccess

    return EmergencyAccess.objects.active().filter(user=actor, household_id=household_id).exists()


def _storable_id(object_id: int | None) -> int | None:
    """``object_id``, or None where it is beyond the log's 64-bit column: such an id (a URL or a
    body may carry any number) names no object, and the read is logged as not found anyway."""
    if isinstance(object_id, int) and not -(2**63) <= object_id < 2**63:
        return None
    return object_id


def _entry_fields(
    context: Any,
    *,
    event: str,
    action: str,
    object_type: str,
    object_id: int | None,
    household_id: int | None,
    emergency: bool,
    result: str,
    result_count: int | None,
) -> dict[str, Any]:
    """One entry's fields but its moment; who, how and from where come from ``context``."""
    actor = context.current_actor()
    return {
        "event": event,
        "action": action,
        "object_type": object_type,
        "object_id": _storable_id(object_id),
        "household_id": household_id,
        "actor_id": actor.pk if actor is not None else None,
        "actor_username": actor.get_username() if actor is not None else "",
        "on_behalf_of": "",
        "emergency": emergency,
        "channel": context.channel,
        "origin": context.origin,
        "result": result,
        "result_count": result_count,
    }


def access_log_record(
    *,
    event: str,
    action: str,
    object_type: str = "",
    object_id: int | None = None,
    household_id: int | None = None,
    result: str = LogResult.OK,
    result_count: int | None = None,
) -> AccessLogEntry:
    """Append one entry; who, how and from where come from the access context.

    Never pass data here, only what identifies it: a type and an id, a household id, a count.
    """
    context = access_context_current()
    actor = context.current_actor()
    fields = _entry_fields(
        context,
        event=event,
        action=action,
        object_type=object_type,
        object_id=object_id,
        household_id=household_id,
        emergency=_under_emergency_access(actor, household_id),
        result=result,
        result_count=result_count,
    )
    # Part of the caller's transaction, if any: a change that is rolled back was not made, and
    # a change whose entry cannot be written must not be kept either (no savepoint to recover
    # from). Outside one this is a short transaction of its own, so the lock is held briefly.
    with transaction.atomic(savepoint=False):
        _chain_lock()
        prev_hash = (
            AccessLogEntry.objects.order_by("-id").values_list("hash", flat=True).first()
            or GENESIS_HASH
        )
        fields["at"] = timezone.now()
        entry = AccessLogEntry(
            **fields, prev_hash=prev_hash, hash=entry_hash(prev_hash=prev_hash, fields=fields)
        )
        entry.save(force_insert=True)
    return entry


def access_log_read(
    *, event: str, object_type: str, object_id: int, household_id: int | None
) -> AccessLogEntry:
    """Log a read of one client record; ``household_id=None`` means it was not found (or is
    hidden from the user, which the log officer may know but the user is not told)."""
    return access_log_record(
        event=event,
        action=LogAction.READ,
        object_type=object_type,
        object_id=object_id,
        household_id=household_id,
        result=LogResult.OK if household_id is not None else LogResult.NOT_FOUND,
    )


def access_log_reads(
    *, event: str, object_type: str, reads: Iterable[tuple[int, int]]
) -> list[AccessLogEntry]:
    """Log the reads of several client records that one page shows, one entry per record as
    ``access_log_read`` makes it, in a fixed number of queries however many there are:
    ``reads`` are (object id, household id) pairs, in the order they are shown."""
    reads = list(reads)
    if not reads:
        return []
    context = access_context_current()
    actor = context.current_actor()
    emergency: set[int] = set()
    if actor is not None:
        from wijkteam.access.models import EmergencyAccess

        emergency = set(
            EmergencyAccess.objects.active()
            .filter(user=actor, household_id__in={household for _, household in reads})
            .values_list("household_id", flat=True)
        )
    with transaction.atomic(savepoint=False):
        _chain_lock()
        prev_hash = (
            AccessLogEntry.objects.order_by("-id").values_list("hash", flat=True).first()
            or GENESIS_HASH
        )
        at = timezone.now()
        entries = []
        for object_id, household_id in reads:
            fields = _entry_fields(
                context,
                event=event,
                action=LogAction.READ,
                object_type=object_type,
                object_id=object_id,
                household_id=household_id,
                emergency=household_id in emergency,
                result=LogResult.OK,
                result_count=None,
            )
            fields["at"] = at
            entry = AccessLogEntry(
                **fields, prev_hash=prev_hash, hash=entry_hash(prev_hash=prev_hash, fields=fields)
            )
            entries.append(entry)
            prev_hash = entry.hash
        # One insert; its rows get their ids in this order, which is the chain's order.
        AccessLogEntry.objects.bulk_create(entries, chained=True)
    return entries


# Changes ---------------------------------------------------------------------------------------

# Per client model: the event name, and the path from it to its household's id.
CHANGE_EVENTS: dict[str, tuple[str, str]] = {
    "households.household": ("household_changed", "pk"),
    "households.person": ("person_changed", "household_id"),
    "cases.case": ("case_changed", "household_id"),
    "cases.statuschange": ("case_changed", "case__household_id"),
    "cases.directorassignment": ("case_changed", "case__household_id"),
    "cases.casemember": ("case_changed", "case__household_id"),
    "cases.casetheme": ("case_changed", "case__household_id"),
    "cases.contact": ("contact_changed", "case__household_id"),
    "cases.conferenceagendaitem": ("conference_changed", "case__household_id"),
    "cases.conferenceconclusion": ("conference_changed", "item__case__household_id"),
    "plans.plan": ("plan_changed", "case__household_id"),
    "plans.goal": ("plan_changed", "plan__case__household_id"),
    "plans.action": ("plan_changed", "goal__plan__case__household_id"),
    "plans.planrevision": ("plan_changed", "plan__case__household_id"),
    "zrm.assessment": ("zrm_changed", "case__household_id"),
    "zrm.score": ("zrm_changed", "assessment__case__household_id"),
    "residents.residentaccount": ("resident_account_changed", "person__household_id"),
    "residents.residentnote": ("resident_note_changed", "case__household_id"),
    "sharing.sharingground": ("sharing_changed", "household_id"),
    "sharing.sharingoverride": ("sharing_override", "household_id"),
    "rights.rectification": ("person_changed", "household_id"),
    "rights.restriction": ("restriction_changed", "household_id"),
    "budget.spendingrequest": ("spending_request_changed", "household_id"),
}


def _household_id_of(instance: models.Model, path: str) -> int | None:
    if path == "pk":
        return instance.pk
    if "__" not in path:
        return getattr(instance, path)
    # One step down from a foreign key already on the instance, then one query for the rest.
    first, rest = path.split("__", 1)
    related_model = instance._meta.get_field(first).related_model
    related_id = getattr(instance, f"{first}_id")
    if rest == "household_id":
        cached = instance._state.fields_cache.get(first)
        if cached is not None:
            return cached.household_id
    return related_model._default_manager.filter(pk=related_id).values_list(rest, flat=True).first()


def access_log_record_change(
    *, instance: models.Model, action: str, household_id: int | None = None
) -> AccessLogEntry | None:
    """Log a create, update or delete of a client record; other models are not client data."""
    label = instance._meta.label_lower
    if label not in CHANGE_EVENTS:
        return None
    event, path = CHANGE_EVENTS[label]
    if household_id is None:
        household_id = _household_id_of(instance, path)
    return access_log_record(
        event=event,
        action=action,
        object_type=label,
        object_id=instance.pk,
        household_id=household_id,
    )


# Verification ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    count: int
    broken_at: int | None  # id of the first entry whose hash or link does not hold
    reason: str = ""  # "altered" (hash differs) or "link" (prev_hash is not the previous hash)

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def access_log_chain_check(*, entries: Iterable[Any]) -> ChainReport:
    """Walk entries in id order and recompute every hash and link."""
    expected_prev = GENESIS_HASH
    count = 0
    for entry in entries:
        count += 1
        if entry.prev_hash != expected_prev:
            return ChainReport(count=count, broken_at=entry.id, reason="link")
        fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
        if entry_hash(prev_hash=entry.prev_hash, fields=fields) != entry.hash:
            return ChainReport(count=count, broken_at=entry.id, reason="altered")
        expected_prev = entry.hash
    return ChainReport(count=count, broken_at=None)


def access_log_verify() -> ChainReport:
    """Check the whole log in the database, streaming it in id order."""
    entries = AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000)
    return access_log_chain_check(entries=entries)


__all__ = [
    "GENESIS_HASH",
    "ChainReport",
    "LogAction",
    "access_log_chain_check",
    "access_log_read",
    "access_log_record",
    "access_log_record_change",
    "access_log_verify",
    "entry_hash",
]
