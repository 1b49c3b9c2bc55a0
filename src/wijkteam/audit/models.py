"""The access log: who read or changed which client's file, when, from where.

Append-only (NEN 7513, BIO 8.15): rows are never updated or deleted, not through the ORM (the
manager and ``save`` refuse) and on PostgreSQL not through SQL either (a trigger refuses). Each
row carries the SHA-256 of the previous one, so an altered or removed row breaks the chain that
``manage.py verify_access_log`` walks. A row names objects by type and id only: never the data.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Someone tried to change or remove an access log entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("The access log is append-only: entries cannot be changed or deleted.")


class AccessLogQuerySet(models.QuerySet):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse

    def bulk_create(self, objs: Any, *args: Any, chained: bool = False, **kwargs: Any) -> Any:
        # Entries are appended only through ``wijkteam.audit.services``, which chains them
        # (``access_log_reads`` appends a page's reads in one insert, already chained).
        if not chained:
            _refuse()
        return super().bulk_create(objs, *args, **kwargs)


class LogAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    SEARCH = "search", _("search")


class LogChannel(models.TextChoices):
    UI = "ui", _("web")
    API = "api", _("API")
    COMMAND = "command", _("command")
    SYSTEM = "system", _("system")


class LogResult(models.TextChoices):
    OK = "ok", _("ok")
    DENIED = "denied", _("denied")
    NOT_FOUND = "not_found", _("not found")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("at"), db_default=Now())
    event = models.CharField(_("event"), max_length=50)
    action = models.CharField(_("action"), max_length=10, choices=LogAction.choices)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    # The client the entry concerns; no foreign key, so that removing a household under the
    # retention rules leaves its log intact.
    household_id = models.BigIntegerField(_("household"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Snapshot: the log must still say who it was if the account is renamed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    emergency = models.BooleanField(_("emergency access"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=LogChannel.choices)
    origin = models.CharField(_("origin"), max_length=100, blank=True)
    # For a search: how many results, never what was searched for.
    result_count = models.PositiveIntegerField(_("number of results"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=LogResult.choices, default=LogResult.OK
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["household_id", "at"], name="audit_household_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["at"], name="audit_at"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    @property
    def household_reference(self) -> str:
        return f"HH-{self.household_id:06d}" if self.household_id else ""
