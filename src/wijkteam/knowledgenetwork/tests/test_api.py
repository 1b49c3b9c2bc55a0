"""The monitor's API: rounds, one's own response (read, save, 409s), the comparison."""

from __future__ import annotations

from rest_framework.test import APIClient

from wijkteam.knowledgenetwork import services
from wijkteam.knowledgenetwork.tests.conftest import complete, option_id
from wijkteam.teams.tests.factories import UserFactory


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _url(round, what=""):
    return f"/api/knowledge-network/rounds/{round.pk}/{what}"


def test_rounds_for_a_respondent_and_the_coordinator(net):
    mine = api_as(net.haarlem_user).get("/api/knowledge-network/rounds/").json()
    assert [(r["name"], r["own_status"]) for r in mine] == [
        ("1-meting", "none"),
        ("0-meting", "none"),
    ]
    assert mine[0]["participants"] == 0
    theirs = api_as(net.coordinator).get("/api/knowledge-network/rounds/").json()
    assert theirs[0]["participants"] == 3
    assert api_as(UserFactory()).get("/api/knowledge-network/rounds/").status_code == 403


def test_put_and_get_own_response(net):
    client = api_as(net.haarlem_user)
    body = {
        "version": 0,
        "submit": False,
        "answers": [{"question": 1, "options": [option_id(1, "e")], "other_text": ""}],
    }
    refused = client.put(_url(net.open, "response/"), body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "other_text_required"
    body["answers"][0]["other_text"] = "verkenning"
    saved = client.put(_url(net.open, "response/"), body, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["status"] == "draft" and saved.json()["version"] == 1
    again = client.put(_url(net.open, "response/"), body, format="json")  # version 0 again
    assert again.status_code == 409 and again.json()["code"] == "stale_version"
    got = client.get(_url(net.open, "response/")).json()
    assert got["participant"] == "Haarlem"
    assert got["answers"] == [
        {"question": 1, "options": [option_id(1, "e")], "other_text": "verkenning", "text": ""}
    ]
    closed = client.put(_url(net.closed, "response/"), body, format="json")
    assert closed.status_code == 409 and closed.json()["code"] == "round_closed"
    # The coordinator answers for no municipality.
    assert api_as(net.coordinator).get(_url(net.open, "response/")).status_code == 403


def test_comparison_gives_counts_only(net):
    services.response_save(
        actor=net.zaanstad_user, round=net.open, answers=complete(q1="c"), submit=True,
        expected_version=0,
    )  # fmt: skip
    result = api_as(net.haarlem_user).get(_url(net.open, "comparison/"))
    assert result.status_code == 200
    data = result.json()
    assert [r["submitted"] for r in data["rounds"]] == [0, 1]
    stage = data["questions"][0]
    assert stage["number"] == 1
    assert {o["letter"]: o["counts"] for o in stage["options"]}["c"] == [0, 1]
    assert "Zaanstad" not in result.content.decode()
    assert api_as(UserFactory()).get(_url(net.open, "comparison/")).status_code == 403
