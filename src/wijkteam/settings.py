"""Settings for wijkteam, read from the environment.

Every setting that can be changed is read here through one of the small ``env_*`` helpers, with
a safe default and a comment saying what it does. An invalid value stops start-up with a message
naming the variable, instead of running with something half-configured.

Development (``WIJKTEAM_DEBUG=true``, what ``make demo`` sets) works without any configuration:
SQLite in ``var/``, a secret key generated once into ``var/secret_key``. Production refuses to
start without ``WIJKTEAM_SECRET_KEY`` and ``WIJKTEAM_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("WIJKTEAM_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Development mode: debug pages, a generated secret key, relaxed hosts. Never in production.
DEBUG = env_bool("WIJKTEAM_DEBUG", False)


def _secret_key() -> str:
    configured = os.environ.get("WIJKTEAM_SECRET_KEY", "")
    if configured:
        if len(configured) < 50:
            raise ImproperlyConfigured("WIJKTEAM_SECRET_KEY must be at least 50 characters.")
        return configured
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set WIJKTEAM_SECRET_KEY (50+ random characters), "
            "or WIJKTEAM_DEBUG=true for development."
        )
    # Development only: one key per checkout, kept out of the repository, so sessions survive
    # the auto-reloader without a usable secret ever being committed.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

# Host names this instance answers to, comma-separated.
ALLOWED_HOSTS = env_list(
    "WIJKTEAM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set WIJKTEAM_ALLOWED_HOSTS to the host names of this instance.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wijkteam.core",
    "wijkteam.accounts",
    "wijkteam.areas",
    "wijkteam.teams",
    "wijkteam.households",
    "wijkteam.cases",
    "wijkteam.plans",
    "wijkteam.zrm",
    "wijkteam.audit",
    "wijkteam.access",
    "wijkteam.sharing",
    "wijkteam.residents",
    "wijkteam.rights",
    "wijkteam.budget",
    "wijkteam.backoffice",
    "wijkteam.socialmap",
    "wijkteam.conferences",
    "wijkteam.community",
    "wijkteam.monitoring",
    "wijkteam.knowledgenetwork",
    "django_tasks",
    "django_tasks_db",
    "wijkteam.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "wijkteam.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this login passed the second factor (request.user.is_verified()), and if not, no
    # page or API data for staff until it has.
    "django_otp.middleware.OTPMiddleware",
    "wijkteam.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a lockout flagged while authenticating (login form, API token) into the lockout page.
    "axes.middleware.AxesMiddleware",
    "wijkteam.audit.context.AccessContextMiddleware",
]

ROOT_URLCONF = "wijkteam.urls"
WSGI_APPLICATION = "wijkteam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of other apps' templates (the admin's), which must come before theirs.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wijkteam.access.context_processors.nav_roles",
            ],
        },
    },
]

# Database: SQLite in var/ by default (nothing to install); PostgreSQL in production with
# DATABASE_URL=postgres://user:password@host:5432/name.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "wijkteam.sqlite3",
            # Wait for a writer instead of failing at once when two requests write together.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
# The start page sends staff to their caseload and residents to their own pages (/mijn/).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out username+address before any password is checked. The second
# factor (TOTP, django-otp) is a step after the password, not another backend (wijkteam.accounts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Residents log in through the municipality's DigiD/eHerkenning broker (OpenID Connect, with
# mozilla-django-oidc), matched on the BSN the broker sends; see wijkteam.residents.auth and
# docs/operations.md. Setting WIJKTEAM_OIDC_CLIENT_ID switches it on, and then the client
# secret and the broker's endpoints are required. Without it, no DigiD login is offered.
WIJKTEAM_OIDC_ENABLED = bool(os.environ.get("WIJKTEAM_OIDC_CLIENT_ID"))
# The claim (in the ID token or from the userinfo endpoint) that carries the resident's BSN.
WIJKTEAM_OIDC_BSN_CLAIM = env_str("WIJKTEAM_OIDC_BSN_CLAIM", "bsn")
if WIJKTEAM_OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("WIJKTEAM_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("WIJKTEAM_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("WIJKTEAM_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("WIJKTEAM_OIDC_TOKEN_ENDPOINT")
    # Optional: without a userinfo endpoint the claims come from the ID token alone.
    OIDC_OP_USER_ENDPOINT = env_str("WIJKTEAM_OIDC_USERINFO_ENDPOINT", "")
    # How the broker signs its ID tokens; RS*/ES* keys come from its JWKS endpoint.
    OIDC_RP_SIGN_ALGO = env_str("WIJKTEAM_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_JWKS_ENDPOINT = env_str(
        "WIJKTEAM_OIDC_JWKS_ENDPOINT", None if OIDC_RP_SIGN_ALGO[:2] in {"RS", "ES"} else ""
    )
    OIDC_RP_SCOPES = env_str("WIJKTEAM_OIDC_SCOPES", "openid")
    for _name in ("AUTHORIZATION", "TOKEN", "USERINFO", "JWKS"):
        _url = os.environ.get(f"WIJKTEAM_OIDC_{_name}_ENDPOINT", "")
        if _url and not (_url.startswith("https://") or DEBUG):
            raise ImproperlyConfigured(f"WIJKTEAM_OIDC_{_name}_ENDPOINT must be an https:// URL.")
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    OIDC_AUTHENTICATION_CALLBACK_URL = "residents:oidc_callback"
    AUTHENTICATION_BACKENDS.append("wijkteam.residents.auth.ResidentOIDCBackend")
    # The broker, not a password, authenticates there: no username to throttle, and counting
    # its refusals per address would lock out every resident behind the same address.
    AXES_WHITELIST_CALLABLE = "wijkteam.residents.auth.axes_broker_callback"

# Login throttling (django-axes): after this many failed logins for one username from one
# address, both the login form and the API token endpoint refuse it for a while.
AXES_ENABLED = env_bool("WIJKTEAM_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("WIJKTEAM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
# Minutes a locked-out username+address waits; another failure during the wait restarts it.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WIJKTEAM_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# Per username *and* address: a guesser cannot lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wijkteam.core.lockout.lockout_response"
# Behind reverse proxies, how many of them append to X-Forwarded-For; 0 when the server is
# reached directly (then only the connection's address counts, which a client cannot forge).
WIJKTEAM_PROXY_COUNT = env_int("WIJKTEAM_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "wijkteam.core.http.client_address"
# Axes masks usernames and addresses in its log lines; verbose mode would log more of the client.
AXES_VERBOSE = False

# Second factor (django-otp, TOTP; ADR 0009): every staff role confirms a login with a code from
# an authenticator app, in the web UI and for an API token. Residents are not asked (DigiD).
# Off only for development and the demo, whose personas share a published password anyway;
# `check --deploy` warns when it is off outside development.
WIJKTEAM_2FA_REQUIRED = env_bool("WIJKTEAM_2FA_REQUIRED", True)
# The name authenticator apps show next to the username.
OTP_TOTP_ISSUER = "Wijkteam"
# After n wrong codes in a row a device waits 2**(n-1) seconds before it takes another.
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin never shows a device's secret or QR code: a reset deletes the device instead.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The UI is Dutch; English works through the same translation catalogue.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("WIJKTEAM_STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))

# Sessions end when the browser closes and after this many minutes without activity.
SESSION_COOKIE_AGE = env_int("WIJKTEAM_SESSION_MINUTES", 30, minimum=5) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Behind TLS in production; development serves plain HTTP on 127.0.0.1.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("WIJKTEAM_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page needs; sent by wijkteam.core.middleware with Cache-Control: no-store
# on every response to a logged-in user, so client data stays out of shared and history caches.
WIJKTEAM_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

# Content Security Policy (django-csp): only our own scripts and styles, no inline code, no eval.
# Templates use CSS classes instead of style attributes and static JS instead of inline handlers;
# see "Security" in docs/architecture.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

REST_FRAMEWORK = {
    # JSON only: no browsable API. People read the API in the Swagger UI (/api/docs/), which is
    # ours and checked for accessibility; DRF's HTML pages are neither (docs/testing.md).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "wijkteam.access.permissions.NotResident",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "wijkteam.core.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "wijkteam API",
    "DESCRIPTION": "Casework of social neighbourhood teams: registrations, households, cases, "
    "plans and ZRM assessments. Every endpoint returns only what the caller may see.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar), not a CDN: the CSP allows
    # only 'self', and the docs page then works without internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wijkteam.core.api.schema_require_version",
        "wijkteam.core.api.schema_page_not_found",
        "wijkteam.core.api.schema_local_time",
    ],
    # One name per choice set that several fields share, so clients get one enum type each.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "wijkteam.cases.lifecycle.Status",
        "ActionStatusEnum": "wijkteam.plans.models.ActionStatus",
        "ContactKindEnum": "wijkteam.cases.models.ContactKind",
        "AssessmentKindEnum": "wijkteam.zrm.models.AssessmentKind",
        "LifeDomainEnum": "wijkteam.core.domains.LifeDomain",
        "ProvisionKindEnum": "wijkteam.socialmap.models.ProvisionKind",
        "AdviceStatusEnum": "wijkteam.backoffice.models.AdviceStatus",
        "BreakthroughStatusEnum": "wijkteam.backoffice.models.BreakthroughStatus",
        "DecisionOutcomeEnum": "wijkteam.backoffice.models.Outcome",
        "GoalOutcomeEnum": "wijkteam.plans.models.Outcome",
        "SpendingStatusEnum": "wijkteam.budget.models.SpendingStatus",
        "ActivityStatusEnum": "wijkteam.community.models.ActivityStatus",
        "ActivityKindEnum": "wijkteam.community.models.ActivityKind",
        "SignalStatusEnum": "wijkteam.community.models.SignalStatus",
        "SignalOriginEnum": "wijkteam.community.models.SignalOrigin",
        "SignalFilingOriginEnum": "wijkteam.community.services.signals.FILING_ORIGIN_CHOICES",
    },
}

# Domain settings.
# Municipality code (CBS) whose areas this instance serves; registration refuses other postcodes.
WIJKTEAM_MUNICIPALITY_CODE = env_str("WIJKTEAM_MUNICIPALITY_CODE", "0392")
# Days after closing within which a closed case may be reopened; after that, a new registration.
WIJKTEAM_REOPEN_DAYS = env_int("WIJKTEAM_REOPEN_DAYS", 90, minimum=0)
# Emergency access (break the glass) ends by itself after this many minutes.
WIJKTEAM_EMERGENCY_ACCESS_MINUTES = env_int("WIJKTEAM_EMERGENCY_ACCESS_MINUTES", 120, minimum=5)
# Retention (docs/privacy.md §8): years after a case ended before ``manage.py apply_retention``
# pseudonymises or deletes the household's file. The municipality sets the term from its own
# selection list (Archiefwet 1995) with its privacy officer; 15 years is a cautious default for
# social-domain case files, not a legal fact. Files of households with a minor at the time of a
# case fall under the Jeugdwet (art. 7.3.8: 20 years) and get the youth term.
WIJKTEAM_RETENTION_YEARS = env_int("WIJKTEAM_RETENTION_YEARS", 15, minimum=1)
WIJKTEAM_RETENTION_YEARS_YOUTH = env_int("WIJKTEAM_RETENTION_YEARS_YOUTH", 20, minimum=1)
# What happens at the end of the term, and on an erasure request (AVG art. 17): "pseudonymise"
# removes everything that identifies the household but keeps dates, statuses, domains, steps and
# ZRM scores for the monitoring counts; "delete" removes the file altogether.
WIJKTEAM_RETENTION_ACTION = env_str("WIJKTEAM_RETENTION_ACTION", "pseudonymise")
if WIJKTEAM_RETENTION_ACTION not in {"pseudonymise", "delete"}:
    raise ImproperlyConfigured(
        "WIJKTEAM_RETENTION_ACTION must be pseudonymise or delete, "
        f"not {WIJKTEAM_RETENTION_ACTION!r}."
    )
# Capacity and waiting list (docs/capacity.md): the defaults of a team's norms until its
# coordinator sets them. Caseload norm: open cases per full-time (1.0 fte) member. Hours of a
# full-time week (CAO Gemeenten: 36), so a member's hours are fte x this. First contact within
# this many working days (weekends and public holidays excluded) of the registration. An active
# plan within this many calendar days of the registration: 42 = six weeks, the Wmo's term for
# the investigation after a report (art. 2.3.2), which counts calendar weeks too.
WIJKTEAM_CASELOAD_NORM = env_int("WIJKTEAM_CASELOAD_NORM", 25, minimum=1)
WIJKTEAM_FULLTIME_HOURS = env_int("WIJKTEAM_FULLTIME_HOURS", 36, minimum=1)
WIJKTEAM_FIRST_CONTACT_WORKING_DAYS = env_int("WIJKTEAM_FIRST_CONTACT_WORKING_DAYS", 5, minimum=1)
WIJKTEAM_PLAN_TERM_DAYS = env_int("WIJKTEAM_PLAN_TERM_DAYS", 42, minimum=1)
# Aggregates (docs/adr/0011-neighbourhood-signals.md): a count of households, cases or actions
# below this threshold is never shown outside the files it comes from; pages, exports and the
# API show "fewer than N" instead. 5 follows the small-numbers practice of municipal monitors
# (and CBS's for small areas); lower than 3 points at persons too easily and is refused.
WIJKTEAM_DISCLOSURE_THRESHOLD = env_int("WIJKTEAM_DISCLOSURE_THRESHOLD", 5, minimum=3)
# Neighbourhood signals (``manage.py detect_neighbourhood_signals``, ADR 0011): per
# neighbourhood and theme, households counted over the last PERIOD days; a signal needs at
# least MINIMUM households, at least RATIO times what the municipality's rate would give the
# neighbourhood, and a one-sided Poisson p-value below ALPHA_PERMILLE / 1000.
WIJKTEAM_SIGNAL_PERIOD_DAYS = env_int("WIJKTEAM_SIGNAL_PERIOD_DAYS", 91, minimum=7)
WIJKTEAM_SIGNAL_MINIMUM = env_int(
    "WIJKTEAM_SIGNAL_MINIMUM", WIJKTEAM_DISCLOSURE_THRESHOLD, minimum=1
)
if WIJKTEAM_SIGNAL_MINIMUM < WIJKTEAM_DISCLOSURE_THRESHOLD:
    raise ImproperlyConfigured(
        "WIJKTEAM_SIGNAL_MINIMUM must be at least WIJKTEAM_DISCLOSURE_THRESHOLD "
        f"({WIJKTEAM_DISCLOSURE_THRESHOLD}), not {WIJKTEAM_SIGNAL_MINIMUM}: a signal must never "
        "count so few households that it points at a person."
    )
WIJKTEAM_SIGNAL_RATIO_PERCENT = env_int("WIJKTEAM_SIGNAL_RATIO_PERCENT", 150, minimum=101)
WIJKTEAM_SIGNAL_ALPHA_PERMILLE = env_int("WIJKTEAM_SIGNAL_ALPHA_PERMILLE", 10, minimum=1)
if WIJKTEAM_SIGNAL_ALPHA_PERMILLE >= 1000:
    raise ImproperlyConfigured(
        "WIJKTEAM_SIGNAL_ALPHA_PERMILLE must be below 1000 (a p-value below 1), "
        f"not {WIJKTEAM_SIGNAL_ALPHA_PERMILLE}."
    )
# Area analysis (docs/area-analysis.md): the guideline of seed 004 for the inhabitants of one
# team's area; areas outside it are flagged.
WIJKTEAM_AREA_MIN_INHABITANTS = env_int("WIJKTEAM_AREA_MIN_INHABITANTS", 6000, minimum=0)
WIJKTEAM_AREA_MAX_INHABITANTS = env_int("WIJKTEAM_AREA_MAX_INHABITANTS", 10000, minimum=1)
if WIJKTEAM_AREA_MAX_INHABITANTS < WIJKTEAM_AREA_MIN_INHABITANTS:
    raise ImproperlyConfigured(
        "WIJKTEAM_AREA_MAX_INHABITANTS must not be below WIJKTEAM_AREA_MIN_INHABITANTS."
    )

# Background jobs (ADR 0012, docs/operations.md): django-tasks with its database queue; run
# ``manage.py db_worker`` next to the web server. The tests run tasks at once (settings_test).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Structured logs to stdout: stable event names, never personal data (see docs/architecture.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "event": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "event"}},
    "root": {"handlers": ["console"], "level": env_str("WIJKTEAM_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request paths with 4xx/5xx; our URLs carry no personal data (ids only).
        "django.request": {"level": "ERROR"},
    },
}
