"""``GET /api/audit/entries/``: the access log for the log officer.

Filters travel in the query string here: they are ids and dates, not personal data (the user is
filtered by id, not by name).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.audit.models import AccessLogEntry
from wijkteam.audit.selectors import AccessLogFilter, access_log_entries, access_log_may_view
from wijkteam.core.api import error_responses


class IsLogOfficer(permissions.BasePermission):
    message = _("Only a log officer may read the access log.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return access_log_may_view(user=request.user)


class AccessLogEntrySerializer(serializers.ModelSerializer):
    household_reference = serializers.CharField(read_only=True)
    # Plain text in the schema: an enum here would collide with the case's ``channel`` enum.
    channel = serializers.CharField(read_only=True, help_text="ui, api, command or system")

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "at",
            "event",
            "action",
            "object_type",
            "object_id",
            "household_id",
            "household_reference",
            "actor",
            "actor_username",
            "on_behalf_of",
            "emergency",
            "channel",
            "origin",
            "result",
            "result_count",
            "prev_hash",
            "hash",
        ]


class AccessLogFilterSerializer(serializers.Serializer):
    household = serializers.IntegerField(required=False, min_value=1)
    actor = serializers.IntegerField(required=False, min_value=1)
    event = serializers.CharField(required=False, max_length=50)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class AccessLogEntryListView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsLogOfficer]
    serializer_class = AccessLogEntrySerializer
    queryset = AccessLogEntry.objects.none()  # for the schema; requests use the selector
    filter_backends: list = []

    @extend_schema(
        summary="Access log entries (log officer only), newest first",
        parameters=[
            OpenApiParameter("household", int, description="Household id"),
            OpenApiParameter("actor", int, description="User id"),
            OpenApiParameter("event", str, description="Event name, e.g. household_viewed"),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="From this day"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Until this day"),
        ],
        responses={200: AccessLogEntrySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        given = AccessLogFilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        filters = AccessLogFilter(
            household_id=data.get("household"),
            actor_id=data.get("actor"),
            event=data.get("event", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        page = self.paginate_queryset(access_log_entries(user=request.user, filters=filters))
        return self.get_paginated_response(AccessLogEntrySerializer(page, many=True).data)
