"""What a locked-out login gets (django-axes): the login page with an explanation.

Axes refuses a username+address after ``AXES_FAILURE_LIMIT`` failed logins for
``AXES_COOLOFF_TIME``; see the login throttling settings. The API token endpoint answers with
the same message in the API's error shape (``wijkteam.core.api.TokenObtainView``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKOUT_STATUS = 429


def lockout_message() -> str:
    """The translated explanation; it names no username, since a shared screen should not show
    whose account was being guessed at."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed login attempts. Logging in with this username from this computer is "
        "blocked for %(minutes)d minute. Try again later, or ask your functional administrator.",
        "Too many failed login attempts. Logging in with this username from this computer is "
        "blocked for %(minutes)d minutes. Try again later, or ask your functional administrator.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login form again, empty, under the lockout message."""
    context = {"form": AuthenticationForm(request), "lockout_message": lockout_message()}
    return render(request, "registration/login.html", context, status=LOCKOUT_STATUS)
