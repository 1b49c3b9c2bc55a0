"""Writes of background jobs: ask for one, report progress, finish or fail it, and run it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.core.errors import DomainError
from wijkteam.jobs.kinds import JobFile, kind_get
from wijkteam.jobs.models import FINISHED, Job, JobStatus

logger = logging.getLogger(__name__)


def job_enqueue(*, user: User, kind: str, params: dict[str, Any]) -> Job:
    """Check that ``user`` may ask for ``kind`` with these parameters, record the job and queue
    it. The task row is written in the same transaction as the job, so the worker never sees
    one without the other."""
    job_kind = kind_get(kind)
    job_kind.require(user)
    clean = job_kind.params_clean(params)
    from wijkteam.jobs.tasks import job_run

    with transaction.atomic():
        job = Job.objects.create(kind=kind, requested_by=user, params=clean)
        logger.info("job_queued job=%s kind=%s user=%s", job.pk, kind, user.pk)
        job_run.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def job_progress_set(*, job: Job, done: int, total: int) -> None:
    """Record how far the job is. Written straight away (not in the job's transaction), so the
    progress page sees it while the work goes on."""
    done = max(0, min(done, total))
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress_done=done, progress_total=total, heartbeat_at=timezone.now()
    )
    job.progress_done, job.progress_total = done, total


def job_finish(*, job: Job, file: JobFile) -> None:
    """The job is done and made ``file``."""
    job.status = JobStatus.DONE
    job.result = file.data
    job.result_name = file.name
    job.result_content_type = file.content_type
    job.progress_done = max(job.progress_done, job.progress_total)
    job.error_code = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "result",
            "result_name",
            "result_content_type",
            "progress_done",
            "error_code",
            "finished_at",
        ]
    )
    logger.info("job_done job=%s kind=%s bytes=%s", job.pk, job.kind, len(file.data))


def job_fail(*, job: Job, code: str) -> None:
    """The job failed; ``code`` chooses the message the requester reads."""
    job.status = JobStatus.FAILED
    job.error_code = code[:50]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error_code", "finished_at"])
    logger.warning("job_failed job=%s kind=%s code=%s", job.pk, job.kind, job.error_code)


def _job_start(*, job_id: int) -> Job | None:
    """Claim a queued job: only one worker gets it, a finished job is not run again."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("job_not_queued job=%s", job_id)
        return None
    return Job.objects.select_related("requested_by").get(pk=job_id)


def job_execute(*, job_id: int) -> Job | None:
    """Run the job (in the worker): its kind's work, with progress, then done or failed.

    A ``DomainError`` (e.g. the requester lost the role) fails it with the error's code. Any
    other exception fails it with ``internal``; the traceback goes to the server log only,
    with the job's id, never to the requester."""
    job = _job_start(job_id=job_id)
    if job is None:
        return None
    logger.info("job_started job=%s kind=%s", job.pk, job.kind)

    def progress(done: int, total: int) -> None:
        job_progress_set(job=job, done=done, total=total)

    try:
        file = kind_get(job.kind).run(user=job.requested_by, params=job.params, progress=progress)
    except DomainError as error:
        job_fail(job=job, code=error.code)
    except Exception:
        logger.exception("job_crashed job=%s kind=%s", job.pk, job.kind)
        job_fail(job=job, code="internal")
    else:
        job_finish(job=job, file=file)
    return job


@dataclass(frozen=True)
class Cleanup:
    interrupted: int  # running jobs without a sign of life, now failed
    deleted: int  # finished jobs past keeping, with their files


def jobs_cleanup(
    *, stale_after: timedelta, keep: timedelta, now: datetime | None = None
) -> Cleanup:
    """Fail the running jobs whose worker gave no sign of life for ``stale_after`` (it was
    killed or the machine went down: the requester sees "interrupted" and can ask again), and
    delete the finished jobs, with their files, finished longer than ``keep`` ago."""
    now = now or timezone.now()
    stale = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=now - stale_after)
        | Q(heartbeat_at__isnull=True, started_at__lt=now - stale_after)
    )
    interrupted = stale.update(status=JobStatus.FAILED, error_code="interrupted", finished_at=now)
    deleted, _by_model = Job.objects.filter(
        status__in=FINISHED, finished_at__lt=now - keep
    ).delete()
    logger.info("jobs_cleanup interrupted=%s deleted=%s", interrupted, deleted)
    return Cleanup(interrupted=interrupted, deleted=deleted)
