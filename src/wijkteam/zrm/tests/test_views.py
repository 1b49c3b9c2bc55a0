"""ZRM scoring through the web, and the progress chart."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.domains import LifeDomain
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.zrm.matrix import DESCRIPTIONS, LEVELS
from wijkteam.zrm.models import Assessment
from wijkteam.zrm.services import assessment_create


@pytest.fixture
def director(client, world):
    """The case director, reading the UI in English so the assertions do not depend on the
    Dutch catalogue (its completeness is tested in ``core``)."""
    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="intake")


def _url(case):
    return reverse("zrm:assessment_create", args=[case.pk])


def test_form_shows_every_level_with_its_meaning_per_domain(director, case):
    response = director.get(_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    for domain, label in LifeDomain.choices:
        assert f"<legend>{label}</legend>".replace("&", "&amp;") in html
        # "Not scored" is the starting point, so an unscored domain is never a guess.
        assert re.search(rf'name="score_{domain}" value=""[^>]* checked>', html)
        for score, level in LEVELS.items():
            assert f'for="id_score_{domain}_{score}"' in html
            assert str(DESCRIPTIONS[domain][score]).replace("'", "&#x27;") in html
            assert f"{score} · {level}" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert re.search(r'name="kind" value="intake"[^>]* checked>', html)


def test_after_an_intake_the_next_is_a_follow_up(director, world, case):
    assessment_create(actor=world.director.user, case=case, kind="intake", scores={"housing": 2})
    html = director.get(_url(case)).content.decode()
    assert re.search(r'name="kind" value="follow_up"[^>]* checked>', html)


def test_scoring_per_household_member(director, case):
    person = PersonFactory(household=case.household)
    response = director.post(
        _url(case),
        {
            "kind": "intake",
            "assessed_on": timezone.localdate().isoformat(),
            "person": person.pk,
            "score_mental_health": "3",
            "score_justice": "5",
            "note": "Met bewoner samen gescoord",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.person == person
    assert {s.domain: s.score for s in assessment.scores.all()} == {
        "mental_health": 3,
        "justice": 5,
    }


def test_nothing_scored_is_refused_with_everything_kept(director, case):
    earlier = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = director.post(
        _url(case),
        {
            "kind": "follow_up",
            "assessed_on": earlier,
            "person": "",
            "note": "Gesprek was kort",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Score at least one domain." in html
    assert f'value="{earlier}"' in html and "Gesprek was kort" in html
    assert re.search(r'name="kind" value="follow_up"[^>]* checked>', html)
    assert not Assessment.objects.exists()


def test_a_date_in_the_future_is_refused_at_the_date(director, case):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = director.post(
        _url(case),
        {
            "kind": "intake",
            "assessed_on": tomorrow,
            "score_finances": "1",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_assessed_on_error"' in html and "cannot lie in the future" in html
    assert re.search(r'name="score_finances" value="1"[^>]* checked>', html)


def test_a_score_outside_1_to_5_is_refused(director, case):
    response = director.post(
        _url(case),
        {
            "kind": "intake",
            "assessed_on": timezone.localdate().isoformat(),
            "score_finances": "7",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 400
    assert 'id="id_score_finances_error"' in response.content.decode()


def test_outsider_cannot_score(client, world, case):
    client.force_login(world.outsider.user)
    assert client.get(_url(case)).status_code == 404
    response = client.post(
        _url(case), {"kind": "intake", "assessed_on": "2024-01-01", "score_finances": "2"}
    )
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def _chart(household, person=None):
    with translation.override("en"):
        return Template("{% load zrm_tags %}{% zrm_chart household person %}").render(
            Context({"household": household, "person": person})
        )


def test_chart_draws_a_point_per_score_and_gives_the_numbers(world, case):
    actor = world.director.user
    assessment_create(
        actor=actor,
        case=case,
        kind="intake",
        assessed_on=date(2024, 1, 10),
        scores={"finances": 1, "housing": 3},
    )
    assessment_create(
        actor=actor,
        case=case,
        kind="follow_up",
        assessed_on=date(2024, 4, 10),
        scores={"finances": 3},
    )
    assessment_create(
        actor=actor,
        case=case,
        kind="follow_up",
        assessed_on=date(2024, 7, 10),
        scores={"finances": 5, "housing": 4},
    )
    html = _chart(case.household)
    assert html.count("<svg") == 2  # one panel per domain with scores
    circles = re.findall(
        r'<circle class="zrm-point zrm-point-(\d)" cx="([\d.]+)" cy="([\d.]+)"', html
    )
    assert sorted(score for score, _x, _y in circles) == ["1", "3", "3", "4", "5"]
    # Higher scores sit higher (smaller y); later dates further right.
    finances = [(float(x), float(y)) for score, x, y in circles[:3]]
    assert finances[0][1] > finances[1][1] > finances[2][1]
    assert finances[0][0] < finances[1][0] < finances[2][0]
    with translation.override("en"):
        assert all(str(level) in html for level in LEVELS.values())
    table = html[html.index("<table") :]
    assert table.count("<tr>") == 1 + 5
    assert "1 · Acute problems" in table and "5 · Fully self-reliant" in table
    assert "10 Jan 2024" in table


def test_chart_without_scores_says_so(world, case):
    html = _chart(case.household)
    assert "No ZRM yet" in html and "<svg" not in html


def test_chart_for_one_member_leaves_out_the_household_scores(world, case):
    person = PersonFactory(household=case.household)
    actor = world.director.user
    assessment_create(actor=actor, case=case, kind="intake", scores={"finances": 2})
    assessment_create(
        actor=actor, case=case, kind="intake", scores={"mental_health": 4}, person=person
    )
    html = _chart(case.household, person)
    assert html.count("<circle") == 1 and "Mental health" in html and "Finances" not in html
