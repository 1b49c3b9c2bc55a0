"""Neighbourhood signals: the list, filing one, its page, closing and reopening it, the export.

Staff pages for team members and policy advisors (``signals_reader_require``); a signal of a
team the user may not read is a 404. Filters travel in the query string: they are ids and
codes, never anything about a person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.community.forms import (
    NO_NAMES_WARNING,
    SignalCloseForm,
    SignalFileForm,
    SignalFilterForm,
    SignalReopenForm,
)
from wijkteam.community.roles import teams_of_member, teams_readable_by
from wijkteam.community.selectors import signals as selectors
from wijkteam.community.services import signals as services
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse

PAGE_SIZE = 25


def _reader(request: HttpRequest) -> None:
    try:
        selectors.signals_reader_require(user=request.user)
    except DomainError:
        raise PermissionDenied from None


@staff_page
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    """The signals of the user's teams (all teams for a policy advisor), newest first."""
    _reader(request)
    teams = teams_readable_by(user=request.user)
    filter_form = SignalFilterForm(request.GET or None, teams=teams)
    signals = selectors.signals_visible_to(user=request.user, **filter_form.filters())
    page = Paginator(signals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(signal, *selectors.signal_counts(signal)) for signal in page.object_list]
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "may_file": teams_of_member(user=request.user).exists(),
    }
    status = 400 if request.GET and not filter_form.is_valid() else 200
    return render(request, "community/signal_list.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def signal_file(request: HttpRequest) -> HttpResponse:
    """A team member files a signal for a neighbourhood of their team's area."""
    try:
        services.filer_require(actor=request.user)
    except DomainError:
        raise PermissionDenied from None
    teams = teams_of_member(user=request.user)
    form = SignalFileForm(request.POST or None, teams=teams)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                signal = services.signal_file(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The signal is filed with the team."))
                return redirect("community:signal_detail", pk=signal.pk)
    context = {"form": form, "warning": NO_NAMES_WARNING}
    return render(request, "community/signal_form.html", context, status=status)


def _page(request: HttpRequest, pk: int):
    try:
        return selectors.signal_page(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _detail(
    request: HttpRequest,
    pk: int,
    *,
    close_form: SignalCloseForm | None = None,
    reopen_form: SignalReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = _page(request, pk)
    version = {"version": page.signal.version}
    context = {
        "page": page,
        "signal": page.signal,
        "close_form": close_form or SignalCloseForm(initial=version),
        "reopen_form": reopen_form or SignalReopenForm(initial=version),
    }
    return render(request, "community/signal_detail.html", context, status=status)


@staff_page
@require_GET
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _detail(request, pk)


def _act(request: HttpRequest, pk: int, *, form_class, act, message: str, slot: str):
    _reader(request)
    page = _page(request, pk)
    if not page.may_work:
        raise PermissionDenied
    signal = page.signal
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            act(actor=request.user, signal=signal, expected_version=version, **data)
        except DomainError as error:
            if error.status_code == 403:
                raise PermissionDenied from None
            form_refuse(form, error)
            status = error.status_code
        else:
            messages.success(request, message)
            return redirect("community:signal_detail", pk=pk)
    # Trying again works on what is there now.
    data = form.data.copy()
    data["version"] = str(type(signal).objects.get(pk=pk).version)
    form.data = data
    return _detail(request, pk, status=status, **{slot: form})


@staff_page
@require_POST
def signal_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a signal: done with a collective approach, or no action (with the reason)."""
    return _act(
        request,
        pk,
        form_class=SignalCloseForm,
        act=services.signal_close,
        message=_("The signal is closed."),
        slot="close_form",
    )


@staff_page
@require_POST
def signal_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        form_class=SignalReopenForm,
        act=services.signal_reopen,
        message=_("The signal is open again."),
        slot="reopen_form",
    )


@staff_page
@require_GET
def signal_export(request: HttpRequest) -> HttpResponse:
    """The signals of the list (same filters) as CSV; counts below the threshold as "<5", no
    descriptions."""
    _reader(request)
    teams = teams_readable_by(user=request.user)
    filter_form = SignalFilterForm(request.GET or None, teams=teams)
    signals = selectors.signals_visible_to(user=request.user, **filter_form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"buurtsignalen-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    selectors.signals_export(signals=signals, stream=response)
    return response
