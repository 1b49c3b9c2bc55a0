"""The second factor in the web UI: set up an authenticator app, confirm a login with a code,
and see that it is on.

``wijkteam.accounts.middleware`` sends staff here after their password. These views parse the
code, call the core (``services``) and render; a refused code comes back at the code field.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode
from xml.etree import ElementTree

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from wijkteam.accounts.forms import CodeForm
from wijkteam.accounts.selectors import (
    second_factor_device,
    second_factor_required,
    second_factor_verified,
)
from wijkteam.accounts.services import (
    second_factor_enrolment_confirm,
    second_factor_enrolment_start,
    second_factor_verify,
)
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.core.forms import form_refuse


def _next_url(request: HttpRequest, value: str) -> str:
    """``value`` if it is a path on this site, else the start page after logging in."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def url_with_next(name: str, next_url: str) -> str:
    """The URL of the page ``name``, carrying where to go afterwards (a path: ids only)."""
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _requested_next(request: HttpRequest) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


def _mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session key for the raised level of trust, as for a login.
    request.session.cycle_key()
    otp_login(request, device)


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's ``otpauth://`` URL as an inline SVG QR code.

    qrcode's path factory draws with ``fill`` attributes only: no ``style`` attribute or
    element, so the strict CSP lets it through. The white background keeps it scannable on any
    page colour.
    """
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, border=4)
    svg = image.get_image()
    svg.set("class", "qr-code")
    svg.set("role", "img")
    svg.set("aria-label", _("QR code to scan with your authenticator app"))
    # A fixed size in pixels; the viewBox scales the drawing to it.
    svg.set("width", "240")
    svg.set("height", "240")
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))  # noqa: S308 - built here


def secret_for_typing(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with a code."""
    user = request.user
    next_value = _requested_next(request)
    if not second_factor_required(user=user):
        return redirect("twofactor:status")
    if second_factor_device(user=user) is not None:
        if second_factor_verified(user=user):
            return redirect("twofactor:status")
        return redirect(url_with_next("twofactor:verify", next_value))

    status = 200
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = second_factor_enrolment_confirm(actor=user, code=form.cleaned_data["code"])
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                _mark_verified(request, device)
                messages.success(
                    request,
                    _(
                        "Two-step verification is on. From now on you log in with your "
                        "password and a code from your app."
                    ),
                )
                return redirect(_next_url(request, form.cleaned_data["next"]))
        else:
            status = 400
    else:
        form = CodeForm(initial={"next": next_value})

    try:
        device = second_factor_enrolment_start(actor=user)
    except ConflictError:
        # Confirmed in another tab meanwhile: that login now needs a code like any other.
        return redirect(url_with_next("twofactor:verify", next_value))
    context = {
        "form": form,
        "qr_svg": qr_code_svg(device),
        "secret": secret_for_typing(device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/enrol.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this login with a code from the authenticator app."""
    user = request.user
    next_value = _requested_next(request)
    if not second_factor_required(user=user) or second_factor_verified(user=user):
        return redirect(_next_url(request, next_value))
    if second_factor_device(user=user) is None:
        return redirect(url_with_next("twofactor:enrol", next_value))

    status = 200
    if request.method == "POST":
        form = CodeForm(request.POST, autofocus=True)
        if form.is_valid():
            try:
                device = second_factor_verify(actor=user, code=form.cleaned_data["code"])
            except DomainError as error:
                form_refuse(form, error)
                status = error.status_code
            else:
                _mark_verified(request, device)
                return redirect(_next_url(request, form.cleaned_data["next"]))
        else:
            status = 400
    else:
        form = CodeForm(initial={"next": next_value}, autofocus=True)
    return render(request, "accounts/verify.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET"])
def status(request: HttpRequest) -> HttpResponse:
    """Whether two-step verification is on for this account, and what to do with a new phone."""
    user = request.user
    context = {
        "required": second_factor_required(user=user),
        "enforced": settings.WIJKTEAM_2FA_REQUIRED,
        "device": second_factor_device(user=user),
    }
    return render(request, "accounts/status.html", context)
