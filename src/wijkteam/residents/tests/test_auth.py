"""Logging in through a DigiD broker (OpenID Connect): the BSN claim finds the person.

The backend's own methods get real claim dicts; the whole code flow runs against a small broker
on 127.0.0.1 that signs real ID tokens, so the settings, the views and mozilla-django-oidc are
exercised as in production, without the internet.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory, override_settings
from django.urls import reverse
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.residents.auth import (
    REFUSAL_SESSION_KEY,
    REFUSED_NO_BSN,
    REFUSED_UNKNOWN,
    ResidentOIDCBackend,
    bsn_from_claims,
)
from wijkteam.residents.models import ResidentAccount
from wijkteam.residents.tests.conftest import RESIDENT_BSN

UNKNOWN_BSN = next(
    f"{n:09d}" for n in range(999_990_000, 999_999_999) if stdnum_bsn.is_valid(f"{n:09d}")
)


class Broker:
    """A DigiD broker as far as the code flow needs one: a token endpoint that hands out an ID
    token signed with its RSA key, and the key at its JWKS endpoint."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict = {}
        self.token_requests: list[dict] = []
        broker = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(broker.key.public_key()))
                self._json({"keys": [{**jwk, "kid": "broker-1", "alg": "RS256", "use": "sig"}]})

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = parse_qs(self.rfile.read(length).decode())
                broker.token_requests.append({k: v[0] for k, v in form.items()})
                now = int(time.time())
                claims = {"iat": now, "exp": now + 300, **broker.claims}
                token = jwt.encode(
                    claims, broker.key, algorithm="RS256", headers={"kid": "broker-1"}
                )
                self._json({"access_token": "at", "id_token": token, "token_type": "Bearer"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> Broker:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def oidc_settings(base: str = "https://broker.example.org", **extra) -> override_settings:
    return override_settings(
        WIJKTEAM_OIDC_ENABLED=True,
        OIDC_RP_CLIENT_ID="wijkteam",
        OIDC_RP_CLIENT_SECRET="client-secret",
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{base}/token",
        OIDC_OP_USER_ENDPOINT="",
        OIDC_OP_JWKS_ENDPOINT=f"{base}/jwks",
        OIDC_RP_SIGN_ALGO="RS256",
        OIDC_RP_SCOPES="openid",
        OIDC_USE_PKCE=True,
        OIDC_TIMEOUT=10,
        # Straight to the local broker, never through a proxy from the environment.
        OIDC_PROXY={"http": None, "https": None},
        OIDC_AUTHENTICATION_CALLBACK_URL="residents:oidc_callback",
        AUTHENTICATION_BACKENDS=[
            *settings.AUTHENTICATION_BACKENDS,
            "wijkteam.residents.auth.ResidentOIDCBackend",
        ],
        AXES_WHITELIST_CALLABLE="wijkteam.residents.auth.axes_broker_callback",
        **extra,
    )


@pytest.fixture
def backend(rf: RequestFactory) -> Iterator[ResidentOIDCBackend]:
    with oidc_settings():
        backend = ResidentOIDCBackend()
        request = rf.get("/mijn/digid/terug/")
        SessionMiddleware(lambda r: None).process_request(request)
        backend.request = request
        yield backend


def test_the_bsn_claim_finds_the_person_and_makes_their_account_once(backend, residents):
    ResidentAccount.objects.filter(person=residents.person).delete()
    users_before = User.objects.count()
    claims = {"sub": "pairwise-7f3a", "bsn": RESIDENT_BSN, "acr": "urn:digid:substantial"}

    user = backend.get_or_create_user("access-token", "id-token", claims)

    account = ResidentAccount.objects.get(user=user)
    assert account.person == residents.person
    assert (user.first_name, user.last_name) == ("Sanne", "Demo-Jansen")
    assert not user.has_usable_password() and RESIDENT_BSN not in user.username
    assert User.objects.count() == users_before + 1
    # The next login finds the same account.
    assert backend.get_or_create_user("access-token", "id-token", claims) == user
    assert User.objects.count() == users_before + 1


def test_an_existing_resident_account_is_the_one_logged_in(backend, residents):
    claims = {"sub": "x", "bsn": RESIDENT_BSN}
    assert backend.get_or_create_user("at", "it", claims) == residents.user


def test_two_logins_at_once_end_up_in_the_one_account(backend, residents):
    # The other login linked the person between the lookup and the creation.
    users_before = User.objects.count()
    assert backend.create_user({"sub": "x", "bsn": RESIDENT_BSN}) == residents.user
    assert User.objects.count() == users_before


def test_the_claim_name_is_configurable_and_sector_prefixes_are_understood(backend, residents):
    with override_settings(WIJKTEAM_OIDC_BSN_CLAIM="urn:nl:bsn"):
        assert backend.filter_users_by_claims({"bsn": RESIDENT_BSN}).count() == 0
        claims = {"urn:nl:bsn": f"s00000000:{RESIDENT_BSN}"}
        assert list(backend.filter_users_by_claims(claims)) == [residents.user]
    assert bsn_from_claims({"bsn": int(RESIDENT_BSN)}) == RESIDENT_BSN
    assert bsn_from_claims({"bsn": "123456789"}) == ""  # fails the 11-test


def test_an_unknown_bsn_is_refused_without_an_account(backend, residents, caplog):
    users_before = User.objects.count()
    with caplog.at_level(logging.DEBUG):
        user = backend.get_or_create_user("at", "it", {"sub": "y", "bsn": UNKNOWN_BSN})
    assert user is None and User.objects.count() == users_before
    assert backend.request.session[REFUSAL_SESSION_KEY] == REFUSED_UNKNOWN
    assert UNKNOWN_BSN not in caplog.text


def test_claims_without_a_bsn_are_refused(backend, residents, caplog):
    assert not backend.verify_claims({"sub": "z", "email": "a@example.org"})
    assert backend.request.session[REFUSAL_SESSION_KEY] == REFUSED_NO_BSN
    with caplog.at_level(logging.DEBUG), pytest.raises(SuspiciousOperation):
        backend.get_or_create_user("at", "it", {"sub": "z", "bsn": "12345"})
    assert "12345" not in caplog.text


def _start(client) -> dict[str, str]:
    response = client.get(reverse("residents:oidc_start"))
    assert response.status_code == 302
    location = urlparse(response["Location"])
    params = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert params["client_id"] == "wijkteam" and params["code_challenge_method"] == "S256"
    assert params["redirect_uri"].endswith(reverse("residents:oidc_callback"))
    return params


@pytest.mark.django_db(transaction=True)
def test_the_whole_code_flow_logs_the_resident_in(client, residents, caplog):
    ResidentAccount.objects.filter(person=residents.person).delete()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with Broker() as broker, oidc_settings(broker.url), caplog.at_level(logging.DEBUG):
        assert "Log in with DigiD" in client.get(reverse("login")).content.decode()
        params = _start(client)
        assert params["scope"] == "openid"
        broker.claims = {
            "iss": broker.url,
            "aud": "wijkteam",
            "sub": "pairwise-1",
            "nonce": params["nonce"],
            "bsn": RESIDENT_BSN,
        }
        response = client.get(
            reverse("residents:oidc_callback"), {"code": "code-1", "state": params["state"]}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("residents:overview")
        [token_request] = broker.token_requests
        assert token_request["code"] == "code-1" and "code_verifier" in token_request

        page = client.get(reverse("residents:overview")).content.decode()
    assert "Rust in de schulden" in page
    account = ResidentAccount.objects.get(person=residents.person)
    assert int(client.session["_auth_user_id"]) == account.user_id
    assert RESIDENT_BSN not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_an_unknown_person_gets_a_dutch_explanation(client, residents):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with Broker() as broker, oidc_settings(broker.url):
        params = _start(client)
        broker.claims = {"aud": "wijkteam", "nonce": params["nonce"], "bsn": UNKNOWN_BSN}
        response = client.get(
            reverse("residents:oidc_callback"), {"code": "code-2", "state": params["state"]}
        )
        assert response["Location"] == reverse("residents:oidc_refused")
        assert UNKNOWN_BSN not in response["Location"]
        refused = client.get(response["Location"])
    assert refused.status_code == 403
    assert "does not know you by your citizen service number" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_cancelling_at_digid_explains_too(client, residents):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with oidc_settings():
        params = _start(client)
        response = client.get(
            reverse("residents:oidc_callback"),
            {"error": "access_denied", "state": params["state"]},
        )
        assert response["Location"] == reverse("residents:oidc_refused")
        page = client.get(response["Location"]).content.decode()
    assert "Logging in with DigiD was stopped or did not work." in page
