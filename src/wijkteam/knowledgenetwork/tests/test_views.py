"""The monitor's pages: who gets which, the form keeps its input, the query bound."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.knowledgenetwork import services
from wijkteam.knowledgenetwork.models import Response, Round
from wijkteam.knowledgenetwork.tests.conftest import complete, option_id
from wijkteam.knowledgenetwork.tests.factories import ParticipantFactory
from wijkteam.teams.tests.factories import UserFactory


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _form(**values) -> dict:
    data = {"version": "0", "action": "draft"}
    data.update(values)
    return data


def test_index_shows_a_respondent_their_rounds_and_the_coordinator_the_counts(en, net):
    services.response_save(
        actor=net.haarlem_user, round=net.open, answers=complete(), submit=True,
        expected_version=0,
    )  # fmt: skip
    en.force_login(net.haarlem_user)
    page = en.get(reverse("knowledgenetwork:index"))
    assert page.status_code == 200
    assert reverse("knowledgenetwork:survey", args=[net.open.pk]) in page.text
    assert reverse("knowledgenetwork:overview", args=[net.open.pk]) not in page.text
    en.force_login(net.coordinator)
    page = en.get(reverse("knowledgenetwork:index"))
    assert "1 / 3" in page.text
    assert reverse("knowledgenetwork:overview", args=[net.open.pk]) in page.text


def test_others_get_403_everywhere(en, net, world):
    for user in (UserFactory(), world.director.user, world.policy):
        en.force_login(user)
        for name, args in (
            ("index", []),
            ("survey", [net.open.pk]),
            ("comparison", [net.open.pk]),
            ("overview", [net.open.pk]),
        ):
            assert en.get(reverse(f"knowledgenetwork:{name}", args=args)).status_code == 403


def test_a_respondent_of_another_network_does_not_find_this_round(en, net):
    user = UserFactory()
    services.participant_member_add(participant=ParticipantFactory(), user=user)
    en.force_login(user)
    assert en.get(reverse("knowledgenetwork:survey", args=[net.open.pk])).status_code == 404
    assert en.get(reverse("knowledgenetwork:comparison", args=[net.open.pk])).status_code == 404


def test_respondents_see_the_comparison_but_not_the_overview(en, net):
    en.force_login(net.haarlem_user)
    assert en.get(reverse("knowledgenetwork:comparison", args=[net.open.pk])).status_code == 200
    assert en.get(reverse("knowledgenetwork:overview", args=[net.open.pk])).status_code == 403
    en.force_login(net.coordinator)
    assert en.get(reverse("knowledgenetwork:overview", args=[net.open.pk])).status_code == 200
    # The coordinator answers for no municipality: the form is not theirs.
    assert en.get(reverse("knowledgenetwork:survey", args=[net.open.pk])).status_code == 403


def test_the_form_keeps_its_input_when_namelijk_has_no_text(client, net):
    client.force_login(net.haarlem_user)
    url = reverse("knowledgenetwork:survey", args=[net.open.pk])
    data = _form(q1=str(option_id(1, "e")), q3=[str(option_id(3, "a"))], q17_text="Eerste effecten")
    page = client.post(url, data)
    assert page.status_code == 400
    assert "namelijk" in page.text  # the Dutch message names the option
    assert "Eerste effecten" in page.text
    assert (
        f'value="{option_id(1, "e")}" id="id_q1_4" checked' in page.text.replace("required ", "")
        or "checked" in page.text
    )
    assert not Response.objects.exists()
    data["q1_other"] = "pilot in één wijk"
    page = client.post(url, data)
    assert page.status_code == 302
    response = Response.objects.get()
    assert response.answers.get(question__number=1).other_text == "pilot in één wijk"
    assert response.answers.get(question__number=17).text == "Eerste effecten"


def test_a_stale_form_gives_409_with_a_dutch_message(client, net):
    client.force_login(net.haarlem_user)
    url = reverse("knowledgenetwork:survey", args=[net.open.pk])
    assert client.post(url, _form(q1=str(option_id(1, "a")))).status_code == 302
    page = client.post(url, _form(q1=str(option_id(1, "b"))))  # still version 0
    assert page.status_code == 409
    assert "intussen gewijzigd" in page.text


def test_a_closed_round_shows_the_answers_read_only(en, net):
    Round.objects.filter(pk=net.closed.pk).update(is_open=True)
    services.response_save(
        actor=net.haarlem_user, round=net.closed, answers=complete(), submit=True,
        expected_version=0,
    )  # fmt: skip
    Round.objects.filter(pk=net.closed.pk).update(is_open=False)
    en.force_login(net.haarlem_user)
    url = reverse("knowledgenetwork:survey", args=[net.closed.pk])
    page = en.get(url)
    assert page.status_code == 200 and "<fieldset disabled>" in page.text
    assert en.post(url, _form(version="1", action="submit")).status_code == 409


def _answered_by(net, users) -> None:
    Round.objects.filter(pk=net.closed.pk).update(is_open=True)
    for user in users:
        for round in (net.closed, net.open):
            services.response_save(
                actor=user, round=round, answers=complete(q15="abc"), submit=True,
                expected_version=0,
            )  # fmt: skip
    Round.objects.filter(pk=net.closed.pk).update(is_open=False)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_need_a_constant_number_of_queries(en, net, django_assert_max_num_queries):
    """Counted with three municipalities and again with six: no query per row."""
    _answered_by(net, [net.haarlem_user, net.zaanstad_user, net.alkmaar_user])
    pages = {
        net.haarlem_user: reverse("knowledgenetwork:comparison", args=[net.open.pk]),
        net.coordinator: reverse("knowledgenetwork:overview", args=[net.open.pk]),
    }
    before = {}
    for user, url in pages.items():
        en.force_login(user)
        before[url] = _queries(en, url)
    en.force_login(net.coordinator)
    before["index"] = _queries(en, reverse("knowledgenetwork:index"))
    more = []
    for _number in range(3):
        user = UserFactory()
        services.participant_member_add(
            participant=ParticipantFactory(network=net.network), user=user
        )
        more.append(user)
    _answered_by(net, more)
    services.round_create(actor=net.coordinator, network=net.network)
    for user, url in pages.items():
        en.force_login(user)
        with django_assert_max_num_queries(before[url]):
            page = en.get(url)
        assert page.status_code == 200 and "Plannen ontbreken" in page.text
        assert 'width="200"' in page.text or "Zaanstad" in page.text  # a full bar; the overview
    en.force_login(net.coordinator)
    with django_assert_max_num_queries(before["index"]):
        assert en.get(reverse("knowledgenetwork:index")).status_code == 200
    assert max(before.values()) <= 25


def test_the_coordinator_adds_and_closes_a_round(en, net):
    en.force_login(net.coordinator)
    page = en.post(reverse("knowledgenetwork:round_create"), {"network": net.network.pk})
    assert page.status_code == 302
    added = Round.objects.get(network=net.network, number=2)
    en.post(reverse("knowledgenetwork:round_set_open", args=[added.pk]), {"open": "true"})
    assert Round.objects.get(pk=added.pk).is_open
    en.force_login(net.haarlem_user)
    assert en.post(reverse("knowledgenetwork:round_create"), {}).status_code == 403
    url = reverse("knowledgenetwork:round_set_open", args=[added.pk])
    assert en.post(url, {"open": "false"}).status_code == 403


def test_the_start_page_leads_respondents_and_the_coordinator_to_the_monitor(en, net):
    link = reverse("knowledgenetwork:index")
    for user in (net.haarlem_user, net.coordinator):
        en.force_login(user)
        assert link in en.get(reverse("home")).text
    en.force_login(UserFactory(username="niemand"))
    assert link not in en.get(reverse("home")).text
