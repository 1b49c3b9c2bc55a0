"""Who is acting, through which channel, from where: set once per request or command.

The recorder reads it, so selectors and services need no extra arguments to be logged. For the
web the middleware keeps the request itself, and the user is read when an entry is written:
an API token is only authenticated by DRF inside the view, long after middleware ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from wijkteam.audit.models import LogChannel
from wijkteam.core.http import client_address


@dataclass(frozen=True)
class AccessContext:
    channel: str
    origin: str = ""
    actor: Any = None
    request: HttpRequest | None = None

    def current_actor(self) -> Any:
        """The acting user, or ``None`` for the system or an anonymous visitor."""
        user = getattr(self.request, "user", None) if self.request is not None else self.actor
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_SYSTEM = AccessContext(channel=LogChannel.SYSTEM)
_current: ContextVar[AccessContext] = ContextVar("wijkteam_access_context", default=_SYSTEM)


def access_context_current() -> AccessContext:
    return _current.get()


@contextmanager
def access_context(
    *, channel: str = LogChannel.COMMAND, origin: str = "", actor: Any = None
) -> Iterator[AccessContext]:
    """Act as ``actor`` through ``channel`` (a management command: its name as ``origin``)."""
    context = AccessContext(channel=channel, origin=origin[:100], actor=actor)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


class AccessContextMiddleware:
    """Puts the request's channel, address and (lazily) user in the access context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = LogChannel.API if request.path.startswith("/api/") else LogChannel.UI
        token = _current.set(
            AccessContext(channel=channel, origin=client_address(request)[:100], request=request)
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
