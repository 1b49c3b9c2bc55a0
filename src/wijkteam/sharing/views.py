"""HTML views of grounds for sharing, for the professionals on a household.

The household page shows the grounds and the forms (``household_sharing_panel``); the forms
post here. A refused form is shown again on a page of its own, with everything typed and the
message at its field; a success goes back to the household page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.accounts.models import User
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.households.models import Household, Person
from wijkteam.households.selectors import household_get
from wijkteam.sharing import services
from wijkteam.sharing.forms import GroundForm, WithdrawForm
from wijkteam.sharing.models import SharingGround
from wijkteam.sharing.selectors import grounds_of, overrides_of, sharing_ground_get


def household_sharing_panel(
    *, user: User, household: Household, members: list[Person] | None = None
) -> dict[str, Any]:
    """What the household page's section "Sharing data" shows.

    ``household`` must have come through ``household_get``: that checked that ``user`` sees
    its content and logged the page as ``household_viewed``, which covers what the page shows,
    so this adds no check and no log entry of its own (the API and the resident's view read
    through ``sharing_grounds_for``, which do both).
    """
    grounds = list(grounds_of(household))
    if members is None:
        members = list(household.members.all())
    return {
        "household": household,
        "grounds": [
            {
                "ground": ground,
                "withdraw_form": WithdrawForm(
                    ground_pk=ground.pk, initial={"expected_version": ground.version}
                )
                if ground.is_active
                else None,
            }
            for ground in grounds
        ],
        "overrides": list(overrides_of(household)),
        "form": GroundForm(members=members),
    }


def _household_or_404(request: HttpRequest, pk: int) -> Household:
    try:
        return household_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _back(household_id: int) -> str:
    return reverse("households:detail", args=[household_id]) + "#sharing-title"


@login_required
@require_http_methods(["GET", "POST"])
def ground_record(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_or_404(request, pk)
    members = list(household.members.all())
    if request.method == "GET":
        form = GroundForm(members=members)
        return render(request, "sharing/ground_form.html", {"household": household, "form": form})
    form = GroundForm(request.POST, members=members)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.sharing_ground_record(
                actor=request.user,
                household=household,
                party=data["party"],
                purpose=data["purpose"],
                basis=data["basis"],
                party_name=data["party_name"],
                purpose_detail=data["purpose_detail"],
                consent_given_on=data["consent_given_on"],
                consent_scope=data["consent_scope"],
                consent_by=form.chosen_person(),
                legal_task=data["legal_task"],
                legal_task_other=data["legal_task_other"],
            )
        except NotFoundOrHidden:
            raise Http404 from None
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Ground for sharing recorded."))
            return redirect(_back(household.pk))
    context = {"household": household, "form": form}
    return render(request, "sharing/ground_form.html", context, status=status)


def _ground_or_404(request: HttpRequest, pk: int) -> tuple[SharingGround, Household]:
    # These pages are the professionals'; a resident withdraws consent in their own view.
    try:
        ground = sharing_ground_get(user=request.user, pk=pk, residents=False)
    except NotFoundOrHidden:
        raise Http404 from None
    return ground, ground.household


@login_required
@require_http_methods(["GET", "POST"])
def ground_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    ground, household = _ground_or_404(request, pk)
    if request.method == "GET":
        form = WithdrawForm(ground_pk=ground.pk, initial={"expected_version": ground.version})
        context = {"household": household, "ground": ground, "form": form}
        return render(request, "sharing/withdraw_form.html", context)
    form = WithdrawForm(request.POST, ground_pk=ground.pk)
    status = 400
    if form.is_valid():
        try:
            services.sharing_ground_withdraw(
                actor=request.user,
                ground=ground,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except NotFoundOrHidden:
            raise Http404 from None
        except DomainError as error:
            form_refuse(form, error)
            status = error.status_code
            # The page shows the ground as it is now; sending again is a deliberate choice.
            ground.refresh_from_db()
            data = form.data.copy()
            data[form.add_prefix("expected_version")] = str(ground.version)
            form.data = data
        else:
            messages.success(request, _("Ground for sharing withdrawn."))
            return redirect(_back(household.pk))
    context = {"household": household, "ground": ground, "form": form}
    return render(request, "sharing/withdraw_form.html", context, status=status)
