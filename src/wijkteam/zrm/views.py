"""HTML views of the ZRM: scoring an assessment on a case, with each level's meaning in view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.cases.views.casework import case_or_404, form_refuse, keep_typed
from wijkteam.core.errors import DomainError
from wijkteam.zrm.forms import AssessmentForm
from wijkteam.zrm.models import Assessment, AssessmentKind
from wijkteam.zrm.services import assessment_create as assessment_create_service


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A new ZRM assessment on a case: intake or follow-up, for the household or one member."""
    case = case_or_404(request, case_pk)
    members = list(case.household.members.all())
    has_intake = Assessment.objects.filter(case=case, kind=AssessmentKind.INTAKE).exists()
    if request.method == "GET":
        form = AssessmentForm(
            members=members, has_intake=has_intake, initial={"expected_version": case.version}
        )
        return _render(request, case, form)

    form = AssessmentForm(request.POST, members=members, has_intake=has_intake)
    if not form.is_valid():
        return _render(request, case, form, status=400)
    data = form.cleaned_data
    person = next((member for member in members if member.pk == data["person"]), None)
    try:
        assessment_create_service(
            actor=request.user,
            case=case,
            kind=data["kind"],
            scores=form.scores(),
            assessed_on=data["assessed_on"],
            person=person,
            note=data["note"],
        )
    except DomainError as error:
        form_refuse(form, error)
        case = case_or_404(request, case_pk)
        keep_typed(form, case)
        return _render(request, case, form, status=error.status_code)
    messages.success(request, _("ZRM assessment recorded."))
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#zrm")


def _render(request: HttpRequest, case, form: AssessmentForm, *, status: int = 200) -> HttpResponse:
    return render(request, "zrm/assessment_form.html", {"case": case, "form": form}, status=status)
