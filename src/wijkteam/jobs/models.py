"""A background job: long work (an export over large data) that runs in the worker, with its
progress, its outcome and the file it made. The queue itself is django-tasks' (ADR 0012); this
row is what the requester sees and downloads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(models.Model):
    # The kinds are registered in ``wijkteam.jobs.kinds``; not choices, so a new kind needs no
    # migration.
    kind = models.CharField(max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    # What the kind needs to redo the work: ids, dates and formats only, never personal data.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # The file made: aggregates only (the kinds write no personal data), small enough to keep
    # in the database, so a web server and a worker on different hosts need no shared disk.
    result = models.BinaryField(null=True, blank=True, editable=False)
    result_name = models.CharField(max_length=100, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    # A stable code (``wijkteam.jobs.kinds.ERROR_MESSAGES``), never a message or a traceback.
    error_code = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life (the start and each progress report): a running job whose
    # worker was killed stops moving, and ``jobs_cleanup`` fails it after a while.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
