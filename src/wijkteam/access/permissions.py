"""Keeping residents out of the professionals' pages and API.

A resident sees their own file under /mijn/ (and through the few API endpoints made for them);
the caseload, inbox, registration, search and the API's lists are for staff. Selectors already
return a resident no client data there, but staff names, team details and the registration
form are not theirs either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import permissions

from wijkteam.access.roles import is_resident, is_staff_member


def resident_only(user: Any) -> bool:
    """A resident who holds no staff role besides."""
    return is_resident(user) and not is_staff_member(user)


class NotResident(permissions.BasePermission):
    """The API's default (with ``IsAuthenticated``): residents use only the endpoints that say
    so by setting their own ``permission_classes``."""

    message = "This part of the API is for professionals."

    def has_permission(self, request: Any, view: Any) -> bool:
        return not resident_only(request.user)


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``login_required`` and not for residents (403, in Dutch, like any refused page)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if resident_only(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def resident_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``login_required`` and only for a resident; anyone else is told nothing (404, as for a
    file they may not see)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_resident(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
