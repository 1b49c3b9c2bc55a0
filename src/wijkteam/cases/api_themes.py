"""REST API of themes: the list (every staff member reads the active themes, the functional
administrator all and keeps them), and the themes of a case (whoever sees the file).

The rules are in ``wijkteam.cases.themes``; a stale ``version`` is a 409 ``stale_version``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases import themes as services
from wijkteam.cases.api import CaseDetailSerializer, case_detail
from wijkteam.cases.models import Theme
from wijkteam.cases.selectors import case_get
from wijkteam.core.api import error_responses, validated

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "version", "code", "name", "description", "is_active"]


class ThemeCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    code = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text="Lowercase letters, digits and hyphens; made from the name when left out. "
        "It does not change afterwards.",
    )
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class ThemeUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_active = serializers.BooleanField(
        required=False, help_text="`false` deactivates: cases keep it, it is no longer offered."
    )
    version = serializers.IntegerField(help_text=VERSION_HELP)


class CaseThemesSerializer(serializers.Serializer):
    themes = serializers.ListField(
        child=serializers.CharField(max_length=50),
        allow_empty=True,
        help_text="Codes of the themes the case carries after this call; an inactive theme the "
        "case already carries may stay, no inactive theme can be added.",
    )
    version = serializers.IntegerField(help_text="The case version you last read.")


class ThemeListView(GenericAPIView):
    serializer_class = ThemeSerializer
    queryset = Theme.objects.none()  # for the schema; requests go through the selectors
    filter_backends: list = []

    @extend_schema(
        summary="The themes: the active ones by name; for the functional administrator all "
        "(active first)",
        responses={200: ThemeSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(services.themes_visible_to(user=request.user))
        return self.get_paginated_response(ThemeSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a theme (functional administrator). 409 `theme_exists` when the name "
        "(ignoring case) or the code is taken.",
        request=ThemeCreateSerializer,
        responses={201: ThemeSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        services.theme_manager_require(actor=request.user)
        data = validated(ThemeCreateSerializer, request)
        theme = services.theme_create(actor=request.user, **data)
        return Response(ThemeSerializer(theme).data, status=status.HTTP_201_CREATED)


class ThemeDetailView(GenericAPIView):
    serializer_class = ThemeSerializer
    queryset = Theme.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Change a theme (functional administrator): only the fields sent; "
        "`is_active: false` deactivates it. 409 `stale_version` when someone changed it since "
        "`version`.",
        request=ThemeUpdateSerializer,
        responses={200: ThemeSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        services.theme_manager_require(actor=request.user)
        theme = services.theme_get(user=request.user, pk=pk)
        data = validated(ThemeUpdateSerializer, request)
        version = data.pop("version")
        theme = services.theme_update(
            actor=request.user, theme=theme, expected_version=version, **data
        )
        return Response(ThemeSerializer(theme).data)


class CaseThemesView(GenericAPIView):
    serializer_class = CaseThemesSerializer
    queryset = Theme.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Set the themes of a case (an open case, whoever sees the file)",
        description="Replaces the case's themes by `themes`; themes kept keep when they were "
        "added. 400 `invalid_theme` for an unknown or inactive code, 409 `stale_version` when "
        "the case changed since `version`, 409 `case_not_open` on an ended case.",
        request=CaseThemesSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 404, 409)},
    )
    def put(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(CaseThemesSerializer, request)
        services.case_themes_set(
            actor=request.user,
            case=case,
            themes=data["themes"],
            expected_version=data["version"],
        )
        return Response(CaseDetailSerializer(case_detail(user=request.user, pk=pk)).data)
