"""The one django-tasks task: run a job by its id. The worker (``manage.py db_worker``) picks it
up from the database queue; the job row itself says what to do."""

from __future__ import annotations

from django_tasks import task


@task()
def job_run(job_id: int) -> None:
    from wijkteam.jobs.services import job_execute

    job_execute(job_id=job_id)
