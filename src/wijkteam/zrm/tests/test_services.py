"""Writes on ZRM assessments: dated scores 1–5 per life domain, for the household or a member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.zrm.matrix import DESCRIPTIONS, LEVELS
from wijkteam.zrm.models import Assessment, AssessmentKind, Score
from wijkteam.zrm.services import assessment_create


@pytest.fixture
def case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="intake")


def assess(world, case, **kwargs) -> Assessment:
    kwargs.setdefault("kind", AssessmentKind.INTAKE)
    kwargs.setdefault("scores", {"finances": 2})
    return assessment_create(actor=world.director.user, case=case, **kwargs)


def test_an_assessment_keeps_its_date_kind_and_scores(world, case):
    day = timezone.localdate() - timedelta(days=5)
    assessment = assess(
        world,
        case,
        kind=AssessmentKind.FOLLOW_UP,
        assessed_on=day,
        scores={"finances": 1, "housing": 5, "justice": 3},
        note="  Na huisbezoek  ",
    )
    assessment.refresh_from_db()
    assert (assessment.kind, assessment.assessed_on, assessment.note) == (
        "follow_up",
        day,
        "Na huisbezoek",
    )
    assert assessment.person is None
    assert assessment.created_by == world.director.user
    assert dict(assessment.scores.values_list("domain", "score")) == {
        "finances": 1,
        "housing": 5,
        "justice": 3,
    }


def test_the_date_defaults_to_today(world, case):
    assert assess(world, case).assessed_on == timezone.localdate()


def test_every_domain_can_be_scored_at_once(world, case):
    assessment = assess(world, case, scores=dict.fromkeys(LifeDomain.values, 3))
    assert assessment.scores.count() == 13


def test_domains_left_empty_are_not_scored(world, case):
    assessment = assess(world, case, scores={"finances": 2, "housing": None, "justice": ""})
    assert list(assessment.scores.values_list("domain", flat=True)) == ["finances"]


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
def test_scores_one_to_five_are_accepted(world, case, score):
    assert assess(world, case, scores={"housing": score}).scores.get().score == score


@pytest.mark.parametrize("score", [0, 6, -1, 2.5, "3"])
def test_other_scores_are_refused(world, case, score):
    with pytest.raises(DomainError) as error:
        assess(world, case, scores={"finances": 3, "housing": score})
    assert (error.value.code, error.value.field) == ("invalid_score", "score_housing")
    assert not Assessment.objects.exists()


def test_the_database_refuses_a_score_out_of_range(world, case):
    assessment = assess(world, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assessment=assessment, domain="housing", score=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assessment=assessment, domain="finances", score=3)  # twice


def test_an_unknown_domain_is_refused(world, case):
    with pytest.raises(DomainError) as error:
        assess(world, case, scores={"finances": 2, "happiness": 4})
    assert (error.value.code, error.value.field) == ("invalid_domain", "scores")
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("scores", [{}, {"finances": None}, {"finances": ""}])
def test_at_least_one_domain_is_scored(world, case, scores):
    with pytest.raises(DomainError) as error:
        assess(world, case, scores=scores)
    assert (error.value.code, error.value.field) == ("scores_required", "scores")
    assert not Assessment.objects.exists()


def test_an_assessment_in_the_future_is_refused(world, case):
    with pytest.raises(DomainError) as error:
        assess(world, case, assessed_on=timezone.localdate() + timedelta(days=1))
    assert (error.value.code, error.value.field) == ("date_in_future", "assessed_on")
    assert not Assessment.objects.exists()


def test_an_unknown_kind_is_refused(world, case):
    with pytest.raises(DomainError) as error:
        assess(world, case, kind="yearly")
    assert (error.value.code, error.value.field) == ("invalid_kind", "kind")


def test_an_assessment_of_a_member_of_the_household(world, case):
    member = PersonFactory(household=case.household)
    assert assess(world, case, person=member).person == member


def test_an_assessment_of_someone_outside_the_household_is_refused(world, case):
    stranger = PersonFactory(household__team=world.schalkwijk)
    with pytest.raises(DomainError) as error:
        assess(world, case, person=stranger)
    assert (error.value.code, error.value.field) == ("invalid_person", "person")
    assert not Assessment.objects.exists()


def test_the_matrix_explains_every_level_of_every_domain():
    assert sorted(LEVELS) == [1, 2, 3, 4, 5]
    assert set(DESCRIPTIONS) == set(LifeDomain.values)
    for domain, levels in DESCRIPTIONS.items():
        assert sorted(levels) == [1, 2, 3, 4, 5], domain
        assert all(str(text).strip() for text in levels.values()), domain


def test_a_boolean_is_not_a_score(world, case):
    with pytest.raises(DomainError) as error:
        assess(world, case, scores={"finances": True})
    assert error.value.code == "invalid_score"
