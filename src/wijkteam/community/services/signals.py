"""Writes on neighbourhood signals: filing, taking up, closing, reopening."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.community.lifecycle import SIGNAL_TRANSITIONS, SignalMove
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalClosure,
    SignalStatus,
    SignalStatusChange,
)
from wijkteam.community.roles import may_work_on
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden

logger = logging.getLogger(__name__)


def worker_require(*, actor: User, signal: NeighbourhoodSignal) -> None:
    if not may_work_on(user=actor, team=signal.team_id):
        raise Forbidden(
            _("Only the community workers and the coordinator of the team act on its signals."),
            code="not_community_worker",
        )


@transaction.atomic
def signal_transition(
    *,
    actor: User,
    signal: NeighbourhoodSignal,
    move: str,
    closure: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> NeighbourhoodSignal:
    """Move ``signal`` along ``SIGNAL_TRANSITIONS``, appending the step to its history.

    Closing needs how it ended; closing with no action, and reopening, need the reason in words.
    """
    worker_require(actor=actor, signal=signal)
    target = SIGNAL_TRANSITIONS.get((signal.status, move))
    if target is None:
        raise ConflictError(
            _("This signal is %(status)s; that step is not possible now.")
            % {"status": signal.get_status_display().lower()},
            code="invalid_transition",
        )
    note = (note or "").strip()
    if move == SignalMove.CLOSE:
        if closure not in SignalClosure.values:
            raise DomainError(_("Choose how the signal ended."), code="required", field="closure")
        if closure == SignalClosure.NO_ACTION and not note:
            raise DomainError(
                _("Say why nothing is done with this signal."), code="required", field="note"
            )
    elif move == SignalMove.REOPEN and not note:
        raise DomainError(_("Say why the signal is reopened."), code="required", field="note")
    else:
        closure = ""
    before = signal.status
    update_versioned(
        signal,
        expected_version=expected_version,
        fields={
            "status": target,
            "closure": closure if target == SignalStatus.CLOSED else "",
            "closure_note": note if target == SignalStatus.CLOSED else "",
        },
    )
    SignalStatusChange.objects.create(
        signal=signal, from_status=before, to_status=target, closure=closure, note=note, by=actor
    )
    logger.info("signal_%s signal=%s team=%s", move, signal.pk, signal.team_id)
    return signal


def signal_take_up(*, actor: User, signal: NeighbourhoodSignal) -> NeighbourhoodSignal:
    """Mark ``signal`` as taken up (linking a collective activity does this). A signal already
    taken up stays so; a closed one must be reopened first."""
    if signal.status == SignalStatus.TAKEN_UP:
        worker_require(actor=actor, signal=signal)
        return signal
    return signal_transition(actor=actor, signal=signal, move=SignalMove.TAKE_UP)
