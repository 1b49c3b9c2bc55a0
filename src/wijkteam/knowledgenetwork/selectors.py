"""Reads of the knowledge network's monitor, for the acting user.

Who sees what:

* the *network coordinator* (group "Kenniskring-coördinator") sees every network, round and
  response, and the per-municipality overview;
* a *respondent* (``ParticipantMember``) sees the rounds of their own network, their own
  participant's response, and of the others only the counts per option (the comparison);
* everyone else gets 403: the monitor is not theirs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.core.errors import Forbidden, NotFoundOrHidden
from wijkteam.knowledgenetwork.models import (
    Answer,
    Option,
    Participant,
    Question,
    QuestionKind,
    Response,
    Round,
)
from wijkteam.knowledgenetwork.questions import SECTIONS


def is_network_coordinator(*, user: User) -> bool:
    return has_role(user, Role.NETWORK_COORDINATOR)


def participants_of(*, user: User) -> QuerySet[Participant]:
    """The participants ``user`` answers for."""
    if not user.is_authenticated or not user.is_active:
        return Participant.objects.none()
    return Participant.objects.filter(members__user=user)


def monitor_require(*, user: User) -> None:
    """403 for anyone who is neither the coordinator nor a respondent."""
    if is_network_coordinator(user=user) or participants_of(user=user).exists():
        return
    raise Forbidden(
        _("The knowledge-network monitor is not part of your role."), code="not_allowed"
    )


def rounds_visible_to(*, user: User) -> QuerySet[Round]:
    rounds = Round.objects.select_related("network").order_by("network__name", "-number")
    if is_network_coordinator(user=user):
        return rounds
    networks = participants_of(user=user).values("network_id")
    return rounds.filter(network_id__in=networks)


def round_get(*, user: User, pk: int) -> Round:
    monitor_require(user=user)
    found = rounds_visible_to(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFoundOrHidden("round not visible")
    return found


def participant_for_round(*, user: User, round: Round) -> Participant:
    """The participant ``user`` answers for in ``round``'s network."""
    participants = list(participants_of(user=user).filter(network_id=round.network_id)[:2])
    if len(participants) != 1:
        raise Forbidden(
            _("You answer the monitor for no municipality of this network."),
            code="not_a_participant",
        )
    return participants[0]


def questions_with_options() -> list[Question]:
    return list(Question.objects.prefetch_related("options").order_by("order"))


def response_of(*, participant: Participant, round: Round) -> Response | None:
    answers = Answer.objects.select_related("question").prefetch_related("options")
    return (
        Response.objects.filter(participant=participant, round=round)
        .prefetch_related(Prefetch("answers", queryset=answers))
        .first()
    )


@dataclass
class RoundRow:
    round: Round
    participants: int = 0
    submitted: int = 0
    drafts: int = 0
    own_response: Response | None = None


def round_rows(*, user: User) -> list[RoundRow]:
    """The rounds ``user`` sees: with the response counts for the coordinator, with their own
    response for a respondent. A fixed number of queries, whatever the number of rounds."""
    monitor_require(user=user)
    coordinator = is_network_coordinator(user=user)
    rounds = list(
        rounds_visible_to(user=user).annotate(
            n_submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
            n_responses=Count("responses"),
        )
    )
    own = {
        response.round_id: response
        for response in Response.objects.filter(
            participant__in=participants_of(user=user), round__in=rounds
        )
    }
    sizes = {}
    if coordinator:
        sizes = dict(
            Participant.objects.values_list("network_id").annotate(n=Count("pk")).order_by()
        )
    rows = []
    for found in rounds:
        row = RoundRow(round=found, own_response=own.get(found.pk))
        if coordinator:
            row.participants = sizes.get(found.network_id, 0)
            row.submitted = found.n_submitted
            row.drafts = found.n_responses - found.n_submitted
        rows.append(row)
    return rows


@dataclass
class OptionCounts:
    option: Option
    counts: list[int]  # per round of the comparison, in its order


@dataclass
class QuestionCounts:
    question: Question
    options: list[OptionCounts]
    answered: list[int]  # per round: participants who answered the question


@dataclass
class Comparison:
    round: Round
    rounds: list[Round]  # this round and the ones before it, oldest first
    submitted: list[int]  # per round: submitted responses
    questions: list[QuestionCounts] = field(default_factory=list)


def comparison_get(*, user: User, round: Round) -> Comparison:
    """How many participants chose each option, in ``round`` and the rounds before it.

    Only submitted responses count; drafts do not. The counts are of municipalities, never of
    people, and say nothing of which municipality chose what: respondents see them too. Open
    questions and "namelijk …" texts are not in it (they are in the coordinator's overview).
    Four queries, whatever the number of participants or rounds.
    """
    monitor_require(user=user)
    rounds = list(
        Round.objects.filter(network_id=round.network_id, number__lte=round.number)
        .annotate(n=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .order_by("number")
    )
    index = {found.pk: position for position, found in enumerate(rounds)}
    chosen = (
        Answer.options.through.objects.filter(
            answer__response__round__in=rounds, answer__response__submitted_at__isnull=False
        )
        .values_list("answer__response__round_id", "option_id")
        .annotate(n=Count("answer__response__participant_id", distinct=True))
        .order_by()
    )
    by_option: dict[int, list[int]] = defaultdict(lambda: [0] * len(rounds))
    for round_id, option_id, n in chosen:
        by_option[option_id][index[round_id]] = n
    answered_rows = (
        Answer.objects.filter(response__round__in=rounds, response__submitted_at__isnull=False)
        .filter(options__isnull=False)
        .values_list("response__round_id", "question_id")
        .annotate(n=Count("response__participant_id", distinct=True))
        .order_by()
    )
    answered: dict[int, list[int]] = defaultdict(lambda: [0] * len(rounds))
    for round_id, question_id, n in answered_rows:
        answered[question_id][index[round_id]] = n
    comparison = Comparison(round=round, rounds=rounds, submitted=[r.n for r in rounds])
    for question in questions_with_options():
        if question.kind == QuestionKind.TEXT:
            continue
        options = [
            OptionCounts(option=option, counts=list(by_option[option.pk]))
            for option in question.options.all()
        ]
        comparison.questions.append(
            QuestionCounts(question=question, options=options, answered=answered[question.pk])
        )
    return comparison


@dataclass
class OverviewCell:
    section: str
    answers: list[tuple[Question, Answer]]


@dataclass
class OverviewRow:
    participant: Participant
    response: Response | None
    cells: list[OverviewCell]


def overview_get(*, user: User, round: Round) -> tuple[list[str], list[OverviewRow]]:
    """Per participant, its answers in ``round`` grouped by the columns of appendix 3 (stand
    van zaken, doelstelling, organisatie, samenwerking, opbrengsten): the coordinator only.
    Drafts are shown, marked as such. A fixed number of queries."""
    if not is_network_coordinator(user=user):
        raise Forbidden(
            _("Only the network coordinator sees the answers per municipality."),
            code="not_allowed",
        )
    questions = questions_with_options()
    answers = Answer.objects.select_related("question").prefetch_related("options")
    responses = {
        response.participant_id: response
        for response in Response.objects.filter(round=round).prefetch_related(
            Prefetch("answers", queryset=answers)
        )
    }
    rows = []
    for participant in Participant.objects.filter(network_id=round.network_id).order_by("name"):
        response = responses.get(participant.pk)
        given = (
            {answer.question_id: answer for answer in response.answers.all()} if response else {}
        )
        cells = []
        for section in SECTIONS:
            cells.append(
                OverviewCell(
                    section=section,
                    answers=[
                        (question, given[question.pk])
                        for question in questions
                        if question.section == section and question.pk in given
                    ],
                )
            )
        rows.append(OverviewRow(participant=participant, response=response, cells=cells))
    return list(SECTIONS), rows
