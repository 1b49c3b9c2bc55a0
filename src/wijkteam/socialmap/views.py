"""HTML pages of the social map, under /sociale-kaart/. Thin: the rules are in services and
selectors.

Search terms travel in the query string here, unlike the household search: they are words
about provisions ("schuld", "taalcafé"), not about people, and a search that can be bookmarked
and shared within the team is worth it.
"""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.access.roles import is_staff_member
from wijkteam.core.csvio import ImportRefused, row_error_format
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.socialmap import services
from wijkteam.socialmap.filters import ProvisionFilter
from wijkteam.socialmap.forms import ActiveForm, ImportForm, ProvisionForm
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.selectors import provision_get, provisions_visible_to

PAGE_SIZE = 25


def _provision_or_404(request: HttpRequest, pk: int) -> Provision:
    try:
        return provision_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


def _require_manager(request: HttpRequest) -> None:
    if not services.may_manage(user=request.user):
        raise PermissionDenied


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Search the social map: free text and filters, lowest step first, 25 per page."""
    search = ProvisionFilter(request.GET, queryset=provisions_visible_to(user=request.user))
    status = 200
    if search.is_valid():
        provisions = search.qs
    else:
        provisions = Provision.objects.none()
        status = 400
    page = Paginator(provisions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": search,
        "page": page,
        "may_manage": services.may_manage(user=request.user),
    }
    return render(request, "socialmap/index.html", context, status=status)


@staff_page
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    provision = _provision_or_404(request, pk)
    context = {
        "provision": provision,
        "may_manage": services.may_manage(user=request.user),
        "active_form": ActiveForm(initial={"version": provision.version}),
    }
    return render(request, "socialmap/detail.html", context)


def _form_page(
    request: HttpRequest,
    form: ProvisionForm,
    *,
    provision: Provision | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "provision": provision}
    return render(request, "socialmap/form.html", context, status=status)


def _form_values(form: ProvisionForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    data["areas"] = list(data["areas"])
    data["neighbourhoods"] = list(data["neighbourhoods"])
    return data


@staff_page
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """The functional administrator adds a provision."""
    _require_manager(request)
    if request.method == "GET":
        return _form_page(request, ProvisionForm())
    form = ProvisionForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        provision = services.provision_create(actor=request.user, **_form_values(form))
    except DomainError as error:
        form_refuse(form, error)
        return _form_page(request, form, status=error.status_code)
    messages.success(request, _("The provision is added to the social map."))
    return redirect("socialmap:detail", pk=provision.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The functional administrator changes a provision; a change made meanwhile gives 409."""
    _require_manager(request)
    provision = _provision_or_404(request, pk)
    if request.method == "GET":
        initial = {
            "name": provision.name,
            "provider": provision.provider,
            "kind": provision.kind,
            "step": provision.step,
            "domains": provision.domains,
            "description": provision.description,
            "conditions": provision.conditions,
            "areas": list(provision.areas.all()),
            "neighbourhoods": list(provision.neighbourhoods.all()),
            "phone": provision.phone,
            "email": provision.email,
            "website": provision.website,
            "address": provision.address,
            "version": provision.version,
        }
        return _form_page(request, ProvisionForm(initial=initial), provision=provision)
    form = ProvisionForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, provision=provision, status=400)
    version = form.cleaned_data.get("version")
    try:
        services.provision_update(
            actor=request.user,
            provision=provision,
            expected_version=version if version is not None else -1,
            **_form_values(form),
        )
    except DomainError as error:
        form_refuse(form, error)
        return _form_page(request, form, provision=provision, status=error.status_code)
    messages.success(request, _("The provision is saved."))
    return redirect("socialmap:detail", pk=provision.pk)


@staff_page
@require_POST
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a provision that is no longer offered, or activate it again."""
    _require_manager(request)
    provision = _provision_or_404(request, pk)
    form = ActiveForm(request.POST)
    active = request.POST.get("active") == "true"
    if form.is_valid():
        try:
            services.provision_set_active(
                actor=request.user,
                provision=provision,
                active=active,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form_refuse(form, error)
    if form.errors:
        context = {"provision": provision, "may_manage": True, "active_form": form}
        status = 409 if getattr(form, "refusal_code", "") == "stale_version" else 400
        return render(request, "socialmap/detail.html", context, status=status)
    if active:
        messages.success(request, _("The provision is active again."))
    else:
        messages.success(request, _("The provision is deactivated: it is no longer offered."))
    return redirect("socialmap:detail", pk=provision.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    """The functional administrator uploads a CSV file; all rows or none are saved."""
    _require_manager(request)
    if request.method == "GET":
        return render(request, "socialmap/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    row_errors: list[str] = []
    status = 400
    if form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("Save the file as UTF-8 text (CSV UTF-8) and try again."))
        else:
            try:
                summary = services.provisions_import(stream=io.StringIO(text), actor=request.user)
            except ImportRefused as refused:
                form.add_error("file", str(refused.message))
                row_errors = [row_error_format(error) for error in refused.errors]
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("%(rows)d rows read: %(created)d provisions added, %(updated)d changed.")
                    % {
                        "rows": summary.rows,
                        "created": summary.created,
                        "updated": summary.updated,
                    },
                )
                return redirect("socialmap:index")
    context = {"form": form, "row_errors": row_errors}
    return render(request, "socialmap/import.html", context, status=status)


@staff_page
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The whole catalogue as CSV in the import format (reference data: every staff member)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"sociale-kaart-{date.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    services.provisions_export(stream=response)
    return response
