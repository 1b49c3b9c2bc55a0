"""Reads of background jobs: a user sees only the jobs they asked for."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.jobs.models import Job


def jobs_of(*, user: User) -> QuerySet[Job]:
    """The user's own jobs, newest first, without the files (``defer``)."""
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(requested_by=user).defer("result")


def job_get(*, user: User, pk: int, with_result: bool = False) -> Job:
    """The user's own job; anyone else's is as absent as one that does not exist."""
    jobs = jobs_of(user=user)
    if with_result:
        jobs = jobs.defer(None)  # undo ``jobs_of``'s deferral of the file
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise NotFoundOrHidden(_("There is no such job."))
    return job
