"""The kinds of background job: for each, who may ask for it, how its parameters are checked,
and the work itself.

A kind's ``run`` gets the job and a ``progress(done, total)`` callable and returns the file it
made. It runs in the worker, so it checks access again for the requester (a role may have been
taken away since the request) by calling the same selectors as the page does. A ``DomainError``
it raises fails the job with the error's code; anything else fails it with ``internal``. Either
way the requester sees only a Dutch sentence chosen by the code (``ERROR_MESSAGES``).

To add a kind: write a ``Kind`` and ``kind_register`` it at the bottom of this module (or from
the owning app's ``AppConfig.ready``), then give it a POST view that calls ``job_enqueue``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import User
from wijkteam.core.errors import DomainError

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobFile:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Kind:
    name: str
    title: Promise
    # Raises ``Forbidden`` when the user may not ask for this kind.
    require: Callable[[User], None]
    # Checks the parameters and returns them as JSON-safe values (ids, dates, formats only);
    # raises ``DomainError`` on bad input.
    params_clean: Callable[[dict[str, Any]], dict[str, Any]]
    run: Callable[..., JobFile]


KINDS: dict[str, Kind] = {}

# What the requester reads when a job failed, by error code. Never the exception's text.
ERROR_MESSAGES: dict[str, Promise] = {
    "not_allowed": _("You may no longer ask for this: your role has changed."),
    "invalid": _("The filters of this job are no longer valid. Ask for it again."),
    "internal": _(
        "Something went wrong while making the file. Try again; if it keeps failing, tell the "
        "functional administrator the job number."
    ),
    "interrupted": _(
        "The work was interrupted: the background processing stopped before it was done. Ask "
        "for it again."
    ),
}


def kind_register(kind: Kind) -> None:
    KINDS[kind.name] = kind


def kind_get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise DomainError(_("This kind of job does not exist."), code="unknown_kind") from None


def error_message(code: str) -> Promise:
    return ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal"])


# The area analysis as CSV ---------------------------------------------------------------------


def _area_analysis_require(user: User) -> None:
    from wijkteam.monitoring.area_analysis import area_analysis_require

    area_analysis_require(user=user)


def _area_analysis_params(data: dict[str, Any]) -> dict[str, Any]:
    from wijkteam.monitoring.area_analysis import period_check

    try:
        start = date.fromisoformat(str(data.get("start", "")))
        end = date.fromisoformat(str(data.get("end", "")))
    except ValueError:
        raise DomainError(_("Give the period as two dates."), code="invalid") from None
    period_check(start=start, end=end)
    return {"start": start.isoformat(), "end": end.isoformat()}


def _area_analysis_run(*, user: User, params: dict[str, Any], progress: Progress) -> JobFile:
    from wijkteam.monitoring.area_analysis import area_analysis
    from wijkteam.monitoring.export import area_analysis_csv_write

    start = date.fromisoformat(params["start"])
    end = date.fromisoformat(params["end"])
    analysis = area_analysis(user=user, start=start, end=end)
    stream = io.StringIO()
    area_analysis_csv_write(analysis=analysis, stream=stream, progress=progress)
    return JobFile(
        name=f"wijkanalyse-{start.isoformat()}-{end.isoformat()}.csv",
        content_type="text/csv; charset=utf-8",
        data=stream.getvalue().encode("utf-8"),
    )


AREA_ANALYSIS_EXPORT = "area_analysis_export"

kind_register(
    Kind(
        name=AREA_ANALYSIS_EXPORT,
        title=_("Area analysis as CSV"),
        require=_area_analysis_require,
        params_clean=_area_analysis_params,
        run=_area_analysis_run,
    )
)


# The dashboard as CSV or XLSX -----------------------------------------------------------------


def _dashboard_require(user: User) -> None:
    from wijkteam.monitoring.dashboard import dashboard_require

    dashboard_require(user=user)


def _whole(data: dict[str, Any], name: str) -> int | None:
    value = str(data.get(name) or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError(_("The filters of this view are not valid."), code="invalid") from None


def _dashboard_params(data: dict[str, Any]) -> dict[str, Any]:
    """The dashboard view's filters as the page has them: level and scope, year and quarter or
    month, and the file format."""
    from wijkteam.monitoring.dashboard import dashboard_period_parse, dashboard_scope_parse
    from wijkteam.monitoring.dashboard_export import FORMATS

    fmt = str(data.get("format") or "")
    if fmt not in FORMATS:
        raise DomainError(_("Choose CSV or XLSX."), code="invalid")
    scope = dashboard_scope_parse(
        level=str(data.get("level") or "") or None, pk=_whole(data, "scope")
    )
    when = dashboard_period_parse(
        year=_whole(data, "year"), quarter=_whole(data, "quarter"), month=_whole(data, "month")
    )
    return {
        "level": scope.level,
        "scope": scope.pk,
        "kind": when.kind,
        "year": when.year,
        "number": when.number,
        "format": fmt,
    }


def _dashboard_run(*, user: User, params: dict[str, Any], progress: Progress) -> JobFile:
    from wijkteam.monitoring.dashboard import DashboardPeriod, dashboard_compute
    from wijkteam.monitoring.dashboard_export import (
        CONTENT_TYPES,
        CSV,
        dashboard_export_filename,
        dashboard_export_write,
    )
    from wijkteam.monitoring.indicators import Scope

    dashboard = dashboard_compute(
        user=user,
        scope=Scope(params["level"], params["scope"]),
        period=DashboardPeriod(params["kind"], params["year"], params["number"]),
    )
    fmt = params["format"]
    stream: io.StringIO | io.BytesIO = io.StringIO() if fmt == CSV else io.BytesIO()
    dashboard_export_write(dashboard=dashboard, stream=stream, fmt=fmt, progress=progress)
    data = stream.getvalue()
    return JobFile(
        name=dashboard_export_filename(dashboard=dashboard, fmt=fmt),
        content_type=CONTENT_TYPES[fmt],
        data=data.encode("utf-8") if isinstance(data, str) else data,
    )


DASHBOARD_EXPORT = "dashboard_export"

kind_register(
    Kind(
        name=DASHBOARD_EXPORT,
        title=_("Dashboard as a file"),
        require=_dashboard_require,
        params_clean=_dashboard_params,
        run=_dashboard_run,
    )
)
