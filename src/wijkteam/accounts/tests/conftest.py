"""Helpers for the second factor's tests: the setting on, a confirmed authenticator app, and
the code that app would show, computed from the device's key as a real app does."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils.translation import gettext, override
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import User


@pytest.fixture
def two_factor(settings):
    """Two-step verification required, as in production (the test settings switch it off)."""
    settings.WIJKTEAM_2FA_REQUIRED = True
    return settings


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """DRF's token throttle counts in the process-wide cache; start and end each test clean."""
    cache.clear()
    yield
    cache.clear()


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code ``device``'s app shows now, or ``steps_ahead`` periods of 30 seconds later.

    A code is accepted once: a second login in the same period needs the next period's code,
    which django-otp accepts too (tolerance of one period either way).
    """
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A 6-digit code that none of the accepted periods would show."""
    accepted = {code_for(device, steps_ahead=offset) for offset in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(10**6)) if code not in accepted)


def enrol(user: User) -> TOTPDevice:
    """A confirmed authenticator app for ``user``, as if set up earlier."""
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def nl(text: str, **values: object) -> str:
    with override("nl"):
        translated = gettext(text)
    return translated % values if values else translated
