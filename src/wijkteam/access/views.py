"""Pages of the access model: a household known to the team, emergency access, the hit/no-hit
question, and the coordinator's overview of emergency access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.access import services
from wijkteam.access.forms import EmergencyAccessForm, KnownLookupForm
from wijkteam.access.models import EmergencyAccess
from wijkteam.access.selectors import (
    emergency_accesses_for_coordinator,
    household_known_get,
    households_known_to,
    known_lookup,
    may_ask_known,
)
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def known_household(request: HttpRequest, pk: int) -> HttpResponse:
    """A household of the team whose file the user is not on: who directs it, and the way in
    for an emergency."""
    try:
        known = household_known_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None
    if known.visible:
        return redirect("households:detail", pk=pk)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = households_known_to(user=request.user).get(pk=pk)
        try:
            services.emergency_access_start(
                actor=request.user, household=household, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_refuse(form, error)
        else:
            messages.warning(
                request,
                _("Emergency access is open until it expires; every page you view is logged."),
            )
            return redirect("households:detail", pk=pk)
    return render(request, "access/known_household.html", {"known": known, "form": form})


@login_required
@require_POST
def emergency_end(request: HttpRequest, pk: int) -> HttpResponse:
    access = EmergencyAccess.objects.filter(pk=pk, user=request.user).first()
    if access is None:
        raise Http404
    services.emergency_access_end(actor=request.user, access=access)
    messages.success(request, _("Emergency access ended."))
    return redirect("cases:caseload")


@login_required
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """ "Is this person or address known to a team?" for other teams and the back office."""
    if not may_ask_known(request.user):
        raise PermissionDenied
    form = KnownLookupForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = known_lookup(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form_refuse(form, error)
    return render(request, "access/lookup.html", {"form": form, "result": result})


@login_required
def emergency_overview(request: HttpRequest) -> HttpResponse:
    """The team coordinator's view of every emergency access to their team's households."""
    accesses = emergency_accesses_for_coordinator(user=request.user)
    if not request.user.memberships.filter(is_active=True, is_coordinator=True).exists():
        raise PermissionDenied
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "access/emergency_overview.html", {"page": page})
