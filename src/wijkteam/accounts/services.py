"""Writes of the second factor: setting up an authenticator app and checking its codes.

django-otp keeps the device (a ``TOTPDevice`` holding the shared secret) and throttles wrong
codes per device: after *n* wrong codes in a row the next attempt must wait
``OTP_TOTP_THROTTLE_FACTOR * 2**(n-1)`` seconds, on the web and on the API token endpoint alike.
The password step is throttled separately, per username and address, by django-axes.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import User
from wijkteam.accounts.selectors import second_factor_device, second_factor_required
from wijkteam.core.errors import ConflictError, DomainError

logger = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"\d{6}")
# What the admin lists; authenticator apps show OTP_TOTP_ISSUER and the username instead.
DEVICE_NAME = "authenticator app"


class SecondFactorThrottled(DomainError):
    """Too many wrong codes in a row: the device refuses codes for a while (HTTP 429)."""

    status_code = 429
    default_code = "second_factor_throttled"


def _throttle_message(locked_until: datetime) -> tuple[str, int]:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        message = ngettext(
            "Too many wrong codes in a row. Wait %(count)d second, then enter the code your app "
            "shows at that moment.",
            "Too many wrong codes in a row. Wait %(count)d seconds, then enter the code your app "
            "shows at that moment.",
            seconds,
        ) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        message = ngettext(
            "Too many wrong codes in a row. Wait %(count)d minute, then enter the code your app "
            "shows at that moment. Ask your functional administrator if this keeps happening.",
            "Too many wrong codes in a row. Wait %(count)d minutes, then enter the code your app "
            "shows at that moment. Ask your functional administrator if this keeps happening.",
            minutes,
        ) % {"count": minutes}
    return message, seconds


def _check_code(*, device: TOTPDevice, code: str, field: str) -> TOTPDevice:
    """Verify ``code`` against ``device``, counting a wrong code towards its throttling.

    The error is raised only after the transaction that recorded the failure has committed, so
    a refused code cannot undo its own count.
    """
    code = "".join((code or "").split())
    if not code:
        raise DomainError(
            _("Enter the code from your authenticator app."), code="otp_required", field=field
        )
    if not CODE_PATTERN.fullmatch(code):
        raise DomainError(
            _("A code has 6 digits. Enter the code your authenticator app shows now."),
            code="invalid_otp",
            field=field,
        )
    with transaction.atomic():
        # Locked, so two attempts at once cannot both use the same code or dodge the throttle.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        verified = allowed and device.verify_token(code)
    if not allowed:
        message, seconds = _throttle_message(details["locked_until"])
        logger.info("second_factor_throttled user=%s", device.user_id)
        raise SecondFactorThrottled(message, field=field, extra={"retry_after": seconds})
    if not verified:
        logger.info(
            "second_factor_failed user=%s failures=%s",
            device.user_id,
            device.throttling_failure_count,
        )
        raise DomainError(
            _("This code is not right or has expired. Enter the code your app shows now."),
            code="invalid_otp",
            field=field,
        )
    return device


def second_factor_enrolment_start(*, actor: User) -> TOTPDevice:
    """The not yet confirmed authenticator app of ``actor``, made on first call.

    Reloading the page shows the same secret again. Someone who already has a confirmed app
    cannot add another here: a new phone goes through the functional administrator, so a
    stolen password alone never links an attacker's app.
    """
    with transaction.atomic():
        # One unconfirmed device per user, also when the page is opened twice at once.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if second_factor_device(user=actor) is not None:
            raise ConflictError(
                _(
                    "Two-step verification is already set up for your account. For a new phone, "
                    "ask your functional administrator to reset it."
                ),
                code="second_factor_already_enrolled",
            )
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    return device


def second_factor_enrolment_confirm(*, actor: User, code: str) -> TOTPDevice:
    """Confirm ``actor``'s new authenticator app with a code it shows; only then it counts."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None or second_factor_device(user=actor) is not None:
        raise ConflictError(
            _("This QR code is no longer valid. Open the set-up page again."),
            code="second_factor_enrolment_gone",
            field="code",
        )
    device = _check_code(device=device, code=code, field="code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    logger.info("second_factor_enrolled user=%s", actor.pk)
    return device


def second_factor_verify(*, actor: User, code: str, field: str = "code") -> TOTPDevice:
    """Check a code of ``actor``'s confirmed authenticator app; the device that accepted it."""
    device = second_factor_device(user=actor)
    if device is None:
        raise DomainError(
            _(
                "Two-step verification is not set up for your account yet. Log in to the web "
                "application to set it up with an authenticator app."
            ),
            code="second_factor_not_enrolled",
            field=field,
        )
    device = _check_code(device=device, code=code, field=field)
    logger.info("second_factor_verified user=%s", actor.pk)
    return device


def second_factor_token_check(*, user: User, code: str) -> None:
    """For the API token endpoint: a staff user whose password was right must also send ``otp``,
    a code of their confirmed authenticator app. Nothing to check for anyone else."""
    if second_factor_required(user=user):
        second_factor_verify(actor=user, code=code, field="otp")
