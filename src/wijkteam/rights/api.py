"""REST API of the rights app: the subject-access export of a person."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.core.api import error_responses
from wijkteam.rights.selectors import subject_access_export_for


class PersonExportView(APIView):
    # The household's own resident uses this too (the default keeps residents out).
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Everything held about a person (AVG art. 15)",
        description="The subject-access export: the person's details (BSN included: it is "
        "their own), the household and address, other members by role only, every case with "
        "its history, plan, ZRM and contacts, corrections, restrictions, grounds for sharing "
        "and the access log of the household. For whoever sees the household's file and for "
        "the resident themself; logged as one `subject_access_export` entry.",
        responses={200: OpenApiTypes.OBJECT, **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(subject_access_export_for(user=request.user, person_id=pk))
