"""The collective-activity pages and the plan action's link to an activity."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.community.models import ActivityStatus, CollectiveActivity, SignalStatus
from wijkteam.community.services.activities import participation_add
from wijkteam.community.tests.test_activities_support import (
    activity,
    community_worker,
    signal,
    theme,
)
from wijkteam.plans.models import Action
from wijkteam.socialmap.services import provision_create


@pytest.fixture(autouse=True)
def in_english(client):
    """The English msgids: the Dutch catalogue is merged separately (/tmp/nl)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def worker(world):
    return community_worker(world).user


@pytest.fixture
def as_worker(client, worker):
    client.force_login(worker)
    return client


def _provision(world, name="Buurtkamer Meerwijk"):
    return provision_create(
        actor=None,
        municipality=world.schalkwijk.area.municipality,
        name=name,
        provider="Stichting Buurt (test)",
        kind="collective",
        domains=["social_network"],
        areas=[world.schalkwijk.area],
    )


def test_new_activity_from_a_signal_preselects_it(as_worker, world):
    found = signal(world)
    response = as_worker.get(reverse("community:activity_create") + f"?signal={found.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["signals"] == [found.pk]
    assert form.initial["neighbourhoods"] == [found.neighbourhood_id]
    response = as_worker.post(
        reverse("community:activity_create"),
        {
            "team": world.schalkwijk.pk,
            "kind": "group",
            "name": "Koffieochtend Meerwijk",
            "signals": [found.pk],
            "neighbourhoods": [found.neighbourhood_id],
            "themes": [theme().pk],
        },
    )
    made = CollectiveActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:activity_detail", args=[made.pk])
    found.refresh_from_db()
    assert found.status == SignalStatus.TAKEN_UP


def test_refusal_keeps_what_was_typed(as_worker, world):
    response = as_worker.post(
        reverse("community:activity_create"),
        {"team": world.schalkwijk.pk, "kind": "municipality_request", "name": "Bankjes"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bankjes"' in html
    assert "Say what is asked of the municipality, and why." in html
    assert not CollectiveActivity.objects.exists()


@pytest.mark.parametrize("who", ["director", "outsider"])
def test_who_does_no_community_work_gets_403_on_create(client, world, who):
    client.force_login(getattr(world, who).user)
    assert client.get(reverse("community:activity_create")).status_code == 403


def test_detail_shows_links_participation_and_suppressed_route(as_worker, world, worker):
    found = signal(world)
    provision = _provision(world)
    made = activity(world, worker, signals=[found], provisions=[provision])
    participation_add(actor=worker, activity=made, on=date(2026, 4, 7), participants=11)
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    Action.objects.create(
        goal=case.plan.goals.get(),
        description="Koffieochtend",
        step=2,
        performer="volunteer_organisation",
        collective_activity=made,
        created_by=world.director.user,
    )
    response = as_worker.get(reverse("community:activity_detail", args=[made.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("socialmap:detail", args=[provision.pk]) in html
    assert found.reference in html
    assert ">11<" in html
    assert 'data-count="actions">fewer than 5<' in html
    assert 'data-count="households">fewer than 5<' in html
    assert case.reference not in html and reverse("cases:detail", args=[case.pk]) not in html


def test_detail_is_hidden_from_other_teams(client, world, worker):
    made = activity(world, worker)
    client.force_login(world.outsider.user)
    assert client.get(reverse("community:activity_detail", args=[made.pk])).status_code == 404
    client.force_login(world.colleague.user)  # reads, may not change
    response = client.get(reverse("community:activity_detail", args=[made.pk]))
    assert response.status_code == 200 and not response.context["may_work"]
    assert client.get(reverse("community:activity_edit", args=[made.pk])).status_code == 403


def test_edit_with_a_stale_version_gives_409(as_worker, world, worker):
    made = activity(world, worker)
    response = as_worker.post(
        reverse("community:activity_edit", args=[made.pk]),
        {"kind": "group", "name": "Nieuw", "version": made.version - 1},
    )
    assert response.status_code == 409
    assert "Nieuw" in response.content.decode()


def test_participation_and_end_through_the_pages(as_worker, world, worker):
    made = activity(world, worker)
    url = reverse("community:participation_add", args=[made.pk])
    bad = as_worker.post(
        url,
        {"participation-on": "2026-04-07", "participation-participants": 3,
         "participation-new_participants": 5},
    )  # fmt: skip
    assert bad.status_code == 400
    ok = as_worker.post(url, {"participation-on": "2026-04-07", "participation-participants": 9})
    assert ok.status_code == 302
    made.refresh_from_db()
    assert made.status == ActivityStatus.RUNNING
    end = reverse("community:activity_end", args=[made.pk])
    refused = as_worker.post(end, {"outcome": "not_reached", "version": made.version})
    assert refused.status_code == 400
    done = as_worker.post(
        end, {"outcome": "not_reached", "outcome_note": "Te weinig animo", "version": made.version}
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.status == ActivityStatus.ENDED and made.outcome_note == "Te weinig animo"


def test_provision_search_and_link(as_worker, world, worker):
    made = activity(world, worker)
    provision = _provision(world)
    response = as_worker.get(
        reverse("community:activity_provisions", args=[made.pk]), {"q": "buurtkamer"}
    )
    assert provision.name in response.content.decode()
    response = as_worker.post(
        reverse("community:activity_provision_link", args=[made.pk]), {"provision": provision.pk}
    )
    assert response.status_code == 302
    assert list(made.provisions.all()) == [provision]
    response = as_worker.post(
        reverse("community:activity_provision_unlink", args=[made.pk]), {"provision": provision.pk}
    )
    assert not made.provisions.exists()


def test_list_filters(as_worker, world, worker):
    group = activity(world, worker, themes=[theme()])
    activity(world, worker, kind="activity", name="Buurtfeest")
    response = as_worker.get(reverse("community:activities"), {"kind": "group"})
    assert list(response.context["page"].object_list) == [group]
    response = as_worker.get(reverse("community:activities"), {"theme": theme().pk})
    assert list(response.context["page"].object_list) == [group]
    assert as_worker.get(reverse("community:activities"), {"status": "x"}).status_code == 400


@pytest.mark.parametrize("size", [2, 12])
def test_list_queries_do_not_grow(as_worker, world, worker, size, django_assert_max_num_queries):
    for number in range(size):
        activity(
            world, worker, name=f"Activiteit {number}", themes=[theme()], signals=[signal(world)]
        )
    # Session, user, the menu's roles, the filter's teams and themes, count, page, the
    # neighbourhoods and themes (prefetched); the same for 2 and 12 activities.
    with django_assert_max_num_queries(18):
        response = as_worker.get(reverse("community:activities"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size


# The plan action's link ----------------------------------------------------------------------


def test_director_links_an_action_at_step_2_to_an_activity(client, world, worker):
    made = activity(world, worker)
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    goal = case.plan.goals.get()
    client.force_login(world.director.user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'name="goal{goal.pk}-collective_activity"' in page
    data = {
        f"goal{goal.pk}-expected_version": case.version,
        f"goal{goal.pk}-description": "Meedoen met de koffieochtend",
        f"goal{goal.pk}-step": 1,
        f"goal{goal.pk}-performer": "volunteer_organisation",
        f"goal{goal.pk}-collective_activity": made.pk,
    }
    refused = client.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert refused.status_code == 400
    assert "at step 2 or 3 only" in refused.content.decode()
    data[f"goal{goal.pk}-step"] = 2
    data[f"goal{goal.pk}-step_reason"] = "Klein netwerk"
    response = client.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert response.status_code == 302
    action = Action.objects.get(collective_activity=made)
    assert action.step == 2
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("community:activity_detail", args=[made.pk]) in page
