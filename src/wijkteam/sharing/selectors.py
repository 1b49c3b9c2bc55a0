"""Reads on grounds for sharing: for the professionals who see the household's content, and for
the household's own resident (their own consent, and what was shared without a ground)."""

from __future__ import annotations

from django.db.models import QuerySet

from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction, LogResult
from wijkteam.audit.services import access_log_read, access_log_record
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.sharing.models import SharingGround, SharingOverride
from wijkteam.sharing.services import sharing_allowed_for


def _allowed_or_hidden(*, user: User, household: Household, event: str, object_type: str) -> None:
    allowed, _person = sharing_allowed_for(user=user, household=household)
    if not allowed:
        access_log_record(
            event=event,
            action=LogAction.READ,
            object_type=object_type,
            household_id=None,
            result=LogResult.NOT_FOUND,
        )
        raise NotFoundOrHidden("not found")


def grounds_of(household: Household) -> QuerySet[SharingGround]:
    """Every ground of ``household``, newest first; unchecked: callers check access first."""
    return (
        SharingGround.objects.filter(household=household)
        .select_related("consent_by", "recorded_by", "withdrawn_by")
        .order_by("-recorded_at", "-pk")
    )


def overrides_of(household: Household) -> QuerySet[SharingOverride]:
    """Every override on ``household``, newest first; unchecked: callers check access first."""
    return (
        SharingOverride.objects.filter(household=household)
        .select_related("by")
        .order_by("-at", "-pk")
    )


def _household_rows_read(
    *, user: User, household: Household, event: str, object_type: str, rows: QuerySet
) -> QuerySet:
    """``rows`` of ``household`` for who may see its grounds, logged as one read with their
    number; ``NotFoundOrHidden`` (logged too) for anyone else."""
    _allowed_or_hidden(user=user, household=household, event=event, object_type=object_type)
    access_log_record(
        event=event,
        action=LogAction.READ,
        object_type=object_type,
        household_id=household.pk,
        result_count=rows.count(),
    )
    return rows


def sharing_grounds_for(*, user: User, household: Household) -> QuerySet[SharingGround]:
    """Every ground of ``household`` (active and withdrawn), newest first, for a user who sees
    the household's content or is its resident; ``NotFoundOrHidden`` for anyone else."""
    return _household_rows_read(
        user=user,
        household=household,
        event="sharing_grounds_viewed",
        object_type="sharing.sharingground",
        rows=grounds_of(household),
    )


def sharing_overrides_for(*, user: User, household: Household) -> QuerySet[SharingOverride]:
    """What was shared without a ground, on whose decision and why; same rule as the grounds."""
    return _household_rows_read(
        user=user,
        household=household,
        event="sharing_overrides_viewed",
        object_type="sharing.sharingoverride",
        rows=overrides_of(household),
    )


def sharing_ground_get(*, user: User, pk: int, residents: bool = True) -> SharingGround:
    """One ground, for a user who may see its household's grounds; otherwise 404.

    ``residents=False`` is for the professionals' pages: only staff who see the household's
    content get it, its resident is told it is not found."""
    ground = SharingGround.objects.select_related("household").filter(pk=pk).first()
    allowed = False
    if ground is not None:
        allowed, person = sharing_allowed_for(user=user, household=ground.household)
        allowed = allowed and (residents or person is None)
    access_log_read(
        event="sharing_ground_viewed",
        object_type="sharing.sharingground",
        object_id=pk,
        household_id=ground.household_id if allowed else None,
    )
    if not allowed:
        raise NotFoundOrHidden("not found")
    return ground


def sharing_household_get(*, user: User, pk: int) -> Household:
    """The household whose grounds ``user`` may see and record (content-visible staff, or its
    resident), or ``NotFoundOrHidden``; a refusal is logged, a read by what follows."""
    household = Household.objects.filter(pk=pk).first()
    allowed = household is not None and sharing_allowed_for(user=user, household=household)[0]
    if not allowed:
        access_log_read(
            event="sharing_grounds_viewed",
            object_type="households.household",
            object_id=pk,
            household_id=None,
        )
        raise NotFoundOrHidden("not found")
    return household
