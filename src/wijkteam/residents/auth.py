"""Residents log in through a DigiD/eHerkenning broker that speaks OpenID Connect.

The municipality's broker authenticates the resident at DigiD and hands back a claim with their
BSN (its name is ``WIJKTEAM_OIDC_BSN_CLAIM``). ``ResidentOIDCBackend`` finds the person with
that BSN and logs in as their resident account, making the account on the first login. Someone
the teams do not know by that BSN is refused with a Dutch explanation page. The BSN is never
put in a URL, a log line or an error message: only the user's numeric id is logged.

All of this is switched on by configuring the broker (``WIJKTEAM_OIDC_CLIENT_ID`` and the rest,
see settings.py); without it the views below answer 404 and the login page shows no DigiD
button. The demo uses the local login instead.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.households.models import Person
from wijkteam.residents.models import ResidentAccount

logger = logging.getLogger(__name__)

# Why the last login through the broker was refused, for the explanation page; never the BSN.
REFUSAL_SESSION_KEY = "wijkteam_resident_login_refused"
REFUSED_UNKNOWN = "unknown"  # no person with this BSN
REFUSED_NO_BSN = "no_bsn"  # the broker sent no (valid) BSN
REFUSED_OTHER = "other"  # cancelled at DigiD, or the broker answered with an error


def oidc_enabled() -> bool:
    return bool(getattr(settings, "WIJKTEAM_OIDC_ENABLED", False))


def bsn_from_claims(claims: dict[str, Any]) -> str:
    """The BSN in the broker's claim (name ``WIJKTEAM_OIDC_BSN_CLAIM``), or "" if it is missing
    or fails the 11-test. Some brokers send it as a number, or with a prefix such as
    ``s00000000:`` (the DigiD sector code): only the last nine digits count then."""
    value = claims.get(settings.WIJKTEAM_OIDC_BSN_CLAIM)
    if value is None:
        return ""
    text = str(value).strip()
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    text = text.zfill(9) if text.isdigit() else text
    return text if stdnum_bsn.is_valid(text) else ""


class ResidentOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the user found by BSN instead of e-mail."""

    def _refuse(self, reason: str) -> None:
        request = getattr(self, "request", None)
        if request is not None and hasattr(request, "session"):
            request.session[REFUSAL_SESSION_KEY] = reason

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        """The claims of the ID token, with those of the userinfo endpoint when one is
        configured: brokers differ in where they put the BSN."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims: dict) -> bool:
        if bsn_from_claims(claims):
            return True
        self._refuse(REFUSED_NO_BSN)
        logger.warning("resident_login_refused reason=no_bsn")
        return False

    def describe_user_by_claims(self, claims: dict) -> str:
        # mozilla-django-oidc logs this; the default names the e-mail. Here: nothing personal.
        return "a resident"

    def filter_users_by_claims(self, claims: dict):
        bsn = bsn_from_claims(claims)
        if not bsn:
            return User.objects.none()
        return User.objects.filter(resident_account__person__bsn=bsn)

    @transaction.atomic
    def create_user(self, claims: dict) -> User | None:
        """The first login of a known person: a user without a password, linked to them.
        ``None`` (login refused) when no person has this BSN."""
        bsn = bsn_from_claims(claims)
        person = Person.objects.filter(bsn=bsn).first() if bsn else None
        if person is None:
            self._refuse(REFUSED_UNKNOWN)
            logger.info("resident_login_refused reason=unknown")
            return None
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=f"bewoner-{secrets.token_hex(6)}",
                    first_name=person.given_name,
                    last_name=person.family_name,
                )
                ResidentAccount.objects.create(user=user, person=person)
        except IntegrityError:
            # Linked to a user meanwhile (two logins at once): that user is the one.
            return ResidentAccount.objects.select_related("user").get(person=person).user
        logger.info("resident_account_created user=%s", user.pk)
        return user

    def update_user(self, user: User, claims: dict) -> User:
        return user


def axes_broker_callback(request: HttpRequest, credentials: dict | None) -> bool:
    """For django-axes: a login at the broker's callback is not a password guess to count."""
    return request.path == reverse("residents:oidc_callback")


class ResidentCallbackView(OIDCAuthenticationCallbackView):
    """Back from the broker: to the resident's own pages, or to the explanation of a refusal."""

    @property
    def failure_url(self) -> str:
        return reverse("residents:oidc_refused")

    @property
    def success_url(self) -> str:
        return self.request.session.get("oidc_login_next") or reverse("residents:overview")

    def login_failure(self) -> HttpResponse:
        self.request.session.setdefault(REFUSAL_SESSION_KEY, REFUSED_OTHER)
        return super().login_failure()


@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the broker, to log in with DigiD."""
    if not oidc_enabled():
        raise Http404
    request.session.pop(REFUSAL_SESSION_KEY, None)
    return OIDCAuthenticationRequestView.as_view()(request)


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc_enabled():
        raise Http404
    return ResidentCallbackView.as_view()(request)


@require_GET
def oidc_refused(request: HttpRequest) -> HttpResponse:
    """Why logging in with DigiD did not work, and what to do, in plain Dutch."""
    reason = request.session.pop(REFUSAL_SESSION_KEY, REFUSED_OTHER)
    return render(request, "residents/login_refused.html", {"reason": reason}, status=403)
