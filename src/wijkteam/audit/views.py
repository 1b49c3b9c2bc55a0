from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from wijkteam.audit.forms import AccessLogSearchForm
from wijkteam.audit.selectors import AccessLogFilter, access_log_entries, access_log_may_view

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    """The log officer's search of the access log.

    A POST form, also for paging: a username or household reference is a search about a
    person, and belongs in no URL, server log or browser history.
    """
    if not access_log_may_view(user=request.user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.POST or None)
    page = None
    if request.method == "GET" or form.is_valid():
        filters = form.filters() if request.method == "POST" else AccessLogFilter()
        entries = access_log_entries(user=request.user, filters=filters)
        number = form.cleaned_data.get("page") if request.method == "POST" else None
        page = Paginator(entries, PAGE_SIZE).get_page(number)
    return render(request, "audit/log.html", {"form": form, "page": page})
