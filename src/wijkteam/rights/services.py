"""Writes for the rights of the person: rectification history, restriction, erasure.

The other apps' write services call two functions from here: ``household_require_unrestricted``
before they change a household's client data, and (the household services) ``rectification_*``
when a recorded detail changes. This module therefore imports models only, never another
app's services.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_record
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.rights.models import Erasure, ErasureGround, Rectification, Restriction

logger = logging.getLogger(__name__)

# The details whose changes are kept as rectification history (AVG art. 16).
PERSON_TRACKED = ("given_name", "family_name", "date_of_birth", "bsn", "phone", "email")
ADDRESS_TRACKED = ("postcode", "house_number", "house_number_suffix", "street", "city")


# Restriction guard ------------------------------------------------------------------------------


def household_require_unrestricted(*, household_id: int) -> None:
    """Refuse a write on a household whose processing is restricted (AVG art. 18), or whose file
    was erased. Every write service that changes a household's client data calls this first."""
    restriction = (
        Restriction.objects.filter(household_id=household_id, lifted_at__isnull=True)
        .only("started_at")
        .first()
    )
    if restriction is not None:
        since = formats.date_format(timezone.localtime(restriction.started_at), "j F Y")
        raise ConflictError(
            _(
                "Processing of this household's file is restricted since %(date)s (AVG article "
                "18): it can be read, but nothing can be changed or added. The case director can "
                "lift the restriction."
            )
            % {"date": since},
            code="restricted",
            extra={"restricted_since": restriction.started_at.isoformat()},
        )
    if Erasure.objects.filter(household_id=household_id).exists():
        raise ConflictError(
            _(
                "This household's file was erased (pseudonymised); nothing can be added to it. "
                "Register a new question as a new household."
            ),
            code="erased",
        )


# Rectification ----------------------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def rectification_changes(
    *,
    instance: Person | Household,
    fields: dict[str, Any],
    tracked: tuple[str, ...],
    reason: str,
    expected_version: int | None = None,
) -> dict[str, tuple[str, str]]:
    """The tracked fields that ``fields`` changes on ``instance``, as (old, new) text.

    Filling in a detail that was empty is recording, not correcting, and needs no reason;
    replacing or clearing a recorded value is a correction (rectification) and does: the history
    must say why the file now says something else. An edit made on an older version is not
    asked for a reason here: the version check refuses it first, so the editor sees the other
    change before explaining theirs.
    """
    changes = {
        name: (_as_text(getattr(instance, name)), _as_text(fields[name]))
        for name in tracked
        if name in fields and _as_text(getattr(instance, name)) != _as_text(fields[name])
    }
    corrects = any(old for old, _new in changes.values())
    stale = expected_version is not None and expected_version != instance.version
    if corrects and not stale and not (reason or "").strip():
        raise DomainError(
            _(
                "You are changing details that were already recorded. Say why (for example "
                "'typing error', 'moved', 'new phone number'): the change is kept in the history."
            ),
            code="reason_required",
            field="reason",
        )
    return changes


def rectification_record(
    *,
    actor: User,
    household_id: int,
    person: Person | None,
    changes: dict[str, tuple[str, str]],
    reason: str,
) -> list[Rectification]:
    """Append one history row per changed field, in the caller's transaction.

    ``bulk_create`` on purpose: the change itself is already in the access log (one entry for
    the update), and the rows belong to it.
    """
    return Rectification.objects.bulk_create(
        Rectification(
            household_id=household_id,
            person=person,
            field=name,
            old_value=old[:255],
            new_value=new[:255],
            reason=(reason or "").strip(),
            by=actor,
        )
        for name, (old, new) in changes.items()
    )


# Who may restrict and erase ----------------------------------------------------------------------


def _require_rights_manager(*, user: User, household: Household) -> None:
    from wijkteam.rights.selectors import may_manage_rights

    if not may_manage_rights(user=user, household=household):
        from wijkteam.households.selectors import households_visible_to

        if not households_visible_to(user=user).filter(pk=household.pk).exists():
            raise NotFoundOrHidden("not found")
        raise DomainError(
            _(
                "Only the case director of the household or the team coordinator can restrict "
                "processing or erase the file."
            ),
            code="not_allowed",
        )


def _reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why, without naming anyone: the reason is kept."),
            code="reason_required",
            field="reason",
        )
    return reason


# Restriction ------------------------------------------------------------------------------------


def restriction_start(*, actor: User, household: Household, reason: str) -> Restriction:
    """Restrict processing of the household's file (AVG art. 18), e.g. while the accuracy of the
    data is contested or the resident objects. Reads stay possible; writes are refused."""
    _require_rights_manager(user=actor, household=household)
    reason = _reason_clean(reason)
    try:
        with transaction.atomic():
            restriction = Restriction.objects.create(
                household=household, reason=reason, started_by=actor
            )
    except IntegrityError:
        raise ConflictError(
            _("Processing of this household's file is already restricted."),
            code="already_restricted",
        ) from None
    logger.info("household_restricted household=%s", household.pk)
    return restriction


def restriction_lift(*, actor: User, household: Household, reason: str) -> Restriction:
    """Lift the restriction in force; the history keeps both moments."""
    _require_rights_manager(user=actor, household=household)
    reason = _reason_clean(reason)
    restriction = Restriction.objects.filter(household=household, lifted_at__isnull=True).first()
    if restriction is None:
        raise ConflictError(
            _("Processing of this household's file is not restricted."), code="not_restricted"
        )
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.lift_reason = reason
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    logger.info("household_restriction_lifted household=%s", household.pk)
    return restriction


# Erasure ----------------------------------------------------------------------------------------


@transaction.atomic
def household_erase(*, actor: User, household: Household, reason: str) -> Erasure:
    """Erase a household's file on request (AVG art. 17), where the law allows it.

    Allowed when no case is open and no case must still be kept: a registration that ended
    before intake, or a case whose retention term has passed. Otherwise refused with the date
    from which it will be allowed. Erasure is what retention does
    (``WIJKTEAM_RETENTION_ACTION``: pseudonymise or delete), and is logged as one entry.
    """
    from wijkteam.rights.retention import erasure_blocked_until, household_dispose

    _require_rights_manager(user=actor, household=household)
    reason = _reason_clean(reason)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if Erasure.objects.filter(household_id=household.pk).exists():
        raise ConflictError(_("This household's file was already erased."), code="erased")
    from wijkteam.cases.lifecycle import OPEN_STATES

    open_case = household.cases.filter(status__in=OPEN_STATES).first()
    if open_case is not None:
        raise ConflictError(
            _(
                "The household has an open case (%(reference)s). A file in use cannot be erased: "
                "end the case first, or restrict processing instead."
            )
            % {"reference": open_case.reference},
            code="open_case",
        )
    blocked_until = erasure_blocked_until(household=household)
    if blocked_until is not None:
        raise ConflictError(
            _(
                "This file must be kept until %(date)s: the retention term for case files "
                "(Archiefwet, the municipality's selection list) has not passed. Until then you "
                "can restrict processing instead."
            )
            % {"date": formats.date_format(blocked_until, "j F Y")},
            code="retention_term",
            extra={"kept_until": blocked_until.isoformat()},
        )
    erasure = household_dispose(household=household, ground=ErasureGround.REQUEST, by=actor)
    erasure.reason = reason
    erasure.save(update_fields=["reason"])
    return erasure


def erasure_log(*, household_id: int, action: str, event: str) -> None:
    """The one access-log entry of an erasure: what happened to which household, never data."""
    access_log_record(
        event=event,
        action=LogAction.DELETE if action == "delete" else LogAction.UPDATE,
        object_type="households.household",
        object_id=household_id,
        household_id=household_id,
    )
