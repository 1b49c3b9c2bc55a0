"""Answering rules: one's own municipality only, "namelijk" needs its text, a closed round is
read-only, a stale version gives 409; and the comparison's counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.knowledgenetwork import selectors, services
from wijkteam.knowledgenetwork.models import Response, Round
from wijkteam.knowledgenetwork.services import AnswerInput
from wijkteam.knowledgenetwork.tests.conftest import complete, option_id
from wijkteam.knowledgenetwork.tests.factories import ParticipantFactory
from wijkteam.teams.tests.factories import UserFactory


def _save(user, round, answers, *, submit=False, version=0):
    return services.response_save(
        actor=user, round=round, answers=answers, submit=submit, expected_version=version
    )


def test_a_respondent_saves_a_draft_for_their_own_municipality(net):
    response = _save(net.haarlem_user, net.open, {1: AnswerInput(options=[option_id(1, "d")])})
    assert response.participant == net.haarlem and not response.is_submitted
    answer = response.answers.get(question__number=1)
    assert [o.text for o in answer.options.all()] == ["Beleidsuitvoering"]


def test_someone_of_no_municipality_cannot_answer(net):
    with pytest.raises(Forbidden):
        _save(UserFactory(), net.open, {})
    with pytest.raises(Forbidden):  # the coordinator answers for no municipality either
        _save(net.coordinator, net.open, {})


def test_a_respondent_of_another_network_cannot_answer_this_round(net):
    other = ParticipantFactory()  # its own network
    user = UserFactory()
    services.participant_member_add(participant=other, user=user)
    with pytest.raises(Forbidden):
        _save(user, net.open, {})
    assert not Response.objects.exists()


def test_namelijk_needs_its_text(net):
    with pytest.raises(DomainError) as refused:
        _save(net.haarlem_user, net.open, {1: AnswerInput(options=[option_id(1, "e")])})
    assert refused.value.code == "other_text_required" and refused.value.field == "q1"
    response = _save(
        net.haarlem_user,
        net.open,
        {1: AnswerInput(options=[option_id(1, "e")], other_text="pilot in één wijk")},
    )
    assert response.answers.get().other_text == "pilot in één wijk"


def test_a_single_question_takes_one_option_of_its_own(net):
    with pytest.raises(DomainError) as refused:
        _save(
            net.haarlem_user,
            net.open,
            {1: AnswerInput(options=[option_id(1, "a"), option_id(1, "b")])},
        )
    assert refused.value.code == "one_option_only"
    with pytest.raises(DomainError) as refused:
        _save(net.haarlem_user, net.open, {1: AnswerInput(options=[option_id(2, "a")])})
    assert refused.value.code == "unknown_option"


def test_submitting_needs_every_closed_question(net):
    answers = complete()
    del answers[14]
    with pytest.raises(DomainError) as refused:
        _save(net.haarlem_user, net.open, answers, submit=True)
    assert refused.value.code == "answer_required" and refused.value.field == "q14"
    response = _save(net.haarlem_user, net.open, complete(), submit=True)
    assert response.is_submitted


def test_a_closed_round_is_read_only(net):
    with pytest.raises(ConflictError) as refused:
        _save(net.haarlem_user, net.closed, complete())
    assert refused.value.code == "round_closed"
    past = timezone.localdate() - timedelta(days=1)
    Round.objects.filter(pk=net.open.pk).update(closes_on=past)  # open, but past its date
    with pytest.raises(ConflictError):
        _save(net.haarlem_user, net.open, complete())


def test_a_stale_version_gives_409_and_changes_nothing(net):
    first = _save(net.haarlem_user, net.open, complete(q1="b"))
    _save(net.haarlem_user, net.open, complete(q1="c"), version=first.version)
    with pytest.raises(ConflictError) as refused:  # still at the first version
        _save(net.haarlem_user, net.open, complete(q1="d"), version=first.version)
    assert refused.value.code == "stale_version"
    with pytest.raises(ConflictError):  # a second "new" response while one exists
        _save(net.haarlem_user, net.open, complete(q1="d"), version=0)
    answer = Response.objects.get().answers.get(question__number=1)
    assert [o.letter for o in answer.options.all()] == ["c"]


def test_comparison_counts_submitted_municipalities_per_option_and_round(net):
    Round.objects.filter(pk=net.closed.pk).update(is_open=True)
    _save(net.haarlem_user, net.closed, complete(q1="b", q15="ab"), submit=True)
    _save(net.zaanstad_user, net.closed, complete(q1="b", q15="b"), submit=True)
    _save(net.alkmaar_user, net.closed, complete(q1="a"), submit=True)
    Round.objects.filter(pk=net.closed.pk).update(is_open=False)
    _save(net.haarlem_user, net.open, complete(q1="d"), submit=True)
    _save(net.zaanstad_user, net.open, complete(q1="d"))  # a draft: not counted
    result = selectors.comparison_get(user=net.alkmaar_user, round=net.open)
    assert [r.name for r in result.rounds] == ["0-meting", "1-meting"]
    assert result.submitted == [3, 1]
    stage = next(q for q in result.questions if q.question.number == 1)
    counts = {o.option.letter: o.counts for o in stage.options}
    assert counts == {"a": [1, 0], "b": [2, 0], "c": [0, 0], "d": [0, 1], "e": [0, 0]}
    assert stage.answered == [3, 1]
    problems = next(q for q in result.questions if q.question.number == 15)
    assert {o.option.letter: o.counts[0] for o in problems.options}["b"] == 2
    assert {o.option.letter: o.counts[0] for o in problems.options}["a"] == 2  # Alkmaar "a"
    assert all(q.question.kind != "text" for q in result.questions)
    # The 0-meting compared on its own: no later round in it.
    assert selectors.comparison_get(user=net.coordinator, round=net.closed).submitted == [3]


def test_the_overview_is_for_the_coordinator_only(net):
    _save(net.haarlem_user, net.open, complete(q1="e"), submit=True)
    with pytest.raises(Forbidden):
        selectors.overview_get(user=net.haarlem_user, round=net.open)
    sections, rows = selectors.overview_get(user=net.coordinator, round=net.open)
    assert sections[0] == "Stand van zaken" and len(sections) == 5
    haarlem = next(row for row in rows if row.participant == net.haarlem)
    question, answer = haarlem.cells[0].answers[0]
    assert question.number == 1 and answer.other_text == "toelichting"
    assert [row.response for row in rows if row.participant != net.haarlem] == [None, None]


def test_round_create_numbers_on_and_is_for_the_coordinator(net):
    created = services.round_create(actor=net.coordinator, network=net.network)
    assert (created.number, created.name) == (2, "2-meting")
    with pytest.raises(Forbidden):
        services.round_create(actor=net.haarlem_user, network=net.network)
    services.round_set_open(actor=net.coordinator, round=created, is_open=True)
    assert Round.objects.get(pk=created.pk).is_open


def test_a_user_answers_for_one_municipality_per_network(net):
    with pytest.raises(DomainError):
        services.participant_member_add(participant=net.zaanstad, user=net.haarlem_user)


def test_the_command_adds_a_participant_and_its_respondent(db):
    from io import StringIO

    from django.core.management import call_command

    from wijkteam.knowledgenetwork.models import ParticipantMember

    user = UserFactory(username="resp-velsen")
    call_command(
        "knowledge_network_participant",
        network="Kenniskring IJmond",
        name="Velsen",
        cbs_code="0453",
        user="resp-velsen",
        stdout=StringIO(),
    )
    member = ParticipantMember.objects.get(user=user)
    assert (member.participant.name, member.participant.network.name) == (
        "Velsen",
        "Kenniskring IJmond",
    )
