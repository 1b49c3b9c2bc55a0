"""The coordinator's capacity page and the form to set the team's norms."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.teams.models import TeamNorm
from wijkteam.teams.tests.factories import MembershipFactory


def _norms(version, **values):
    data = {
        "version": version,
        "caseload_norm": "2",
        "fulltime_hours": "36",
        "first_contact_working_days": "5",
        "plan_term_days": "42",
    }
    data.update(values)
    return data


def test_the_menu_takes_the_coordinator_to_the_capacity_of_their_team(client, world, coordinator):
    client.force_login(coordinator.user)
    home = client.get(reverse("cases:caseload"))
    assert reverse("teams:capacity_index") in home.text
    response = client.get(reverse("teams:capacity_index"))
    assert response.url == reverse("teams:capacity", args=[world.schalkwijk.pk])


def test_others_get_no_menu_entry_and_a_403(client, world, coordinator):
    for user in (world.director.user, world.outsider.user, world.backoffice):
        client.force_login(user)
        assert reverse("teams:capacity_index") not in client.get(reverse("home")).text
        assert client.get(reverse("teams:capacity_index")).status_code == 403
        url = reverse("teams:capacity", args=[world.schalkwijk.pk])
        assert client.get(url).status_code == 403
        assert (
            client.post(
                reverse("teams:norms_set", args=[world.schalkwijk.pk]), _norms(0)
            ).status_code
            == 403
        )
    assert not TeamNorm.objects.exists()


def test_a_missing_team_is_a_404(client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(reverse("teams:capacity", args=[99999])).status_code == 404


def test_the_page_shows_load_against_the_norm_in_words(client, world, coordinator):
    TeamNorm.objects.create(
        team=world.schalkwijk,
        caseload_norm=2,
        fulltime_hours=36,
        first_contact_working_days=5,
        plan_term_days=42,
    )
    for _i in range(3):
        case_in_state(actor=world.director.user, director=world.director, status="intake")
    client.force_login(coordinator.user)
    response = client.get(reverse("teams:capacity", args=[world.schalkwijk.pk]))
    assert response.status_code == 200
    text = response.text
    assert world.director.user.get_full_name() in text
    # Over, at and under the norm are said in words, not only by colour (WCAG 1.4.1).
    assert _("Over the norm by %(number)s") % {"number": "1"} in text
    assert (_("Under the norm, room for %(number)s") % {"number": "1"}) in text  # colleague
    # The household's data is not on it.
    assert "Vraag" not in text


def test_setting_the_norms_from_the_page(client, world, coordinator):
    client.force_login(coordinator.user)
    url = reverse("teams:norms_set", args=[world.schalkwijk.pk])
    response = client.post(url, _norms(0, caseload_norm="20"))
    assert response.status_code == 302
    norm = TeamNorm.objects.get()
    assert (norm.caseload_norm, norm.version, norm.set_by) == (20, 1, coordinator.user)


def test_bad_input_is_refused_with_what_was_typed(client, world, coordinator):
    client.force_login(coordinator.user)
    url = reverse("teams:norms_set", args=[world.schalkwijk.pk])
    response = client.post(url, _norms(0, caseload_norm="500", plan_term_days="twee"))
    assert response.status_code == 400
    assert 'value="500"' in response.text and 'value="twee"' in response.text
    assert _("Fill in a whole number.") in response.text
    response = client.post(url, _norms(0, caseload_norm="500"))
    assert response.status_code == 400
    assert _("Fill in a whole number from %(low)d to %(high)d.") % {"low": 1, "high": 200} in (
        response.text
    )
    assert not TeamNorm.objects.exists()


def test_a_stale_form_is_a_409_that_keeps_the_typed_values(client, world, coordinator):
    client.force_login(coordinator.user)
    url = reverse("teams:norms_set", args=[world.schalkwijk.pk])
    assert client.post(url, _norms(0, caseload_norm="20")).status_code == 302
    # A second tab still showing the defaults (version 0).
    response = client.post(url, _norms(0, caseload_norm="30"))
    assert response.status_code == 409
    assert 'value="30"' in response.text
    assert 'name="version" value="1"' in response.text  # sending again is deliberate
    assert TeamNorm.objects.get().caseload_norm == 20


@pytest.mark.parametrize("members", [2, 12])
def test_the_page_takes_a_bounded_number_of_queries(
    client, world, coordinator, django_assert_max_num_queries, members
):
    for _i in range(members):
        member = MembershipFactory(team=world.schalkwijk)
        case_in_state(actor=world.director.user, director=member, status="intake")
    client.force_login(coordinator.user)
    url = reverse("teams:capacity", args=[world.schalkwijk.pk])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
