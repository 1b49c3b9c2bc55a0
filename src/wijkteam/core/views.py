"""Pages that belong to no domain app: the start page and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Team members start at their caseload, a resident at their own pages, everyone else on
    a page with what their role lets them do."""
    from wijkteam.access.roles import is_resident

    if is_resident(request.user):
        return redirect("residents:overview")
    if request.user.memberships.filter(is_active=True).exists():
        return redirect("cases:caseload")
    return render(request, "wijkteam/start.html", {"roles": _start_roles(request.user)})


def _start_roles(user) -> set[str]:
    from wijkteam.access.roles import user_roles
    from wijkteam.access.selectors import may_ask_known
    from wijkteam.knowledgenetwork.selectors import participants_of

    roles = {str(role) for role in user_roles(user)}
    if may_ask_known(user):
        roles.add("may_ask_known")
    if user.is_staff:
        roles.add("admin")
    # Who answers the knowledge-network monitor for their municipality (no role group of its
    # own: the link to a participant is the permission).
    if participants_of(user=user).exists():
        roles.add("network_respondent")
    return roles


def _error(request: HttpRequest, status: int) -> HttpResponse:
    # Error pages say what happened in plain Dutch and never show a trace or client data.
    return render(request, "wijkteam/error.html", {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An API path that matches no route (``/api/households/-1/``, ``/api/nergens/``): the
        # API's one error shape, as for an id that does not exist, not an HTML page.
        from django.utils.translation import gettext as _

        from wijkteam.core.api import error_body

        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
