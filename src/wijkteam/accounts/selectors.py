"""Reads about a user's second factor: whether it applies to them and which device they have."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.access.roles import is_staff_member
from wijkteam.accounts.models import User


def second_factor_required(*, user: User) -> bool:
    """Whether ``user`` must confirm a login with a code from their authenticator app.

    Every staff role must, when ``WIJKTEAM_2FA_REQUIRED`` is on; residents never do here
    (in production they log in through DigiD, which brings its own second factor).
    """
    return bool(settings.WIJKTEAM_2FA_REQUIRED and is_staff_member(user))


def second_factor_device(*, user: User) -> TOTPDevice | None:
    """The confirmed authenticator app of ``user``, or ``None`` when they have not set one up."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_verified(*, user: User) -> bool:
    """Whether this login session was confirmed with a code (set by django-otp's middleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())
