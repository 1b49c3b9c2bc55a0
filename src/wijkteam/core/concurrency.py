"""Optimistic concurrency: an edit applies only to the version its editor saw."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from wijkteam.audit.services import access_log_record_change
from wijkteam.core.errors import ConflictError
from wijkteam.core.models import VersionedModel


def update_versioned(
    instance: VersionedModel, *, expected_version: int | None, fields: dict[str, Any]
) -> VersionedModel:
    """Write ``fields`` to ``instance`` only if it is still at ``expected_version``.

    One conditional UPDATE, so it holds under concurrency on SQLite and PostgreSQL alike.
    ``expected_version=None`` means the caller has no version to compare (e.g. a command
    working on fresh data) and the write is unconditional, but the version still goes up.
    """
    model: type[models.Model] = type(instance)
    query = model._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, **fields)
    if not updated:
        raise stale_version_error()
    instance.refresh_from_db()
    access_log_record_change(instance=instance, action="update")  # .update() sends no signal
    return instance


def stale_version_error() -> ConflictError:
    """The conflict of an edit made on a version that moved on: for services that check the
    version themselves (e.g. under a row lock) instead of through ``update_versioned``."""
    return ConflictError(
        _(
            "Someone else changed this in the meantime. Reload the page to see their change, "
            "then make yours again."
        ),
        code="stale_version",
    )
