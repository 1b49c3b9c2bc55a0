"""Every saved or deleted client record writes an access log entry.

``QuerySet.update()`` sends no signals: the services that use it for their version checks log
explicitly (``core.concurrency.update_versioned``, ``cases.services``). ``bulk_create`` sends
none either; the only one, a ZRM assessment's scores, is covered by the assessment's entry.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wijkteam.audit.models import LogAction
from wijkteam.audit.services import CHANGE_EVENTS, access_log_record_change


def _saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures is not an access to a client's file
        return
    access_log_record_change(
        instance=instance, action=LogAction.CREATE if created else LogAction.UPDATE
    )


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    access_log_record_change(instance=instance, action=LogAction.DELETE)


def connect() -> None:
    for label in CHANGE_EVENTS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"audit_saved_{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"audit_deleted_{label}")
