"""The API answers JSON only, also to a browser that asks for HTML: Django REST framework's
browsable API is off (``DEFAULT_RENDERER_CLASSES``), and people read the API in the Swagger UI
at /api/docs/, which the accessibility test checks (docs/testing.md)."""

from __future__ import annotations

import pytest

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/api/", "/api/cases/caseload/", "/api/themes/"])
def test_a_browser_gets_json_from_the_api(client, world, path):
    client.force_login(world.director.user)
    response = client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_browsable_api_format_is_not_there(client, world):
    client.force_login(world.director.user)
    response = client.get("/api/", {"format": "api"})
    assert response.status_code == 404
