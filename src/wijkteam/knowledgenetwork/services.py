"""Writes of the knowledge network's monitor: a respondent saves their participant's answers
(as a draft, or submitted); the network coordinator keeps rounds and participants.

A response is only written while its round accepts answers; after it closes, it is read-only.
Every save carries the version its editor saw: a response changed meanwhile gives 409.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.core.concurrency import stale_version_error, update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.knowledgenetwork.models import (
    Answer,
    Network,
    Option,
    Participant,
    ParticipantMember,
    Question,
    QuestionKind,
    Response,
    Round,
)
from wijkteam.knowledgenetwork.selectors import (
    is_network_coordinator,
    participant_for_round,
    questions_with_options,
)

logger = logging.getLogger(__name__)

OTHER_TEXT_MAX = 500
TEXT_MAX = 4000


@dataclass
class AnswerInput:
    """What a respondent gave for one question."""

    options: list[int] = field(default_factory=list)
    other_text: str = ""
    text: str = ""


def coordinator_require(*, actor: User) -> None:
    if not is_network_coordinator(user=actor):
        raise Forbidden(
            _("Only the network coordinator manages rounds and participants."),
            code="not_allowed",
        )


def _field(question: Question) -> str:
    return f"q{question.number}"


def _answers_check(
    *, questions: list[Question], answers: dict[int, AnswerInput], complete: bool
) -> dict[int, tuple[AnswerInput, list[Option]]]:
    """``answers`` by question number, checked; the options looked up. ``complete``: every
    closed question must have an answer (on submitting)."""
    by_number = {question.number: question for question in questions}
    unknown = set(answers) - set(by_number)
    if unknown:
        raise DomainError(_("Unknown question."), code="unknown_question")
    checked = {}
    for question in questions:
        given = answers.get(question.number, AnswerInput())
        given.other_text = given.other_text.strip()
        given.text = given.text.strip()
        options = {option.pk: option for option in question.options.all()}
        if question.kind == QuestionKind.TEXT and given.options:
            raise DomainError(
                _("Question %(number)d asks for an open answer.") % {"number": question.number},
                code="unknown_option",
                field=_field(question),
            )
        if any(pk not in options for pk in given.options):
            raise DomainError(
                _("Choose one of the options of question %(number)d.")
                % {"number": question.number},
                code="unknown_option",
                field=_field(question),
            )
        chosen = [options[pk] for pk in dict.fromkeys(given.options)]
        if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
            raise DomainError(
                _("Question %(number)d takes one answer.") % {"number": question.number},
                code="one_option_only",
                field=_field(question),
            )
        if any(option.is_other for option in chosen) and not given.other_text:
            raise DomainError(
                _('Question %(number)d: fill in what you mean by "namelijk …".')
                % {"number": question.number},
                code="other_text_required",
                field=_field(question),
            )
        if given.other_text and not any(option.is_other for option in chosen):
            given.other_text = ""  # typed beside an option that asks for none: not kept
        if len(given.other_text) > OTHER_TEXT_MAX or len(given.text) > TEXT_MAX:
            raise DomainError(
                _("Question %(number)d: the text is too long.") % {"number": question.number},
                code="too_long",
                field=_field(question),
            )
        if complete and question.kind != QuestionKind.TEXT and not chosen:
            raise DomainError(
                _("Answer question %(number)d before you submit.") % {"number": question.number},
                code="answer_required",
                field=_field(question),
            )
        checked[question.number] = (given, chosen)
    return checked


@transaction.atomic
def response_save(
    *,
    actor: User,
    round: Round,
    answers: dict[int, AnswerInput],
    submit: bool,
    expected_version: int | None,
) -> Response:
    """Save the answers of ``actor``'s participant in ``round``: all 20 questions at once, the
    ones not given emptied. ``submit``: the response counts in the comparison from now on
    (a submitted response stays submitted and must stay complete). ``expected_version``: the
    version the editor saw, 0 when there was no response yet; a mismatch gives 409."""
    participant = participant_for_round(user=actor, round=round)
    if not Round.objects.get(pk=round.pk).accepts_answers():
        raise ConflictError(
            _("This round is closed: its answers can no longer be changed."),
            code="round_closed",
        )
    existing = Response.objects.filter(participant=participant, round=round).first()
    questions = questions_with_options()
    submit = submit or bool(existing and existing.is_submitted)
    checked = _answers_check(questions=questions, answers=answers, complete=submit)
    now = timezone.now()
    if existing is None:
        if expected_version not in (None, 0):
            raise stale_version_error()
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    participant=participant,
                    round=round,
                    updated_at=now,
                    updated_by=actor,
                    submitted_at=now if submit else None,
                )
        except IntegrityError:  # saved by a colleague at the same moment
            raise stale_version_error() from None
    else:
        response = update_versioned(
            existing,
            expected_version=expected_version if expected_version is not None else -1,
            fields={
                "updated_at": now,
                "updated_by": actor,
                "submitted_at": existing.submitted_at or (now if submit else None),
            },
        )
    response.answers.all().delete()
    for question in questions:
        given, chosen = checked[question.number]
        if not chosen and not given.text:
            continue
        answer = Answer.objects.create(
            response=response, question=question, other_text=given.other_text, text=given.text
        )
        answer.options.set(chosen)
    logger.info(
        "knowledge_network_response_saved response=%s round=%s submitted=%s",
        response.pk,
        round.pk,
        response.is_submitted,
    )
    return response


def round_create(
    *,
    actor: User,
    network: Network,
    opens_on: date | None = None,
    closes_on: date | None = None,
    is_open: bool = False,
) -> Round:
    """The network's next round, named as the seed does: 0-meting, 1-meting, …"""
    coordinator_require(actor=actor)
    if opens_on and closes_on and closes_on < opens_on:
        raise DomainError(
            _("A round cannot close before it opens."), code="invalid_dates", field="closes_on"
        )
    last = Round.objects.filter(network=network).aggregate(n=Max("number"))["n"]
    number = 0 if last is None else last + 1
    created = Round.objects.create(
        network=network,
        number=number,
        name=f"{number}-meting",
        opens_on=opens_on,
        closes_on=closes_on,
        is_open=is_open,
    )
    logger.info("knowledge_network_round_created round=%s", created.pk)
    return created


def round_set_open(*, actor: User, round: Round, is_open: bool) -> Round:
    """Open a round for answers, or close it (its responses become read-only)."""
    coordinator_require(actor=actor)
    Round.objects.filter(pk=round.pk).update(is_open=is_open)
    round.refresh_from_db()
    logger.info("knowledge_network_round_set_open round=%s open=%s", round.pk, is_open)
    return round


def network_get_or_create(*, name: str) -> Network:
    return Network.objects.get_or_create(name=name)[0]


def participant_add(*, network: Network, name: str, cbs_code: str) -> Participant:
    """Add a municipality to the network (or rename the one with this CBS code)."""
    participant, _created = Participant.objects.update_or_create(
        network=network, cbs_code=cbs_code, defaults={"name": name}
    )
    return participant


def participant_member_add(*, participant: Participant, user: User) -> ParticipantMember:
    """Let ``user`` answer for ``participant``; one participant per network per user."""
    other = ParticipantMember.objects.filter(
        user=user, participant__network_id=participant.network_id
    ).exclude(participant=participant)
    if other.exists():
        raise DomainError(
            _("This user already answers for another municipality of this network."),
            code="member_elsewhere",
        )
    return ParticipantMember.objects.get_or_create(user=user, participant=participant)[0]
