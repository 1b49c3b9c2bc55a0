"""Errors the core raises, with a Dutch message for people and a stable code for programs.

Views show ``message`` next to the form field it names; the API turns the same error into a
structured 4xx (see ``wijkteam.core.api``). Messages never contain personal data.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request: HTTP 400, shown on the form."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.extra = extra or {}


class ConflictError(DomainError):
    """The request conflicts with the current state (a second open case, a stale edit): 409."""

    status_code = 409
    default_code = "conflict"


class Forbidden(DomainError):
    """The user's role does not allow this at all (not: this object is hidden): 403."""

    status_code = 403
    default_code = "forbidden"


class NotFoundOrHidden(DomainError):
    """The object does not exist or the user may not see it; the two are not told apart: 404."""

    status_code = 404
    default_code = "not_found"
