from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from wijkteam.cases.models import CaseConference, ConferenceConclusion
from wijkteam.conferences import services
from wijkteam.plans.models import Action


def test_the_team_list_shows_conferences_and_the_time_balance(client, world, conf):
    client.force_login(world.colleague.user)
    response = client.get(reverse("conferences:team_list", args=[world.schalkwijk.pk]))
    assert response.status_code == 200
    assert reverse("conferences:detail", args=[conf.conference.pk]) in response.text
    # Today's 90-minute conference, for the director and the colleague.
    assert response.context["balance"].meeting_minutes == 180
    client.force_login(world.outsider.user)
    assert (
        client.get(reverse("conferences:team_list", args=[world.schalkwijk.pk])).status_code == 404
    )


def test_the_period_can_be_picked(client, world, conf):
    client.force_login(world.colleague.user)
    url = reverse("conferences:team_list", args=[world.schalkwijk.pk])
    response = client.get(url, {"start": "2020-01-01", "end": "2020-01-31"})
    assert response.context["balance"].meeting_minutes == 0
    response = client.get(url, {"start": "2020-02-01", "end": "2020-01-31"})
    assert response.context["period_form"].errors


def test_the_list_page_takes_a_bounded_number_of_queries(
    client, world, conf, django_assert_max_num_queries
):
    for days in range(1, 15):
        services.conference_create(
            actor=world.director.user,
            team=world.schalkwijk,
            held_on=timezone.localdate() + timedelta(days=days * (1 if days % 2 else -1)),
            starts_at=time(9),
            duration_minutes=30,
            attendees=[world.director, world.colleague],
        )
    client.force_login(world.colleague.user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("conferences:team_list", args=[world.schalkwijk.pk]))
    assert response.status_code == 200


def test_planning_a_conference_through_the_form(client, world, conf):
    client.force_login(world.colleague.user)
    url = reverse("conferences:create", args=[world.schalkwijk.pk])
    assert client.get(url).status_code == 200
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        url,
        {
            "held_on": day,
            "starts_at": "14:00",
            "duration_minutes": "75",
            "attendees": [world.colleague.pk],
        },
    )
    assert response.status_code == 302
    conference = CaseConference.objects.latest("pk")
    assert (conference.duration_minutes, list(conference.attendees.all())) == (
        75,
        [world.colleague],
    )


def test_a_sharing_refusal_is_shown_on_the_form_with_what_was_typed(client, world, conf):
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    client.force_login(world.director.user)
    url = reverse("conferences:edit", args=[conf.conference.pk])
    response = client.post(
        url,
        {
            "held_on": conf.conference.held_on.isoformat(),
            "starts_at": "13:30",
            "duration_minutes": "95",
            "attendees": [world.director.pk, world.cjg_coach.pk],
            "version": conf.conference.version,
        },
    )
    assert response.status_code == 409
    assert response.context["form"].refusal_code == "sharing_refused"
    assert 'value="95"' in response.text
    assert CaseConference.objects.get(pk=conf.conference.pk).duration_minutes == 90


def test_a_stale_edit_on_the_form_is_a_409(client, world, conf):
    client.force_login(world.director.user)
    response = client.post(
        reverse("conferences:edit", args=[conf.conference.pk]),
        {
            "held_on": conf.conference.held_on.isoformat(),
            "starts_at": "13:30",
            "duration_minutes": "60",
            "version": conf.conference.version - 1,
        },
    )
    assert response.status_code == 409


def test_agenda_conclusion_and_action_through_the_detail_page(client, world, conf):
    client.force_login(world.director.user)
    detail = reverse("conferences:detail", args=[conf.conference.pk])
    response = client.post(
        reverse("conferences:agenda_add", args=[conf.conference.pk]), {"agenda-case": conf.case.pk}
    )
    assert response.status_code == 302
    item = conf.conference.agenda_items.get()
    response = client.post(
        reverse("conferences:conclusion_add", args=[item.pk]), {f"c{item.pk}-text": "Schuldhulp"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("conferences:action_add", args=[item.pk]),
        {
            f"a{item.pk}-goal": conf.goal.pk,
            f"a{item.pk}-description": "Naar de GGZ",
            f"a{item.pk}-step": "4",
            f"a{item.pk}-performer": "professional",
        },
    )
    assert response.status_code == 400  # stepped care: a reason is needed; what was typed stays
    assert "Naar de GGZ" in response.text
    response = client.post(
        reverse("conferences:action_add", args=[item.pk]),
        {
            f"a{item.pk}-goal": conf.goal.pk,
            f"a{item.pk}-description": "Budgetcoach",
            f"a{item.pk}-step": "1",
            f"a{item.pk}-performer": "resident",
        },
    )
    assert response.status_code == 302
    page = client.get(detail)
    assert "Schuldhulp" in page.text and "Budgetcoach" in page.text and "Zoë" in page.text
    assert Action.objects.filter(conference_link__conclusion__item=item).count() == 1
    # The case page shows the conclusion.
    case_page = client.get(reverse("cases:detail", args=[conf.case.pk]))
    assert "Schuldhulp" in case_page.text


def test_who_does_not_see_the_file_sees_only_references(client, world, conf):
    services.agenda_item_add(actor=world.director.user, conference=conf.conference, case=conf.case)
    item = conf.conference.agenda_items.get()
    ConferenceConclusion.objects.create(
        item=item, text="Geheime conclusie", written_by=world.director.user
    )
    client.force_login(world.cjg_coach.user)  # in the team, not attending
    response = client.get(reverse("conferences:detail", args=[conf.conference.pk]))
    assert response.status_code == 200
    assert conf.case.reference in response.text
    # The household's family name (its given name is common enough to be a colleague's).
    assert "Overleg-Testhuis" not in response.text and "Geheime conclusie" not in response.text
    response = client.post(
        reverse("conferences:conclusion_add", args=[item.pk]), {f"c{item.pk}-text": "Ik ook"}
    )
    assert response.status_code == 404
