"""Themes: setting the themes of a case (on the case page), and the pages where the functional
administrator keeps the list, under /zaken/themas/.

Thin, like the other case views: ``wijkteam.cases.themes`` holds the rules. The list pages show
the themes only (name, code, description, active): how many cases carry a theme is an aggregate,
which belongs to the monitoring and its small-number suppression, not here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.cases import themes as services
from wijkteam.cases.forms import CaseThemesForm, ThemeActiveForm, ThemeForm
from wijkteam.cases.models import Theme
from wijkteam.cases.views.casework import case_or_404, invalid, refuse
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.forms import form_refuse

# The case page --------------------------------------------------------------------------------


@login_required
@require_POST
def case_themes(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the themes of a case; a change someone made meanwhile is refused (409)."""
    case = case_or_404(request, pk)
    _carried, choices = services.case_themes_and_choices(case=case)
    form = CaseThemesForm(request.POST, choices=choices)
    if not form.is_valid():
        return invalid(request, case, form)
    try:
        services.case_themes_set(
            actor=request.user,
            case=case,
            themes=form.cleaned_data["themes"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except DomainError as error:
        return refuse(request, pk, form, error)
    messages.success(request, _("The themes of the case are saved."))
    return redirect("cases:detail", pk=pk)


# The list ---------------------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not services.may_manage_themes(user=request.user):
        raise PermissionDenied


def _theme_or_404(request: HttpRequest, pk: int) -> Theme:
    try:
        return services.theme_get(user=request.user, pk=pk)
    except NotFoundOrHidden:
        raise Http404 from None


@staff_page
@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    """Every theme, active first, for the functional administrator."""
    _require_manager(request)
    themes = list(services.themes_visible_to(user=request.user))
    return render(request, "cases/themes.html", {"themes": themes})


def _version_now(form: ThemeForm | ThemeActiveForm, theme: Theme) -> None:
    """After a refusal the typed values stay, but the hidden version becomes the current one:
    the page shows the theme as it is now, and sending again is a deliberate choice."""
    theme.refresh_from_db()
    data = form.data.copy()
    data["version"] = str(theme.version)
    form.data = data


def _form_page(
    request: HttpRequest, form: ThemeForm, *, theme: Theme | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "theme": theme,
        "active_form": ThemeActiveForm(initial={"version": theme.version}) if theme else None,
    }
    return render(request, "cases/theme_form.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    if request.method == "GET":
        return _form_page(request, ThemeForm())
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    try:
        services.theme_create(
            actor=request.user,
            name=data["name"],
            code=data["code"],
            description=data["description"],
        )
    except DomainError as error:
        form_refuse(form, error)
        return _form_page(request, form, status=error.status_code)
    messages.success(request, _("The theme is added to the list."))
    return redirect("cases:themes")


@staff_page
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename or describe a theme; a change made meanwhile gives 409."""
    _require_manager(request)
    theme = _theme_or_404(request, pk)
    if request.method == "GET":
        initial = {
            "name": theme.name,
            "description": theme.description,
            "version": theme.version,
        }
        return _form_page(request, ThemeForm(initial=initial, editing=True), theme=theme)
    form = ThemeForm(request.POST, editing=True)
    if not form.is_valid():
        return _form_page(request, form, theme=theme, status=400)
    data = form.cleaned_data
    version = data.get("version")
    try:
        services.theme_update(
            actor=request.user,
            theme=theme,
            expected_version=version if version is not None else -1,
            name=data["name"],
            description=data["description"],
        )
    except DomainError as error:
        form_refuse(form, error)
        _version_now(form, theme)
        return _form_page(request, form, theme=theme, status=error.status_code)
    messages.success(request, _("The theme is saved."))
    return redirect("cases:themes")


@staff_page
@require_POST
def theme_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a theme no longer used for new questions, or activate it again."""
    _require_manager(request)
    theme = _theme_or_404(request, pk)
    form = ThemeActiveForm(request.POST)
    active = request.POST.get("active") == "true"
    if form.is_valid():
        try:
            services.theme_set_active(
                actor=request.user,
                theme=theme,
                active=active,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form_refuse(form, error)
    if form.errors:
        _version_now(form, theme)
        context = {
            "form": ThemeForm(
                initial={
                    "name": theme.name,
                    "description": theme.description,
                    "version": theme.version,
                },
                editing=True,
            ),
            "theme": theme,
            "active_form": form,
        }
        status = 409 if getattr(form, "refusal_code", "") == "stale_version" else 400
        return render(request, "cases/theme_form.html", context, status=status)
    if active:
        messages.success(request, _("The theme is active again: it can be chosen."))
    else:
        messages.success(
            request,
            _("The theme is deactivated: cases keep it, but it is no longer offered."),
        )
    return redirect("cases:themes")


urlpatterns = [
    path("<int:pk>/themas/", case_themes, name="case_themes"),
    path("themas/", theme_list, name="themes"),
    path("themas/nieuw/", theme_create, name="theme_create"),
    path("themas/<int:pk>/wijzigen/", theme_edit, name="theme_edit"),
    path("themas/<int:pk>/actief/", theme_set_active, name="theme_set_active"),
]
