"""Monitoring pages: parse the filters, call the selectors, render. Aggregates only."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wijkteam.access.permissions import staff_page
from wijkteam.core.disclosure import threshold
from wijkteam.core.errors import Forbidden
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
from wijkteam.monitoring.export import area_analysis_csv_write
from wijkteam.monitoring.forms import AreaAnalysisForm

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
