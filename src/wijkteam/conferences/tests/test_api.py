from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from wijkteam.cases.models import CaseConference
from wijkteam.conferences import services


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_plan_list_and_read_a_conference(world, conf):
    api = _api(world.director.user)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = api.post(
        reverse("api-conferences"),
        {
            "team": world.schalkwijk.pk,
            "held_on": day,
            "starts_at": "10:00",
            "duration_minutes": 60,
            "attendees": [world.director.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    listed = api.get(reverse("api-conferences"), {"team": world.schalkwijk.pk}).json()
    assert {row["id"] for row in listed["results"]} == {conf.conference.pk, response.json()["id"]}
    assert _api(world.outsider.user).get(reverse("api-conferences")).json()["results"] == []
    assert (
        _api(world.outsider.user)
        .get(reverse("api-conference", args=[conf.conference.pk]))
        .status_code
        == 404
    )


def test_patch_is_409_when_stale_or_when_sharing_is_refused(world, conf):
    api = _api(world.director.user)
    url = reverse("api-conference", args=[conf.conference.pk])
    assert api.patch(url, {"version": 99, "duration_minutes": 30}, format="json").status_code == 409
    api.post(
        reverse("api-conference-agenda-items", args=[conf.conference.pk]),
        {"case": conf.case.pk},
        format="json",
    )
    response = api.patch(
        url,
        {"version": conf.conference.version, "attendees": [world.director.pk, world.cjg_coach.pk]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "sharing_refused"
    assert response.json()["extra"]["can_override"] is False


def test_agenda_conclusion_action_and_time_balance(world, conf):
    api = _api(world.director.user)
    item = api.post(
        reverse("api-conference-agenda-items", args=[conf.conference.pk]),
        {"case": conf.case.pk},
        format="json",
    ).json()
    response = api.post(
        reverse("api-agenda-item-conclusions", args=[item["id"]]),
        {"text": "Eerst rust"},
        format="json",
    )
    assert response.status_code == 201
    response = api.post(
        reverse("api-agenda-item-actions", args=[item["id"]]),
        {"goal": conf.goal.pk, "description": "Dagritme", "step": 1, "performer": "resident"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    detail = api.get(reverse("api-conference", args=[conf.conference.pk])).json()
    agenda = detail["agenda"][0]
    assert agenda["visible"] and agenda["conclusion"]["text"] == "Eerst rust"
    assert [a["description"] for a in agenda["actions"]] == ["Dagritme"]
    # The CJG coach (team, not attending) sees the reference only.
    coach = _api(world.cjg_coach.user).get(reverse("api-conference", args=[conf.conference.pk]))
    assert coach.json()["agenda"][0]["conclusion"] is None
    assert coach.json()["agenda"][0]["household_name"] == ""
    balance = api.get(reverse("api-team-time-balance", args=[world.schalkwijk.pk])).json()
    assert balance["meeting_minutes"] == 180 and balance["conference_count"] == 1
    bad = api.get(
        reverse("api-team-time-balance", args=[world.schalkwijk.pk]),
        {"start": "2026-02-01", "end": "2026-01-01"},
    )
    assert bad.status_code == 400
    assert (
        _api(world.outsider.user)
        .get(reverse("api-team-time-balance", args=[world.schalkwijk.pk]))
        .status_code
        == 404
    )


def test_the_api_list_takes_a_bounded_number_of_queries(world, conf, django_assert_max_num_queries):
    for days in range(1, 10):
        services.conference_create(
            actor=world.director.user,
            team=world.schalkwijk,
            held_on=timezone.localdate() + timedelta(days=days),
            starts_at=conf.conference.starts_at,
            duration_minutes=30,
            attendees=[world.director, world.colleague],
        )
    api = _api(world.colleague.user)
    with django_assert_max_num_queries(12):
        response = api.get(reverse("api-conferences"))
    assert response.json()["count"] == CaseConference.objects.count()
