"""REST API of the social map: search and read provisions (every staff member), add, change,
(de)activate and import them (the functional administrator), export as CSV."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.access.roles import is_staff_member
from wijkteam.areas.models import Neighbourhood, TeamArea
from wijkteam.areas.selectors import municipality_current
from wijkteam.core.api import error_responses, validated
from wijkteam.core.csvio import ImportSummary
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.core.steps import Step
from wijkteam.socialmap import services
from wijkteam.socialmap.filters import ProvisionFilter
from wijkteam.socialmap.models import Provision, ProvisionKind
from wijkteam.socialmap.selectors import provision_get, provisions_visible_to

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


class ProvisionSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(source="municipality.code", read_only=True)
    areas = serializers.SerializerMethodField(
        help_text="Team area codes; empty: see `whole_municipality`."
    )
    neighbourhoods = serializers.SerializerMethodField(help_text="Neighbourhood codes.")
    whole_municipality = serializers.BooleanField(read_only=True)

    class Meta:
        model = Provision
        fields = [
            "id",
            "version",
            "municipality_code",
            "name",
            "description",
            "kind",
            "step",
            "domains",
            "whole_municipality",
            "areas",
            "neighbourhoods",
            "provider",
            "phone",
            "email",
            "website",
            "address",
            "conditions",
            "is_active",
            "updated_at",
        ]

    def get_areas(self, provision: Provision) -> list[str]:
        return [area.code for area in provision.areas.all()]

    def get_neighbourhoods(self, provision: Provision) -> list[str]:
        return [neighbourhood.code for neighbourhood in provision.neighbourhoods.all()]


class ProvisionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    provider = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=ProvisionKind.choices)
    step = serializers.ChoiceField(
        choices=Step.choices,
        required=False,
        allow_null=True,
        help_text="Follows from `kind` when left out: self_help 1, volunteer 2, general and "
        "collective 3, tailored 4. Another step is refused.",
    )
    domains = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices), min_length=1
    )
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    conditions = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    areas = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        help_text="Team area codes. No areas and no neighbourhoods: the whole municipality.",
    )
    neighbourhoods = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Neighbourhood codes."
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class ProvisionUpdateSerializer(ProvisionWriteSerializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
        self.fields["is_active"].default = serializers.empty


class ImportSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV in the format of the export, UTF-8.")


class ImportTextSerializer(serializers.Serializer):
    csv = serializers.CharField(
        trim_whitespace=False, help_text="The CSV text, in the format of the export."
    )


class ExportSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Number of provisions.")
    csv = serializers.CharField(help_text="The CSV text, in the format the import reads.")


class ProvisionSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Words in the name, description or provider; every word must occur.",
    )
    step = serializers.ChoiceField(choices=Step.choices, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=ProvisionKind.choices, required=False, allow_blank=True)
    domain = serializers.ChoiceField(choices=LifeDomain.choices, required=False, allow_blank=True)
    area = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Team area id: offered there, in one of its neighbourhoods, or "
        "municipality-wide.",
    )
    active = serializers.ChoiceField(
        choices=["true", "false", "all"],
        required=False,
        default="true",
        help_text="`true` (default): active only; `false`: inactive only; `all`.",
    )


def _places(data: dict, *, municipality_id: int | None = None) -> dict:
    """Area and neighbourhood codes to objects; an unknown code is a 400 on its field."""
    places: dict = {}
    municipality_id = municipality_id or municipality_current().pk
    if "areas" in data:
        codes = set(data.pop("areas"))
        areas = list(TeamArea.objects.filter(municipality_id=municipality_id, code__in=codes))
        if len(areas) != len(codes):
            raise DomainError(_("Unknown team area code."), code="unknown_area", field="areas")
        places["areas"] = areas
    if "neighbourhoods" in data:
        codes = set(data.pop("neighbourhoods"))
        neighbourhoods = list(
            Neighbourhood.objects.filter(
                area__municipality_id=municipality_id, code__in=codes
            ).select_related("area")
        )
        if len({n.code for n in neighbourhoods}) != len(codes):
            raise DomainError(
                _("Unknown neighbourhood code."),
                code="unknown_neighbourhood",
                field="neighbourhoods",
            )
        places["neighbourhoods"] = neighbourhoods
    return places


def _filtered(request: Request, data: dict):
    """The provisions ``request.user`` sees, through the same filters as the search page."""
    values = {name: "" if value is None else str(value) for name, value in data.items()}
    search = ProvisionFilter(values, queryset=provisions_visible_to(user=request.user))
    if not search.is_valid():
        raise serializers.ValidationError(search.errors)
    return search.qs


class ProvisionListView(GenericAPIView):
    serializer_class = ProvisionSerializer
    queryset = Provision.objects.none()  # for the schema; requests go through the selectors
    filter_backends: list = []

    @extend_schema(
        summary="The social map's active provisions, lowest step first; to search and filter, "
        "`POST /api/provisions/search/`",
        responses={200: ProvisionSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_filtered(request, {}))
        return self.get_paginated_response(ProvisionSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a provision (functional administrator). 409 `provision_exists` when the "
        "municipality already has one with this name and provider.",
        request=ProvisionWriteSerializer,
        responses={201: ProvisionSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        services.manager_require(actor=request.user)
        data = validated(ProvisionWriteSerializer, request)
        places = _places(data)
        provision = services.provision_create(actor=request.user, **data, **places)
        provision = provision_get(user=request.user, pk=provision.pk)
        return Response(ProvisionSerializer(provision).data, status=status.HTTP_201_CREATED)


class ProvisionSearchView(GenericAPIView):
    serializer_class = ProvisionSerializer
    queryset = Provision.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Search the social map: free text `q` (name, description, provider), filters "
        "for step, kind, life domain, team area and active (default: active only). Lowest step "
        "first, paginated with `?page=`. The words travel in the body, like every search of "
        "the API.",
        request=ProvisionSearchSerializer,
        responses={200: ProvisionSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = validated(ProvisionSearchSerializer, request)
        page = self.paginate_queryset(_filtered(request, data))
        return self.get_paginated_response(ProvisionSerializer(page, many=True).data)


class ProvisionDetailView(GenericAPIView):
    serializer_class = ProvisionSerializer
    queryset = Provision.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="One provision",
        responses={200: ProvisionSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(ProvisionSerializer(provision_get(user=request.user, pk=pk)).data)

    @extend_schema(
        summary="Change a provision (functional administrator): only the fields sent; "
        "`is_active: false` deactivates it. 409 `stale_version` when someone changed it since "
        "`version`.",
        request=ProvisionUpdateSerializer,
        responses={200: ProvisionSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        provision = provision_get(user=request.user, pk=pk)
        services.manager_require(actor=request.user)
        data = validated(ProvisionUpdateSerializer, request)
        version = data.pop("version")
        places = _places(data, municipality_id=provision.municipality_id)
        services.provision_update(
            actor=request.user, provision=provision, expected_version=version, **data, **places
        )
        return Response(ProvisionSerializer(provision_get(user=request.user, pk=pk)).data)


class ProvisionImportView(GenericAPIView):
    serializer_class = ImportSummarySerializer
    queryset = Provision.objects.none()
    filter_backends: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Import provisions from CSV (functional administrator), all or nothing: 400 "
        "`import_invalid` with `extra.errors` (row, column, code, message) for every bad row, "
        'and nothing saved. The CSV as JSON `{"csv": "…"}`, or as a multipart `file`.',
        request={
            "application/json": ImportTextSerializer,
            "multipart/form-data": ImportUploadSerializer,
        },
        responses={200: ImportSummarySerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        services.manager_require(actor=request.user)
        if "file" in request.FILES:
            data = validated(ImportUploadSerializer, request)
            try:
                text = data["file"].read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise DomainError(
                    _("Save the file as UTF-8 text (CSV UTF-8) and try again."),
                    code="not_utf8",
                    field="file",
                ) from None
        else:
            text = validated(ImportTextSerializer, request)["csv"]
        summary: ImportSummary = services.provisions_import(
            stream=io.StringIO(text), actor=request.user
        )
        body = {"rows": summary.rows, "created": summary.created, "updated": summary.updated}
        return Response(ImportSummarySerializer(body).data)


class CsvRenderer(BaseRenderer):
    """Lets a client ask for ``text/csv``; the view writes the file itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ProvisionExportView(GenericAPIView):
    queryset = Provision.objects.none()
    filter_backends: list = []
    pagination_class = None
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        summary="The whole social map (active and inactive) in the CSV format the import reads: "
        "as JSON `{rows, csv}`, or as a CSV file with `Accept: text/csv`",
        parameters=[OpenApiParameter("format", exclude=True)],
        responses={
            (200, "application/json"): ExportSerializer,
            (200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR),
            **error_responses(401, 403),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        if not is_staff_member(request.user):
            raise Forbidden(_("The social map is for staff."), code="not_allowed")
        if request.accepted_renderer.format == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="sociale-kaart.csv"'
            services.provisions_export(stream=response)
            return response
        buffer = io.StringIO()
        rows = services.provisions_export(stream=buffer)
        return Response(ExportSerializer({"rows": rows, "csv": buffer.getvalue()}).data)
