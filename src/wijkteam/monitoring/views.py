"""Monitoring pages: parse the filters, call the selectors, render. Aggregates only."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.access.permissions import staff_page
from wijkteam.areas.models import Neighbourhood, TeamArea
from wijkteam.core.disclosure import threshold
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.monitoring import charts
from wijkteam.monitoring.area_analysis import (
    DEFAULT_SORT,
    SORTS,
    TEAM_AREA,
    AreaAnalysis,
    area_analysis,
    area_analysis_require,
    area_rows_ranked,
    period_default,
)
from wijkteam.monitoring.dashboard import (
    Dashboard,
    dashboard_compute,
    dashboard_period_parse,
    dashboard_require,
    dashboard_scope_default,
    dashboard_scope_parse,
)
from wijkteam.monitoring.dashboard_export import (
    CONTENT_TYPES,
    CSV,
    FORMATS,
    dashboard_export_filename,
    dashboard_export_write,
)
from wijkteam.monitoring.export import area_analysis_csv_write
from wijkteam.monitoring.forms import AreaAnalysisForm, DashboardForm
from wijkteam.teams.models import Team

logger = logging.getLogger(__name__)


def _filters(request: HttpRequest) -> tuple[AreaAnalysisForm, dict]:
    """The form and the values to use: the form's when valid, else the defaults (the form
    keeps what was typed and shows why)."""
    start, end = period_default()
    values = {"start": start, "end": end, "level": TEAM_AREA, "sort": DEFAULT_SORT, "area": ""}
    if "start" not in request.GET:
        form = AreaAnalysisForm(initial=values)
        return form, values
    form = AreaAnalysisForm(request.GET)
    if form.is_valid():
        values.update(form.cleaned_data)
    else:
        for name in ("level", "sort", "area"):
            if name not in form.errors and name in form.cleaned_data:
                values[name] = form.cleaned_data[name]
    return form, values


def _analysis(request: HttpRequest, start: date, end: date) -> AreaAnalysis:
    try:
        return area_analysis(user=request.user, start=start, end=end)
    except Forbidden:
        raise PermissionDenied from None


@staff_page
@require_GET
def area_analysis_page(request: HttpRequest) -> HttpResponse:
    """The area analysis: a ranked table per neighbourhood or team area, the team areas outside
    the guideline, and two charts (no map)."""
    form, values = _filters(request)
    analysis = _analysis(request, values["start"], values["end"])
    rows = area_rows_ranked(rows=analysis.rows(values["level"]), sort=values["sort"])
    every_row = {row.key: row for row in analysis.team_areas + analysis.neighbourhoods}
    chosen = every_row.get(values["area"]) or (rows[0] if rows else None)
    context = {
        "form": form,
        "analysis": analysis,
        "rows": rows,
        "level": values["level"],
        "sort": values["sort"],
        "sort_label": SORTS[values["sort"]].label,
        "threshold": threshold(),
        "guideline_min": settings.WIJKTEAM_AREA_MIN_INHABITANTS,
        "guideline_max": settings.WIJKTEAM_AREA_MAX_INHABITANTS,
        "municipality": analysis.municipality,
        "rate_chart": charts.rate_chart(rows=rows, municipality=analysis.municipality),
        "chosen": chosen,
        "zrm_chart": (
            charts.zrm_chart(row=chosen, municipality=analysis.municipality)
            if chosen and analysis.municipality
            else None
        ),
        "zrm_pairs": (
            list(zip(chosen.zrm, analysis.municipality.zrm, strict=True))
            if chosen and analysis.municipality
            else []
        ),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "monitoring/area_analysis.html", context, status=status)


@staff_page
@require_GET
def area_analysis_export(request: HttpRequest) -> HttpResponse:
    """The same figures as CSV, every neighbourhood and team area and the municipality;
    withheld figures as "<5"."""
    try:
        area_analysis_require(user=request.user)
    except Forbidden:
        raise PermissionDenied from None
    form, values = _filters(request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "monitoring/area_analysis.html",
            {"form": form, "analysis": None, "threshold": threshold()},
            status=400,
        )
    analysis = _analysis(request, values["start"], values["end"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"wijkanalyse-{analysis.start.isoformat()}-{analysis.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    area_analysis_csv_write(analysis=analysis, stream=response)
    logger.info("area_analysis_exported user=%s", request.user.pk)
    return response


# The dashboard ------------------------------------------------------------------------------------


def _dashboard_filters(request: HttpRequest) -> tuple[DashboardForm, Dashboard | None]:
    """The form and the dashboard for the query string: the defaults (the own team or the
    municipality, this year) for what is left empty; no dashboard when the filters are wrong
    (the form shows why and keeps what was typed)."""
    try:
        dashboard_require(user=request.user)
    except Forbidden:
        raise PermissionDenied from None
    form = DashboardForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    try:
        if data.get("level"):
            scope = dashboard_scope_parse(level=data["level"], pk=data.get("scope"))
        else:
            scope = dashboard_scope_default(user=request.user)
        when = dashboard_period_parse(
            year=data.get("year"), quarter=data.get("quarter"), month=data.get("month")
        )
        return form, dashboard_compute(user=request.user, scope=scope, period=when)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return form, None


def _scope_choices(level: str) -> list[tuple[int, str]]:
    model = {"team": Team, "team_area": TeamArea, "neighbourhood": Neighbourhood}.get(level)
    if model is None:
        return []
    return list(model.objects.order_by("name", "pk").values_list("pk", "name"))


@staff_page
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Every indicator for one scope and period, next to the previous period, as cards with a
    chart, the numbers behind it and the definition; per team at the municipality level."""
    form, dashboard = _dashboard_filters(request)
    level = dashboard.scope.level if dashboard else (form.data.get("level") or "municipality")
    context = {
        "form": form,
        "dashboard": dashboard,
        "level": level,
        "scope_choices": _scope_choices(level),
        "threshold": threshold(),
        "query": request.GET.urlencode(),
    }
    return render(request, "monitoring/dashboard.html", context, status=200 if dashboard else 400)


@staff_page
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The same view as CSV (``?format=csv``, the default) or XLSX, with the same suppression."""
    fmt = request.GET.get("format") or CSV
    form, dashboard = _dashboard_filters(request)
    if dashboard is None or fmt not in FORMATS:
        if fmt not in FORMATS:
            form.add_error(None, _("Choose CSV or XLSX."))
        context = {"form": form, "dashboard": None, "level": "municipality", "scope_choices": []}
        return render(request, "monitoring/dashboard.html", context, status=400)
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    filename = dashboard_export_filename(dashboard=dashboard, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    dashboard_export_write(dashboard=dashboard, stream=response, fmt=fmt)
    logger.info(
        "dashboard_exported user=%s level=%s format=%s",
        request.user.pk,
        dashboard.scope.level,
        fmt,
    )
    return response
