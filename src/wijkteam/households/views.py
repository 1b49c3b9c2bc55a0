"""HTML views of households: the household page, its members and address, and search."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkteam.access.models import EmergencyAccess
from wijkteam.access.permissions import staff_page
from wijkteam.access.selectors import households_known_search
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import cases_visible_to, household_timeline
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.households import services
from wijkteam.households.forms import AddressForm, PersonForm, SearchForm
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.selectors import household_get, households_search, persons_visible_to
from wijkteam.sharing.views import household_sharing_panel

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 25
PERSON_FIELDS = ("role", "given_name", "family_name", "date_of_birth", "phone", "email")
ADDRESS_FIELDS = ("postcode", "house_number", "house_number_suffix", "street", "city")


def _household_or_404(request: HttpRequest, pk: int) -> Household:
    try:
        return household_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    person = (
        persons_visible_to(user=request.user)
        .select_related("household__team")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members, address, team, cases, the current plan, the ZRM chart and the timeline.

    The BSN is deliberately absent: it is not needed here (it is on the person's edit form).
    A colleague in the team who is not on the case goes to what they may know of it instead.
    """
    from wijkteam.access.selectors import households_known_to

    try:
        household = household_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        if households_known_to(user=request.user).filter(pk=pk).exists():
            return redirect("access:known_household", pk=pk)
        raise Http404 from None
    # Main resident first, then partner, children, others: the order of HouseholdRole.
    rank = {role: index for index, role in enumerate(HouseholdRole.values)}
    members = sorted(
        household.members.all(), key=lambda person: (rank.get(person.role, 99), person.pk)
    )
    cases = list(
        cases_visible_to(user=request.user)
        .filter(household=household)
        .select_related("director__user", "team")
        .order_by("-registered_at", "-pk")
    )
    references = {case.pk: case.reference for case in cases}
    timeline = [
        {"entry": entry, "case_reference": references.get(entry.case_id, "")}
        for entry in household_timeline(user=request.user, household=household)
    ]
    context = {
        "household": household,
        "members": members,
        "cases": cases,
        "current_case": cases[0] if cases else None,
        "open_case": next((case for case in cases if case.is_open), None),
        "timeline": timeline,
        "sharing": household_sharing_panel(user=request.user, household=household, members=members),
        "emergency": EmergencyAccess.objects.active()
        .filter(user=request.user, household=household)
        .first(),
    }
    return render(request, "households/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_or_404(request, pk)
    if request.method == "GET":
        role = "main" if not household.members.exists() else "partner"
        form = PersonForm(initial={"role": role})
    else:
        form = PersonForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.person_add(
                    actor=request.user,
                    household=household,
                    bsn=data["bsn"],
                    **{name: data[name] for name in PERSON_FIELDS},
                )
            except DomainError as error:
                form_refuse(form, error)
            else:
                return redirect("households:detail", pk=household.pk)
    context = {"form": form, "household": household, "person": None, "show_bsn": True}
    return render(request, "households/person_form.html", context)


def _mask_bsn(bsn: str) -> str:
    return "•" * (len(bsn) - 3) + bsn[-3:] if bsn else ""


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a member. The BSN shows masked (last three digits) until the user asks to see it,
    because most edits (a new phone number) do not need it."""
    person = _person_or_404(request, pk)
    household = person.household
    # Nothing to mask when there is no BSN: the field is simply there to fill in.
    show_bsn = not person.bsn or request.POST.get("bsn_shown") == "1"
    context: dict[str, Any] = {"household": household, "person": person}

    if request.method == "GET":
        form = PersonForm(
            initial={
                **{name: getattr(person, name) for name in PERSON_FIELDS},
                "version": person.version,
            }
        )
    elif "reveal_bsn" in request.POST:
        # Show the BSN without saving, keeping what was typed so far. An unbound form, so
        # nothing is validated yet.
        logger.info("person_bsn_revealed person=%s", person.pk)
        show_bsn = True
        typed = {name: request.POST.get(name, "") for name in PersonForm.base_fields}
        form = PersonForm(initial={**typed, "bsn": person.bsn})
        # Keyboard and screen-reader users land on what they asked to see.
        form.fields["bsn"].widget.attrs["autofocus"] = True
    else:
        form = PersonForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.person_update(
                    actor=request.user,
                    person=person,
                    expected_version=data["version"],
                    bsn=data["bsn"] if show_bsn else person.bsn,
                    reason=data["reason"],
                    **{name: data[name] for name in PERSON_FIELDS},
                )
            except ConflictError as error:
                if error.code != "stale_version":
                    form_refuse(form, error)
                else:
                    form, context["current"] = _after_conflict(request, form, error, person)
            except DomainError as error:
                form_refuse(form, error)
            else:
                return redirect("households:detail", pk=household.pk)

    context.update(form=form, show_bsn=show_bsn, masked_bsn=_mask_bsn(person.bsn))
    return render(request, "households/person_form.html", context)


def _after_conflict(
    request: HttpRequest, form: Any, error: ConflictError, instance: Person | Household
) -> tuple[Any, Person | Household]:
    """Keep what the user typed, show what is saved now, and accept the next submit on top of
    the current version: they have now seen the other change and decide knowingly."""
    instance.refresh_from_db()
    data = request.POST.copy()
    data["version"] = str(instance.version)
    fresh = type(form)(data)
    fresh.is_valid()
    fresh.add_error(None, str(error.message))
    return fresh, instance


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_or_404(request, pk)
    context: dict[str, Any] = {"household": household}
    if request.method == "GET":
        initial = {name: getattr(household, name) for name in ADDRESS_FIELDS}
        form = AddressForm(initial={**initial, "version": household.version})
    else:
        form = AddressForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.household_update(
                    actor=request.user,
                    household=household,
                    expected_version=data["version"],
                    reason=data["reason"],
                    **{name: data[name] for name in ADDRESS_FIELDS},
                )
            except ConflictError as error:
                if error.code != "stale_version":
                    form_refuse(form, error)
                else:
                    form, context["current"] = _after_conflict(request, form, error, household)
            except DomainError as error:
                form_refuse(form, error)
            else:
                return redirect("households:detail", pk=household.pk)
    context["form"] = form
    return render(request, "households/address_form.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Search visible households.

    A POST form, also for paging (a hidden ``page`` field): search terms are often names or a
    BSN, and a GET query string would put them in server and proxy logs, browser history and
    Referer headers. URLs carry only numeric ids.
    """
    form = SearchForm(request.POST or None)
    page = None
    known = []
    if request.method == "POST" and form.is_valid():
        households = households_search(
            user=request.user, query=form.cleaned_data["q"]
        ).prefetch_related(
            Prefetch("members", queryset=Person.objects.order_by("role", "pk")),
            Prefetch(
                "cases",
                queryset=Case.objects.filter(status__in=OPEN_STATES),
                to_attr="open_cases",
            ),
        )
        page = Paginator(households, SEARCH_PAGE_SIZE).get_page(form.cleaned_data["page"])
        known = households_known_search(user=request.user, query=form.cleaned_data["q"])
    context = {"form": form, "page": page, "known": known, "query": form.data.get("q", "")}
    # htmx swaps only the results, so focus and what was typed stay where they are.
    template = "households/search_results.html" if request.htmx else "households/search.html"
    return render(request, template, context)
