"""Emergency access (*break the glass*): a member of the household's team who is not on the
case opens its file for a stated reason, for a limited time. The team coordinator sees every
use, the resident sees it in their own view, and every read meanwhile is logged as emergency
access."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.models import EmergencyAccess
from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_record
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.teams.models import Membership

logger = logging.getLogger(__name__)

REASON_MIN_LENGTH = 15


@transaction.atomic
def emergency_access_start(*, actor: User, household: Household, reason: str) -> EmergencyAccess:
    """Open ``household``'s file to ``actor`` for ``WIJKTEAM_EMERGENCY_ACCESS_MINUTES``.

    Only for active members of the household's own team: other teams and organisations can
    ask whether it is known, never break in. A running emergency access is returned as it is.
    """
    if not Membership.objects.filter(user=actor, team=household.team, is_active=True).exists():
        raise NotFoundOrHidden("not found")
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise DomainError(
            _(
                "Say why you need this file now, in at least %(count)s characters: "
                "the team coordinator and the resident will read it."
            )
            % {"count": REASON_MIN_LENGTH},
            code="reason_required",
            field="reason",
        )
    running = EmergencyAccess.objects.active().filter(user=actor, household=household).first()
    if running is not None:
        return running
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=actor,
        household=household,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(minutes=settings.WIJKTEAM_EMERGENCY_ACCESS_MINUTES),
    )
    access_log_record(
        event="emergency_access_started",
        action=LogAction.CREATE,
        object_type="access.emergencyaccess",
        object_id=access.pk,
        household_id=household.pk,
    )
    logger.warning("emergency_access_started access=%s household=%s", access.pk, household.pk)
    return access


@transaction.atomic
def emergency_access_end(*, actor: User, access: EmergencyAccess) -> EmergencyAccess:
    """End one's own emergency access before it expires."""
    if access.user_id != actor.pk:
        raise NotFoundOrHidden("not found")
    if access.is_active:
        access.ended_at = timezone.now()
        access.save(update_fields=["ended_at"])
        access_log_record(
            event="emergency_access_ended",
            action=LogAction.UPDATE,
            object_type="access.emergencyaccess",
            object_id=access.pk,
            household_id=access.household_id,
        )
    return access
