"""No page or API data for a staff login that has not passed the second factor yet.

Installed right after django-otp's ``OTPMiddleware``, which tells from the session whether this
login was confirmed with a code (``request.user.is_verified()``). A logged-in staff user who
has not confirmed is sent to the code page, or to set up an app when they have none yet; an API
request on such a session gets a 403 in the API's error shape. Only the pages needed to get
there stay open: logging in and out, the second factor's own pages, static files, the language
switch, the API token endpoint (which asks for the code itself) and the public API schema.

API requests that carry ``Authorization: Token …`` are left to DRF: its token authentication
either accepts the token (issued only after the code was checked) or refuses the request; it
never falls back to the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wijkteam.accounts.selectors import (
    second_factor_device,
    second_factor_required,
    second_factor_verified,
)
from wijkteam.accounts.views import url_with_next
from wijkteam.core.api import error_body

# URL names that stay reachable before the second factor.
OPEN_VIEWS = frozenset({"login", "logout", "set_language", "api-token", "api-schema", "api-docs"})
OPEN_NAMESPACES = frozenset({"twofactor"})
API_PREFIX = "/api/"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        # Checked from cheapest to dearest: most requests stop at the first two tests.
        if not settings.WIJKTEAM_2FA_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._is_open(request):
            return None
        if second_factor_verified(user=user) or not second_factor_required(user=user):
            return None
        enrolled = second_factor_device(user=user) is not None
        target = "twofactor:verify" if enrolled else "twofactor:enrol"
        if request.path.startswith(API_PREFIX):
            return self._api_refusal(target)
        next_url = request.get_full_path() if request.method == "GET" else request.path
        url = url_with_next(target, next_url)
        if request.headers.get("HX-Request") == "true":
            # A fragment request: have htmx load the whole page instead of swapping it in.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return True
        if request.path.startswith(API_PREFIX) and request.headers.get(
            "Authorization", ""
        ).lower().startswith("token "):
            return True
        match = request.resolver_match
        if match is None:
            return False
        return match.view_name in OPEN_VIEWS or bool(OPEN_NAMESPACES & set(match.namespaces))

    @staticmethod
    def _api_refusal(target: str) -> JsonResponse:
        if target == "twofactor:enrol":
            detail = _(
                "Set up two-step verification in the web application first; then confirm your "
                "login there with a code from your authenticator app."
            )
        else:
            detail = _("Confirm your login with a code from your authenticator app first.")
        body = error_body(
            "second_factor_required", detail, extra={"url": url_with_next(target, "")}
        )
        return JsonResponse(body, status=403)
