"""Facts about a request that more than one part of the project needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address, as lockouts count it and the access log records it.

    Behind ``WIJKTEAM_PROXY_COUNT`` proxies, the entry the outermost of our proxies appended to
    X-Forwarded-For; entries left of it are whatever the client wrote, and trusting them would
    let a guesser dodge the lockout with a new made-up address per attempt.
    """
    proxies = settings.WIJKTEAM_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
