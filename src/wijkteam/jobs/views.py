"""Pages of background jobs: start one, follow its progress, download its file. Only the
requester sees a job; for anyone else it does not exist (404)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.core.errors import DomainError, Forbidden, NotFoundOrHidden
from wijkteam.jobs.kinds import (
    AREA_ANALYSIS_EXPORT,
    DASHBOARD_EXPORT,
    error_message,
    kind_get,
)
from wijkteam.jobs.models import Job, JobStatus
from wijkteam.jobs.selectors import job_get
from wijkteam.jobs.services import job_enqueue

logger = logging.getLogger(__name__)


def _own(request: HttpRequest, pk: int, *, with_result: bool = False) -> Job:
    try:
        return job_get(user=request.user, pk=pk, with_result=with_result)
    except NotFoundOrHidden:
        raise Http404 from None


def _context(job: Job) -> dict:
    return {
        "job": job,
        "title": kind_get(job.kind).title,
        "failed": job.status == JobStatus.FAILED,
        "error": error_message(job.error_code) if job.status == JobStatus.FAILED else "",
    }


def _start(request: HttpRequest, kind: str, params: dict) -> HttpResponse:
    try:
        job = job_enqueue(user=request.user, kind=kind, params=params)
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as error:
        context = {"title": kind_get(kind).title, "error": error.message}
        return render(request, "jobs/refused.html", context, status=400)
    return redirect("jobs:detail", pk=job.pk)


@staff_page
@require_POST
def area_analysis_export_start(request: HttpRequest) -> HttpResponse:
    """Make the area analysis CSV in the background (POST start, end)."""
    params = {"start": request.POST.get("start", ""), "end": request.POST.get("end", "")}
    return _start(request, AREA_ANALYSIS_EXPORT, params)


@staff_page
@require_POST
def dashboard_export_start(request: HttpRequest) -> HttpResponse:
    """Make the dashboard view as CSV or XLSX in the background (POST the view's filters and
    ``format``)."""
    names = ("level", "scope", "year", "quarter", "month", "format")
    return _start(request, DASHBOARD_EXPORT, {name: request.POST.get(name, "") for name in names})


@staff_page
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress: a bar that htmx refreshes every second until the job is finished."""
    return render(request, "jobs/detail.html", _context(_own(request, pk)))


@staff_page
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment alone, for htmx."""
    return render(request, "jobs/_progress.html", _context(_own(request, pk)))


@staff_page
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file the job made, for its requester only, once it is done."""
    job = _own(request, pk, with_result=True)
    if job.status != JobStatus.DONE or job.result is None:
        raise Http404
    response = HttpResponse(bytes(job.result), content_type=job.result_content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    logger.info("job_downloaded job=%s user=%s", job.pk, request.user.pk)
    return response
