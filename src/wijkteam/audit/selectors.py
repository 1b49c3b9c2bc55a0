"""Reads on the access log, for the log officer (permission ``audit.view_accesslogentry``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.models import AccessLogEntry, LogAction
from wijkteam.audit.services import access_log_record

VIEW_PERMISSION = "audit.view_accesslogentry"


@dataclass(frozen=True)
class AccessLogFilter:
    household_id: int | None = None
    actor_id: int | None = None
    username: str = ""
    event: str = ""
    date_from: date | None = None
    date_to: date | None = None


def access_log_may_view(*, user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VIEW_PERMISSION)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_entries(*, user: User, filters: AccessLogFilter) -> QuerySet[AccessLogEntry]:
    """Entries matching ``filters``, newest first; refused (``PermissionDenied``) unless ``user``
    is a log officer. Looking at the log is itself logged, with the number of entries found."""
    if not access_log_may_view(user=user):
        raise PermissionDenied
    entries = AccessLogEntry.objects.all()
    if filters.household_id is not None:
        entries = entries.filter(household_id=filters.household_id)
    if filters.actor_id is not None:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.username:
        entries = entries.filter(actor_username__iexact=filters.username)
    if filters.event:
        entries = entries.filter(event=filters.event)
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    entries = entries.order_by("-id")
    viewed = access_log_record(
        event="access_log_viewed",
        action=LogAction.SEARCH,
        object_type="audit.accesslogentry",
        household_id=filters.household_id,
        result_count=entries.count(),
    )
    # What was there when the search was logged, so the count logged is the count shown.
    return entries.filter(id__lt=viewed.id)
