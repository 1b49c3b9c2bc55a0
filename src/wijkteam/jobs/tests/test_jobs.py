"""Background jobs: progress, the file for its requester only, failures in Dutch without a
traceback, the htmx fragment, and the real database queue run by its worker in-process."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.core.errors import Forbidden
from wijkteam.jobs.kinds import KINDS, JobFile, Kind, error_message, kind_register
from wijkteam.jobs.models import Job, JobStatus
from wijkteam.jobs.selectors import job_get, jobs_of
from wijkteam.jobs.services import job_enqueue, job_execute, job_progress_set

START = "/taken/nieuw/wijkanalyse-export/"
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}
SECRET = "Philomena Zwanenburgh"


@pytest.fixture
def policy(world):
    world.policy.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.POLICY_ADVISOR])[0])
    return world.policy


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def test_kind():
    """``test_kind(name, run)`` registers a kind for the test (anyone staff may ask for it) and
    removes it afterwards."""
    added: list[str] = []

    def register(name: str, run) -> str:
        kind_register(
            Kind(
                name=name,
                title="Test job",
                require=lambda user: None,
                params_clean=lambda data: dict(data),
                run=run,
            )
        )
        added.append(name)
        return name

    yield register
    for name in added:
        KINDS.pop(name, None)


def test_area_analysis_export_runs_with_progress_and_downloads(world, policy):
    client = _client(policy)
    response = client.post(START, PERIOD)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/taken/{job.pk}/"
    assert job.status == JobStatus.DONE
    assert job.requested_by == policy
    assert job.params == PERIOD
    # Haarlem, its two team areas and three neighbourhoods: one progress step per line.
    assert (job.progress_done, job.progress_total) == (6, 6)

    page = client.get(f"/taken/{job.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="100"' in body and "100%" in body
    assert f'href="/taken/{job.pk}/download/"' in body
    assert 'hx-trigger="every 1s"' not in body  # finished: polling stops

    download = client.get(f"/taken/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == (
        'attachment; filename="wijkanalyse-2025-01-01-2025-12-31.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert rows[0]["name"] == "Haarlem"
    assert len(rows) == 6
    # The same file as the direct export.
    direct = client.get("/monitoring/wijkanalyse/export/", PERIOD)
    assert download.content == direct.content


def test_only_the_requester_sees_the_job(world, policy):
    _client(policy).post(START, PERIOD)
    job = Job.objects.get()
    # The director may make the same export, but this job is not theirs.
    for user in (world.director.user, world.backoffice):
        client = _client(user)
        for path in ("", "voortgang/", "download/"):
            assert client.get(f"/taken/{job.pk}/{path}").status_code == 404, (user, path)
    with pytest.raises(Exception, match="no such job"):
        job_get(user=world.director.user, pk=job.pk)
    assert list(jobs_of(user=world.director.user)) == []
    assert list(jobs_of(user=policy)) == [job]
    assert Client().get(f"/taken/{job.pk}/download/").status_code == 302  # to the login


def test_roles_without_the_area_analysis_may_not_start_it(world):
    response = _client(world.backoffice).post(START, PERIOD)
    assert response.status_code == 403
    assert not Job.objects.exists()
    with pytest.raises(Forbidden):
        job_enqueue(user=world.backoffice, kind="area_analysis_export", params=PERIOD)


def test_bad_period_is_refused_with_a_message_and_no_job(world, policy):
    client = _client(policy)
    response = client.post(START, {"start": "2025-12-31", "end": "2025-01-01"})
    assert response.status_code == 400
    assert "The end lies before the start." in response.content.decode()
    response = client.post(START, {"start": "morgen", "end": ""})
    assert response.status_code == 400
    assert "Give the period as two dates." in response.content.decode()
    assert not Job.objects.exists()
    assert client.get(START).status_code == 405


def test_progress_increments_and_the_fragment_polls_while_running(world, policy, test_kind):
    seen: list[tuple[int, int, str]] = []
    client = _client(policy)

    def run(*, user, params, progress):
        for done in range(1, 5):
            progress(done, 4)
            job = Job.objects.get(requested_by=user)
            fragment = client.get(f"/taken/{job.pk}/voortgang/").content.decode()
            seen.append((job.progress_done, job.progress_total, fragment))
        return JobFile(name="test.txt", content_type="text/plain", data=b"klaar")

    job = job_enqueue(user=policy, kind=test_kind("counting", run), params={})
    assert [(done, total) for done, total, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    half = seen[1][2]
    assert '<progress max="100" value="50"' in half and "50%" in half
    assert "2 of 4 done." in half
    assert f'hx-get="/taken/{job.pk}/voortgang/"' in half
    assert 'hx-trigger="every 1s"' in half
    assert f'href="/taken/{job.pk}/">Reload</a>' in half  # without JavaScript
    assert "download" not in half
    assert job.status == JobStatus.DONE

    done = client.get(f"/taken/{job.pk}/voortgang/").content.decode()
    assert "hx-trigger" not in done
    assert f'href="/taken/{job.pk}/download/"' in done
    assert client.get(f"/taken/{job.pk}/download/").content == b"klaar"


def test_a_crash_fails_the_job_with_a_message_and_no_traceback(world, policy, test_kind):
    def run(*, user, params, progress):
        progress(1, 3)
        raise RuntimeError(SECRET)

    job = job_enqueue(user=policy, kind=test_kind("crashing", run), params={})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == "internal"
    assert job.finished_at is not None
    client = _client(policy)
    for path in ("", "voortgang/"):
        body = client.get(f"/taken/{job.pk}/{path}").content.decode()
        assert "Something went wrong while making the file." in body
        assert SECRET not in body
        assert "RuntimeError" not in body and "Traceback" not in body
        assert "hx-trigger" not in body
        assert "download/" not in body
    assert client.get(f"/taken/{job.pk}/download/").status_code == 404


def test_the_failure_message_is_dutch(world, policy, test_kind):
    def run(*, user, params, progress):
        raise RuntimeError(SECRET)

    job = job_enqueue(user=policy, kind=test_kind("crashing", run), params={})
    body = _client(policy, "nl").get(f"/taken/{job.pk}/").content.decode()
    assert '<html lang="nl"' in body
    with translation.override("nl"):
        message = str(error_message("internal"))
    assert escape(message) in body
    assert SECRET not in body


def test_a_requester_who_lost_the_role_gets_not_allowed(world, policy):
    # Queued while allowed, run by the worker after the role was taken away.
    job = Job.objects.create(kind="area_analysis_export", requested_by=policy, params=PERIOD)
    policy.groups.clear()
    job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, "not_allowed")
    body = _client(policy).get(f"/taken/{job.pk}/").content.decode()
    assert "You may no longer ask for this" in body


def test_a_job_runs_once(world, policy, test_kind):
    runs: list[int] = []

    def run(*, user, params, progress):
        runs.append(1)
        return JobFile(name="a.txt", content_type="text/plain", data=b"a")

    job = job_enqueue(user=policy, kind=test_kind("once", run), params={})
    assert job_execute(job_id=job.pk) is None  # already done
    assert runs == [1]


def test_progress_is_kept_within_bounds(world, policy):
    job = Job.objects.create(kind="x", requested_by=policy, status=JobStatus.RUNNING)
    job_progress_set(job=job, done=7, total=5)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (5, 5, 100)
    job_progress_set(job=job, done=1, total=3)
    job.refresh_from_db()
    assert job.percent == 33


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
def test_the_database_queue_and_its_worker(world, policy, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_enqueue(user=policy, kind="area_analysis_export", params=PERIOD)
    assert job.status == JobStatus.QUEUED
    body = _client(policy).get(f"/taken/{job.pk}/").content.decode()
    assert "Waiting for its turn." in body and 'hx-trigger="every 1s"' in body
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.progress_done, job.progress_total) == (6, 6)
    assert job.started_at <= job.finished_at
    assert date.fromisoformat(job.params["start"]) == date(2025, 1, 1)


def test_the_job_page_takes_a_fixed_number_of_queries(world, policy, django_assert_max_num_queries):
    _client(policy).post(START, PERIOD)
    job = Job.objects.get()
    client = _client(policy)
    with django_assert_max_num_queries(12):
        assert client.get(f"/taken/{job.pk}/").status_code == 200


def test_the_dashboard_view_is_made_in_the_background_as_xlsx(world, policy):
    from wijkteam.monitoring.indicators import INDICATORS

    client = _client(policy)
    page = client.get("/monitoring/dashboard/?year=2025&quarter=2").content.decode()
    assert 'action="/taken/nieuw/dashboard-export/"' in page
    response = client.post(
        "/taken/nieuw/dashboard-export/",
        {"level": "team", "scope": world.schalkwijk.pk, "year": "2025", "quarter": "2",
         "format": "xlsx"},
    )  # fmt: skip
    job = Job.objects.get()
    assert response["Location"] == f"/taken/{job.pk}/"
    assert job.status == JobStatus.DONE, job.error_code
    # One step per indicator of the catalogue.
    assert (job.progress_done, job.progress_total) == (len(INDICATORS), len(INDICATORS))
    download = client.get(f"/taken/{job.pk}/download/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download.content[:2] == b"PK"  # a zip: the XLSX container
    assert ".xlsx" in download["Content-Disposition"]


def test_a_dashboard_file_needs_a_known_format_and_a_dashboard_role(world, policy):
    refused = _client(policy).post(
        "/taken/nieuw/dashboard-export/", {"year": "2025", "format": "pdf"}
    )
    assert refused.status_code == 400
    backoffice = _client(world.backoffice)
    world.backoffice.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.BACK_OFFICE])[0])
    assert backoffice.post("/taken/nieuw/dashboard-export/", {"format": "csv"}).status_code == 403
    assert not Job.objects.exists()


def _running(policy, *, heartbeat_minutes_ago: int | None, started_minutes_ago: int) -> Job:
    now = timezone.now()
    return Job.objects.create(
        kind="area_analysis_export",
        requested_by=policy,
        params=PERIOD,
        status=JobStatus.RUNNING,
        started_at=now - timedelta(minutes=started_minutes_ago),
        heartbeat_at=(
            None
            if heartbeat_minutes_ago is None
            else now - timedelta(minutes=heartbeat_minutes_ago)
        ),
    )


def test_a_job_whose_worker_stopped_is_failed_as_interrupted(world, policy):
    """A worker killed mid-job leaves its job running; the cleanup fails it once it has given
    no sign of life for the stale time, and the requester reads why and can ask again."""
    killed = _running(policy, heartbeat_minutes_ago=90, started_minutes_ago=120)
    old_without_heartbeat = _running(policy, heartbeat_minutes_ago=None, started_minutes_ago=90)
    # Long-running but reporting progress: left alone.
    busy = _running(policy, heartbeat_minutes_ago=5, started_minutes_ago=300)
    queued = Job.objects.create(kind="area_analysis_export", requested_by=policy, params=PERIOD)

    out = io.StringIO()
    call_command("jobs_cleanup", "--stale-minutes", "60", stdout=out)

    assert "2 interrupted jobs failed, 0 finished jobs deleted." in out.getvalue()
    for job in (killed, old_without_heartbeat):
        job.refresh_from_db()
        assert (job.status, job.error_code) == (JobStatus.FAILED, "interrupted")
        assert job.finished_at is not None
    for job, status in ((busy, JobStatus.RUNNING), (queued, JobStatus.QUEUED)):
        job.refresh_from_db()
        assert job.status == status
    body = _client(policy).get(f"/taken/{killed.pk}/").content.decode()
    assert "The work was interrupted" in body and "hx-trigger" not in body


def test_progress_keeps_a_running_job_alive(world, policy):
    job = _running(policy, heartbeat_minutes_ago=90, started_minutes_ago=90)
    job_progress_set(job=job, done=1, total=2)
    call_command("jobs_cleanup", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_finished_jobs_are_deleted_after_the_keeping_time(world, policy):
    now = timezone.now()
    old = Job.objects.create(
        kind="area_analysis_export",
        requested_by=policy,
        params=PERIOD,
        status=JobStatus.DONE,
        result=b"file",
        finished_at=now - timedelta(days=31),
    )
    recent = Job.objects.create(
        kind="area_analysis_export",
        requested_by=policy,
        params=PERIOD,
        status=JobStatus.FAILED,
        error_code="internal",
        finished_at=now - timedelta(days=29),
    )
    out = io.StringIO()
    call_command("jobs_cleanup", "--keep-days", "30", stdout=out)
    assert "0 interrupted jobs failed, 1 finished jobs deleted." in out.getvalue()
    assert not Job.objects.filter(pk=old.pk).exists()
    assert Job.objects.filter(pk=recent.pk).exists()
    assert _client(policy).get(f"/taken/{old.pk}/").status_code == 404


def test_jobs_cleanup_refuses_nonsense_options(world):
    with pytest.raises(CommandError):
        call_command("jobs_cleanup", "--stale-minutes", "0", stdout=io.StringIO())
