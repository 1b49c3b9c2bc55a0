from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.backoffice.models import Advice, AdviceStatus, Breakthrough
from wijkteam.sharing.models import SharingGround


def _form(**values):
    today = timezone.localdate()
    data = {
        "category": "wmo_01",
        "provision": "Hulp bij het huishouden",
        "person": "",
        "reasons": "Kan niet meer zelf schoonmaken",
        "tried": "Dochter hielp; stopte na verhuizing",
        "requested_on": (today - timedelta(days=10)).isoformat(),
        "applied_on": (today - timedelta(days=2)).isoformat(),
        "send": "1",
    }
    data.update(values)
    return data


def test_the_case_page_links_to_the_advice_form_and_shows_the_decision(client, world, bo):
    client.force_login(world.director.user)
    page = client.get(reverse("cases:detail", args=[bo.case.pk]))
    assert reverse("backoffice:advice_create", args=[bo.case.pk]) in page.text
    advice = bo.advice()
    from wijkteam.backoffice import services

    services.advice_decide(
        actor=bo.consultant, advice=advice, outcome="partly_granted",
        reason="Twee uur in plaats van drie", expected_version=advice.version,
    )  # fmt: skip
    page = client.get(reverse("cases:detail", args=[bo.case.pk])).text
    assert advice.reference in page and "Twee uur in plaats van drie" in page
    assert str(bo.consultant) in page  # the contact, named on the case


def test_writing_and_sending_an_advice(client, world, bo):
    client.force_login(world.director.user)
    url = reverse("backoffice:advice_create", args=[bo.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(person=str(bo.person.pk)))
    assert response.status_code == 302
    advice = Advice.objects.get()
    assert (advice.status, advice.person) == (AdviceStatus.SENT, bo.person)
    assert response["Location"] == reverse("backoffice:advice", args=[advice.pk])


def test_a_draft_is_saved_then_sent_from_its_page(client, world, bo):
    client.force_login(world.director.user)
    data = _form()
    del data["send"]
    client.post(reverse("backoffice:advice_create", args=[bo.case.pk]), {**data, "draft": "1"})
    advice = Advice.objects.get()
    assert advice.status == AdviceStatus.DRAFT
    page = client.get(reverse("backoffice:advice", args=[advice.pk]))
    assert reverse("backoffice:advice_edit", args=[advice.pk]) in page.text
    response = client.post(
        reverse("backoffice:advice_edit", args=[advice.pk]),
        _form(version=advice.version, provision="Hulp bij het huishouden, 2 uur"),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.status, advice.provision) == (
        AdviceStatus.SENT,
        "Hulp bij het huishouden, 2 uur",
    )


def test_a_refused_send_keeps_what_was_typed(client, world, bo):
    SharingGround.objects.filter(household=bo.household).delete()
    client.force_login(world.director.user)
    response = client.post(
        reverse("backoffice:advice_create", args=[bo.case.pk]),
        _form(reasons="Valt vaak, Lindeboomsstraat-trap"),
    )
    assert response.status_code == 409
    assert "Valt vaak, Lindeboomsstraat-trap" in response.text
    assert "grond" in response.text.lower() or "ground" in response.text.lower()
    assert not Advice.objects.exists()


def test_bad_dates_are_told_on_the_form(client, world, bo):
    client.force_login(world.director.user)
    today = timezone.localdate()
    response = client.post(
        reverse("backoffice:advice_create", args=[bo.case.pk]),
        _form(applied_on=(today - timedelta(days=30)).isoformat(), provision="Scootmobiel"),
    )
    assert response.status_code == 400
    assert _("The application cannot be before the request for help.") in response.text
    assert "Scootmobiel" in response.text


def test_the_back_office_decides_from_its_inbox(client, bo):
    advice = bo.advice()
    client.force_login(bo.consultant)
    inbox = client.get(reverse("backoffice:index"))
    assert inbox.status_code == 200
    assert reverse("backoffice:advice", args=[advice.pk]) in inbox.text
    assert "Kroos" not in inbox.text  # references in the list, names on the advice only
    page = client.get(reverse("backoffice:advice", args=[advice.pk])).text
    assert "Kroos" in page and reverse("backoffice:advice_decide", args=[advice.pk]) in page
    response = client.post(
        reverse("backoffice:advice_decide", args=[advice.pk]),
        {"version": advice.version, "outcome": "granted", "reason": "Conform advies"},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.GRANTED
    # The same form sent twice (a double click): the second is stale.
    again = client.post(
        reverse("backoffice:advice_decide", args=[advice.pk]),
        {"version": advice.version - 1, "outcome": "refused", "reason": "Dubbel"},
    )
    assert again.status_code == 409 and "Dubbel" in again.text


def test_a_decision_without_a_reason_keeps_the_form(client, bo):
    advice = bo.advice()
    client.force_login(bo.consultant)
    response = client.post(
        reverse("backoffice:advice_decide", args=[advice.pk]),
        {"version": advice.version, "outcome": "refused", "reason": ""},
    )
    assert response.status_code == 400
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SENT


def test_the_team_cannot_decide_nor_open_the_inbox(client, world, bo):
    advice = bo.advice()
    client.force_login(world.director.user)
    assert client.get(reverse("backoffice:index")).status_code == 403
    response = client.post(
        reverse("backoffice:advice_decide", args=[advice.pk]),
        {"version": advice.version, "outcome": "granted", "reason": "x"},
    )
    assert response.status_code == 403
    client.force_login(world.colleague.user)
    assert client.get(reverse("backoffice:advice", args=[advice.pk])).status_code == 404


def test_withdrawing_from_the_advice_page(client, world, bo):
    advice = bo.advice()
    client.force_login(world.director.user)
    response = client.post(
        reverse("backoffice:advice_withdraw", args=[advice.pk]),
        {"version": advice.version, "reason": "Verkeerde categorie"},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.WITHDRAWN


def test_becoming_the_contact_and_the_household_page(client, bo):
    advice = bo.advice()
    client.force_login(bo.consultant)
    response = client.post(
        reverse("backoffice:contact_assign", args=[bo.household.pk]),
        {"user": "", "next": reverse("backoffice:advice", args=[advice.pk])},
    )
    assert response.status_code == 302
    page = client.get(reverse("backoffice:household", args=[bo.household.pk])).text
    assert str(bo.consultant) in page and "Kroos" not in page
    client.post(
        reverse("backoffice:contact_assign", args=[bo.household.pk]), {"user": bo.colleague.pk}
    )
    assert (
        str(bo.colleague)
        in client.get(reverse("backoffice:household", args=[bo.household.pk])).text
    )


def test_a_breakthrough_request_from_the_case_to_resolved(client, world, bo):
    client.force_login(world.director.user)
    url = reverse("backoffice:breakthrough_create", args=[bo.case.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"blocking_rule": "Regel", "solution": "", "reasons": "Waarom"})
    assert empty.status_code == 400 and "Regel" in empty.text
    response = client.post(
        url, {"blocking_rule": "Regel 4.2", "solution": "Uitzondering", "reasons": "Huisuitzetting"}
    )
    assert response.status_code == 302
    request = Breakthrough.objects.get()
    client.force_login(bo.consultant)
    assert request.reference in client.get(reverse("backoffice:index")).text
    step = reverse("backoffice:breakthrough_step", args=[request.pk])
    client.post(step, {"version": request.version, "to_status": "in_progress", "note": ""})
    request.refresh_from_db()
    response = client.post(
        step, {"version": request.version, "to_status": "resolved", "note": "Uitzondering verleend"}
    )
    assert response.status_code == 302
    client.force_login(world.director.user)
    page = client.get(reverse("cases:detail", args=[bo.case.pk])).text
    assert "Uitzondering verleend" in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_inbox_queries_do_not_grow_with_rows(client, bo, django_assert_max_num_queries, count):
    from wijkteam.backoffice.models import BackOfficeContact

    for _index in range(count):
        Advice.objects.create(
            case=bo.case, household=bo.household, person=bo.person, category="wmo_02",
            provision="Begeleiding", reasons="r", tried="t",
            requested_on=timezone.localdate() - timedelta(days=9),
            applied_on=timezone.localdate() - timedelta(days=3),
            decision_due=timezone.localdate() + timedelta(days=11), status="sent",
            sent_at=timezone.now(), created_by=bo.case.director.user, sent_by=bo.case.director.user,
        )  # fmt: skip
    BackOfficeContact.objects.create(
        household=bo.household, user=bo.consultant, assigned_by=bo.consultant
    )
    client.force_login(bo.consultant)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("backoffice:index"))
    assert response.status_code == 200
