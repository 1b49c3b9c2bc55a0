"""HTML views of the rights app: the subject-access export (page and JSON download) and the
household's rights page (restriction, erasure). Thin: the rules are in services and selectors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijkteam.audit.services import access_log_read
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.households.models import Household, HouseholdRole
from wijkteam.households.selectors import household_get, households_visible_to
from wijkteam.rights import services
from wijkteam.rights.forms import EraseForm, LiftForm, RestrictForm
from wijkteam.rights.models import Restriction
from wijkteam.rights.selectors import (
    household_erasure,
    household_restriction,
    may_manage_rights,
    subject_access_export_for,
)


def _export_or_404(request: HttpRequest, person_id: int) -> dict[str, Any]:
    try:
        return subject_access_export_for(user=request.user, person_id=person_id)
    except NotFoundOrHidden:
        raise Http404 from None


@login_required
@require_GET
def export_html(request: HttpRequest, person_id: int) -> HttpResponse:
    """Everything held about a person, readable and printable: the browser's "Print → Save as
    PDF" gives the PDF to hand over (the page's print style drops the navigation)."""
    export = _export_or_404(request, person_id)
    staff = households_visible_to(user=request.user).filter(pk=export["household"]["id"]).exists()
    return render(request, "rights/export.html", {"export": export, "for_staff": staff})


@login_required
@require_GET
def export_json(request: HttpRequest, person_id: int) -> HttpResponse:
    """The same export as a JSON file (machine-readable, AVG art. 15(3) and 20)."""
    export = _export_or_404(request, person_id)
    body = json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # Only the numeric id in the file name: a name would end up in download folders and logs.
    response["Content-Disposition"] = f'attachment; filename="inzage-persoon-{person_id}.json"'
    return response


def _household_or_404(request: HttpRequest, pk: int) -> Household:
    """For those who see the file (logged by ``household_get``), and for the team coordinator,
    who manages rights without seeing the file (logged as ``household_rights_viewed``)."""
    try:
        return household_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        household = Household.objects.select_related("team").filter(pk=pk).first()
        if household is None or not may_manage_rights(user=request.user, household=household):
            raise Http404 from None
        access_log_read(
            event="household_rights_viewed",
            object_type="households.household",
            object_id=pk,
            household_id=pk,
        )
        return household


def _page(request: HttpRequest, household: Household, *, status: int = 200, **forms: Any) -> Any:
    rank = {role: index for index, role in enumerate(HouseholdRole.values)}
    members = sorted(household.members.all(), key=lambda p: (rank.get(p.role, 99), p.pk))
    sees_file = households_visible_to(user=request.user).filter(pk=household.pk).exists()
    context = {
        "household": household,
        # Without sight of the file (a coordinator), members by their role only.
        "members": members,
        "sees_file": sees_file,
        "restriction": household_restriction(household=household),
        "restrictions": Restriction.objects.filter(household=household).select_related(
            "started_by", "lifted_by"
        ),
        "erasure": household_erasure(household=household),
        "may_manage": may_manage_rights(user=request.user, household=household),
        "restrict_form": forms.get("restrict_form") or RestrictForm(),
        "lift_form": forms.get("lift_form") or LiftForm(),
        "erase_form": forms.get("erase_form") or EraseForm(),
    }
    return render(request, "rights/household.html", context, status=status)


@login_required
@require_GET
def household(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's rights: exports per member, restriction and its history, erasure."""
    return _page(request, _household_or_404(request, pk))


def _step(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_key: str,
    act: Callable[..., Any],
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """One rights step with a reason: parse the form, call the service, and on a refusal show
    the rights page again with the message and what was typed."""
    household = _household_or_404(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, household, status=400, **{form_key: form})
    try:
        result = act(actor=request.user, household=household, reason=form.cleaned_data["reason"])
    except NotFoundOrHidden:
        raise Http404 from None
    except DomainError as error:
        form_refuse(form, error)
        return _page(request, household, status=error.status_code, **{form_key: form})
    return done(result)


def _back_to_rights(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("rights:household", pk=pk)


@login_required
@require_POST
def restrict(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=RestrictForm,
        form_key="restrict_form",
        act=services.restriction_start,
        done=lambda _restriction: _back_to_rights(
            request, pk, _("Processing of this household's file is now restricted.")
        ),
    )


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=LiftForm,
        form_key="lift_form",
        act=services.restriction_lift,
        done=lambda _restriction: _back_to_rights(request, pk, _("The restriction is lifted.")),
    )


@login_required
@require_POST
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    def done(erasure: Any) -> HttpResponse:
        messages.success(
            request,
            _("The file of household %(reference)s was erased.")
            % {"reference": erasure.household_reference},
        )
        if erasure.action == "delete":
            return redirect("households:search")
        return redirect("households:detail", pk=pk)

    return _step(
        request,
        pk,
        form_class=EraseForm,
        form_key="erase_form",
        act=services.household_erase,
        done=done,
    )
