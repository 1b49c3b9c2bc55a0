"""Response headers Django has no setting for: Permissions-Policy, and no-store for client data."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SecurityHeadersMiddleware:
    """Adds ``Permissions-Policy`` to every response and ``Cache-Control: no-store`` to every
    response for a logged-in user (pages and API alike carry client data), unless the view
    chose its own caching.

    The user is read after the view ran, so a user authenticated by an API token (which DRF
    sets on the request inside the view) counts too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.WIJKTEAM_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
