"""A deploy check: production without the second factor for staff is a mistake worth a warning."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def check_second_factor_required(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``manage.py check --deploy`` warns when staff may log in with a password alone."""
    if settings.DEBUG or settings.WIJKTEAM_2FA_REQUIRED:
        return []
    return [
        CheckWarning(
            "WIJKTEAM_2FA_REQUIRED is off outside development: staff log in with a password alone.",
            hint="Unset WIJKTEAM_2FA_REQUIRED or set it to true; it is meant to be off only for "
            "the demo.",
            id="wijkteam.accounts.W001",
        )
    ]
