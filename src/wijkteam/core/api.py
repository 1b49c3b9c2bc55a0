"""Shared pieces of the REST API: the error format, its schema, and lookups through selectors.

Every 4xx has the same shape, so a client handles errors in one place::

    {"code": "open_case_exists", "detail": "…", "field": "household", "extra": {…}}

Validation errors from serializers come as ``code: "invalid"`` with ``fields`` per field. The
``detail`` is a translated sentence for people; programs branch on ``code`` and ``field``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from wijkteam.accounts.models import User
from wijkteam.accounts.services import second_factor_token_check
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.core.lockout import LOCKOUT_STATUS, lockout_message

M = TypeVar("M", bound=Model)


def error_body(
    code: str, detail: str, *, field: str | None = None, extra: dict | None = None
) -> dict:
    """The API's one error shape; also for refusals made outside DRF (middleware)."""
    return {"code": code, "detail": detail, "field": field, "extra": extra or {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, with domain errors and every 4xx in the one shape above."""
    if isinstance(exc, NotFoundOrHidden):
        # The service's message is for logs; the client gets the same answer as for a missing id.
        set_rollback()
        return Response(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DomainError):
        set_rollback()
        body = error_body(exc.code, str(exc.message), field=exc.field, extra=exc.extra)
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {
            **error_body("invalid", _("Some fields are missing or not valid.")),
            "fields": fields,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        codes = exc.get_codes()
        response.data = error_body(
            codes if isinstance(codes, str) else exc.default_code, str(detail)
        )
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (schema only)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # Built here because a declared field called ``fields`` would shadow Serializer.fields.
        return {
            "code": serializers.CharField(
                help_text="Stable code to branch on, e.g. `invalid_bsn`, `open_case_exists`, "
                "`stale_version`, `illegal_transition`, `possible_duplicate`, `not_found`."
            ),
            "detail": serializers.CharField(help_text="A sentence for people, translated."),
            "field": serializers.CharField(
                allow_null=True, help_text="The input field the error is about, if any."
            ),
            "extra": serializers.DictField(
                help_text="Details for programs, e.g. `matches` for `possible_duplicate`, "
                "`open_case_id` for `open_case_exists`."
            ),
            "fields": serializers.DictField(
                required=False,
                help_text="Only with code `invalid`: the messages per input field.",
            ),
        }


ERROR_DESCRIPTIONS = {
    400: "Invalid input (`invalid`, with `fields`) or refused by a rule of the domain.",
    401: "Not logged in: send `Authorization: Token …` or a session cookie.",
    403: "Logged in, but not allowed.",
    404: "Does not exist, or not visible to you; the two are not told apart.",
    409: "Conflicts with the current state: a stale `version`, an illegal transition, "
    "a second open case, a possible duplicate.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """``extend_schema(responses=…)`` entries documenting the error shape for ``codes``."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


# The largest id the database holds (a 64-bit signed integer).
ID_MAX = 2**63 - 1


def id_param(text: str | None) -> int | None:
    """A query parameter that names an object by id: the id, or ``None`` when it is missing or
    cannot be one (not a whole number from 1 up to ``ID_MAX``). A number beyond the database's
    integers would make the query itself fail."""
    if not text or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def validated(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request body parsed by ``serializer_class``; a 400 ``invalid`` if it does not fit."""
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def visible_get(queryset: QuerySet[M], pk: Any) -> M:
    """One object from a selector's queryset, or 404 without telling hidden from missing."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFoundOrHidden("not found")
    return obj


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id, looked up through a selector for the requesting user.

    An id the user may not see is refused exactly like an id that does not exist, so a request
    body cannot be used to probe for other teams' households.
    """

    def __init__(self, *, selector: Callable[..., QuerySet], model: type[Model], **kwargs: Any):
        self.selector = selector
        # The empty queryset only tells the schema generator the model; lookups use the selector.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet:
        user: User = self.context["request"].user
        return self.selector(user=user)


class LockedOut(exceptions.APIException):
    status_code = LOCKOUT_STATUS
    default_code = "locked_out"

    def __init__(self) -> None:
        super().__init__(detail=lockout_message(), code=self.default_code)


class TokenThrottle(AnonRateThrottle):
    """Slows down password guessing on the token endpoint; no settings needed."""

    rate = "20/minute"


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password, and for staff the code of their authenticator app."""

    # Checked by the view after the password (wijkteam.accounts.services), so that only someone
    # who knows the password learns whether a code is needed.
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        label="One-time code",
        help_text="The 6-digit code the user's authenticator app shows now. Required for staff "
        "when two-step verification is on (the default); the app is set up once in the web UI.",
    )


class TokenObtainView(ObtainAuthToken):
    """Exchange a username and password (and, for staff, a one-time code) for an API token."""

    throttle_classes = (TokenThrottle,)
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Obtain an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(
                response=ErrorSerializer,
                description="Wrong username or password (`invalid`), or for staff a missing or "
                "wrong code (`otp_required`, `invalid_otp`, field `otp`), or no authenticator "
                "app set up yet (`second_factor_not_enrolled`: set it up in the web UI first).",
            ),
            429: OpenApiResponse(
                response=ErrorSerializer,
                description="Too many failed logins for this username from this address "
                "(`locked_out`), too many wrong codes in a row (`second_factor_throttled`, "
                "`extra.retry_after` in seconds), or too many requests.",
            ),
        },
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError:
            # django-axes flags a lockout on the request it was given, here DRF's Request, which
            # its middleware never sees: answer it here, in the API's error shape.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut() from None
            raise
        user = serializer.validated_data["user"]
        second_factor_token_check(user=user, code=serializer.validated_data.get("otp", ""))
        token, _created = Token.objects.get_or_create(user=user)
        response = Response({"token": token.key})
        # The token is a credential: no cache may keep it.
        patch_cache_control(response, no_store=True)
        return response


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI that works under the strict CSP: its init script is a separate request instead
    of inline, its page style a static file, its assets from drf-spectacular-sidecar."""

    template_name = "wijkteam/api/swagger_ui.html"


def schema_require_version(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Postprocessing hook: a PATCH body is partial, except ``version``, which it must carry.

    drf-spectacular marks every field of a PATCH body optional; our PATCH endpoints accept any
    subset of fields but refuse a change without the version it is based on.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("Patched") and "version" in component.get("properties", {}):
            component["required"] = sorted({*component.get("required", []), "version"})
    return result


def schema_page_not_found(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Postprocessing hook: a paginated list answers 404 for a page it does not have.

    DRF's page-number pagination refuses ``?page=`` past the last page, or not a number, with
    404 (in our error shape, ``code: not_found``); drf-spectacular does not document that.
    """
    error = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            parameters = operation.get("parameters", []) if isinstance(operation, dict) else []
            if any(p.get("in") == "query" and p.get("name") == "page" for p in parameters):
                operation["responses"].setdefault(
                    "404",
                    {
                        "description": "No such page: `page` is past the last one, or not a "
                        "number (`not_found`).",
                        "content": {"application/json": {"schema": error}},
                    },
                )
    return result


# A time of day as the API writes and reads it: "09:00", "09:00:00", "09:00:00.5".
LOCAL_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


def schema_local_time(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Postprocessing hook: a time field is a local time of day, without an offset.

    drf-spectacular gives it ``format: time``, which JSON Schema defines as RFC 3339's
    full-time, offset required ("09:00:00+01:00"); the API's times (a conference starts at
    "09:00:00") have none, so clients validating the schema would refuse every answer.
    """

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                node["pattern"] = LOCAL_TIME_PATTERN
                node.setdefault("example", "09:00:00")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
