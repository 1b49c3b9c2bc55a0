"""The OpenAPI schema: valid, without warnings, and documenting every error the API gives."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from wijkteam.teams.tests.factories import UserFactory

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    # --validate checks it against the OpenAPI 3 specification; --fail-on-warn turns every
    # warning of drf-spectacular (an undocumented view, an unresolvable type) into a failure.
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_schema_is_valid_openapi_3_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert "/api/registrations/" in schema["paths"]


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(schema):
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        assert errors, (path, method)
        for code, response in errors.items():
            assert response["content"]["application/json"]["schema"] == error, (path, code)
        if method != "get" and path != "/api/token/":
            assert {"400", "401"} <= set(errors), (path, method)
        if "{id}" in path:
            assert "404" in errors, (path, method)
    properties = schema["components"]["schemas"]["Error"]["properties"]
    assert {"code", "detail", "field", "extra", "fields"} <= set(properties)


def test_every_write_has_a_request_schema_and_a_typed_answer(schema):
    for path, method, operation in _operations(schema):
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, (path, method)
        content = operation["responses"][success[0]]["content"]["application/json"]
        assert content["schema"], (path, method)
        if method in {"post", "patch"}:
            assert operation["requestBody"]["content"]["application/json"]["schema"], path


def test_patch_bodies_require_the_version(schema):
    for path, method, operation in _operations(schema):
        if method == "patch":
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
            assert component["required"] == ["version"], path


def test_urls_carry_only_numeric_ids(schema):
    for path, _method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (path, parameter["name"])
            if parameter["in"] == "query":
                assert parameter["name"] in {
                    *("page", "status", "team", "person", "older", "newer"),
                    # The access log's filters: ids, dates and an event name.
                    *("household", "actor", "event", "date_from", "date_to"),
                    # Lists of conferences and advices; a period; a reference (ADV-000001),
                    # which points at a record, not at a person.
                    *("upcoming", "state", "start", "end", "reference"),
                    # Collective activities: a kind of activity and a theme id.
                    *("kind", "theme"),
                    # The dashboard: a level, the id of a team or area, a year, quarter, month.
                    *("level", "scope", "year", "quarter", "month"),
                }


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.django_db
def test_api_root_lists_the_resources():
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {"households", "cases", "teams", "areas"} <= set(response.json())
