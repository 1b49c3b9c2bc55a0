"""The social map's REST API: search, read, manage, import and export."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from wijkteam.access.roles import Role
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.services import PROVISION_COLUMNS
from wijkteam.socialmap.tests.conftest import grouped


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_list_and_search_with_filters_and_paging(api, smap, world):
    client = api(world.colleague.user)
    body = client.get("/api/provisions/").json()
    assert body["count"] == 4 and body["results"][0]["name"] == "Schuldhulpmaatje"
    body = client.post("/api/provisions/search/", {"q": "schuld"}, format="json").json()
    assert [row["name"] for row in body["results"]] == ["Schuldhulpmaatje", "Schuldhulpverlening"]
    assert body["count"] == 2 and body["next"] is None
    search = {"area": world.oost.area_id, "step": 3}
    [cafe] = client.post("/api/provisions/search/", search, format="json").json()["results"]
    assert cafe["neighbourhoods"] == ["parkwijk"] and not cafe["whole_municipality"]
    bad = client.post("/api/provisions/search/", {"domain": "money"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    unknown_area = client.post("/api/provisions/search/", {"area": 999999}, format="json")
    assert unknown_area.status_code == 400


def test_detail_for_the_back_office_and_nothing_for_a_user_without_a_role(api, smap, world):
    assert api(world.backoffice).get(f"/api/provisions/{smap.counselling.pk}/").status_code == 404
    grouped(world.backoffice, Role.BACK_OFFICE)
    body = api(world.backoffice).get(f"/api/provisions/{smap.counselling.pk}/").json()
    assert (body["step"], body["kind"], body["domains"]) == (4, "tailored", ["finances"])
    assert body["whole_municipality"] and body["municipality_code"] == "0392"


def test_create_and_update_by_the_administrator(api, smap, world):
    client = api(smap.admin)
    response = client.post(
        "/api/provisions/",
        {
            "name": "Klussendienst",
            "provider": "Vrijwilligerscentrale (demo)",
            "kind": "volunteer",
            "domains": ["housing", "instrumental_adl"],
            "areas": ["schalkwijk-1"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["step"] == 2 and body["areas"] == ["schalkwijk-1"]
    url = f"/api/provisions/{body['id']}/"
    updated = client.patch(
        url, {"version": 1, "conditions": "Materiaal zelf betalen"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "is_active": False}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    bad = client.patch(url, {"version": 2, "kind": "tailored", "step": 2}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "step_not_kind"
    assert client.patch(url, {"version": 2, "areas": ["nergens"]}, format="json").status_code == 400
    twin = client.post(
        "/api/provisions/",
        {
            "name": "klussendienst",
            "provider": "Vrijwilligerscentrale (demo)",
            "kind": "volunteer",
            "domains": ["housing"],
        },
        format="json",
    )
    assert twin.status_code == 409 and twin.json()["code"] == "provision_exists"


def test_team_members_may_not_manage(api, smap, world):
    client = api(world.director.user)
    response = client.post(
        "/api/provisions/",
        {"name": "X", "provider": "Y", "kind": "general", "domains": ["housing"]},
        format="json",
    )
    assert response.status_code == 403
    patch = client.patch(f"/api/provisions/{smap.buddy.pk}/", {"version": 1}, format="json")
    assert patch.status_code == 403


def _upload(text: str) -> io.BytesIO:
    upload = io.BytesIO(text.encode())
    upload.name = "kaart.csv"
    return upload


def test_import_and_export(api, smap, world):
    client = api(smap.admin)
    export = client.get("/api/provisions/export/").json()
    assert export["rows"] == 4
    text = export["csv"]
    as_file = client.get("/api/provisions/export/", HTTP_ACCEPT="text/csv")
    assert as_file["Content-Type"].startswith("text/csv") and as_file.content.decode() == text
    response = client.post("/api/provisions/import/", {"csv": text}, format="json")
    assert response.json() == {"rows": 4, "created": 0, "updated": 0}
    response = client.post("/api/provisions/import/", {"file": _upload(text)}, format="multipart")
    assert response.json() == {"rows": 4, "created": 0, "updated": 0}

    header = ",".join(PROVISION_COLUMNS)
    bad = f"{header}\n0392,Nieuw,A,general,,housing,,,,,,,,,\n0392,,A,general,,housing,,,,,,,,,\n"
    response = client.post("/api/provisions/import/", {"file": _upload(bad)}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "import_invalid"
    [error] = response.json()["extra"]["errors"]
    assert (error["row"], error["column"], error["code"]) == (3, "name", "required")
    assert not Provision.objects.filter(name="Nieuw").exists()
    refused = api(world.director.user).post("/api/provisions/import/", {"csv": text}, format="json")
    assert refused.status_code == 403
