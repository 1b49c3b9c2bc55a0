"""REST API of the knowledge-network monitor: the rounds one sees, one's own municipality's
response (read and save), and the comparison's counts per option."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from wijkteam.core.api import error_responses, validated
from wijkteam.knowledgenetwork import selectors, services
from wijkteam.knowledgenetwork.models import QuestionKind, Response, Round

VERSION_HELP = (
    "The version you last read (0 when there was no response yet); 409 `stale_version` if it "
    "moved on."
)


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="round.pk")
    network = serializers.CharField(source="round.network.name")
    number = serializers.IntegerField(source="round.number")
    name = serializers.CharField(source="round.name")
    opens_on = serializers.DateField(source="round.opens_on", allow_null=True)
    closes_on = serializers.DateField(source="round.closes_on", allow_null=True)
    accepts_answers = serializers.SerializerMethodField()
    own_status = serializers.SerializerMethodField(
        help_text="Your municipality's response: `none`, `draft` or `submitted`."
    )
    participants = serializers.IntegerField(help_text="Coordinator only; else 0.")
    submitted = serializers.IntegerField(help_text="Coordinator only; else 0.")
    drafts = serializers.IntegerField(help_text="Coordinator only; else 0.")

    def get_accepts_answers(self, row: selectors.RoundRow) -> bool:
        return row.round.accepts_answers()

    def get_own_status(self, row: selectors.RoundRow) -> str:
        if row.own_response is None:
            return "none"
        return "submitted" if row.own_response.is_submitted else "draft"


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=20, help_text="Question number.")
    options = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Option ids."
    )
    other_text = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text='Required with an option that asks "namelijk …".',
    )
    text = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The open answer, or the explanation beside the options.",
    )


class ResponseSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    participant = serializers.CharField(help_text="Your municipality.")
    cbs_code = serializers.CharField()
    version = serializers.IntegerField(help_text="0: no response yet.")
    status = serializers.CharField(help_text="`none`, `draft` or `submitted`.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    accepts_answers = serializers.BooleanField()
    answers = AnswerSerializer(many=True)


class ResponseWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    submit = serializers.BooleanField(
        default=False,
        help_text="`true`: submit (every closed question answered); `false`: save as a draft. "
        "A submitted response stays submitted.",
    )
    answers = AnswerSerializer(many=True, help_text="Questions left out are emptied.")


class QuestionOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="option.pk")
    letter = serializers.CharField(source="option.letter")
    text = serializers.CharField(source="option.text")
    is_other = serializers.BooleanField(source="option.is_other")
    counts = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Municipalities that chose it, per round of `rounds`.",
    )


class QuestionCountsSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="question.number")
    text = serializers.CharField(source="question.text")
    kind = serializers.ChoiceField(source="question.kind", choices=QuestionKind.choices)
    answered = serializers.ListField(child=serializers.IntegerField())
    options = QuestionOptionSerializer(many=True)


class ComparisonRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    name = serializers.CharField()
    submitted = serializers.IntegerField(source="n")


class ComparisonSerializer(serializers.Serializer):
    rounds = ComparisonRoundSerializer(many=True, help_text="This round and those before it.")
    questions = QuestionCountsSerializer(many=True)


def _response_body(round: Round, participant, response: Response | None) -> dict:
    answers = []
    if response is not None:
        for answer in response.answers.all():
            answers.append(
                {
                    "question": answer.question.number,
                    "options": [option.pk for option in answer.options.all()],
                    "other_text": answer.other_text,
                    "text": answer.text,
                }
            )
    return {
        "round": round.pk,
        "participant": participant.name,
        "cbs_code": participant.cbs_code,
        "version": response.version if response else 0,
        "status": ("submitted" if response.is_submitted else "draft") if response else "none",
        "submitted_at": response.submitted_at if response else None,
        "accepts_answers": round.accepts_answers(),
        "answers": sorted(answers, key=lambda item: item["question"]),
    }


class RoundListView(GenericAPIView):
    serializer_class = RoundSerializer
    queryset = Round.objects.none()
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="The monitor's rounds you see: with the counts for the network coordinator, "
        "your own municipality's status for a respondent",
        responses={200: RoundSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> ApiResponse:
        rows = selectors.round_rows(user=request.user)
        return ApiResponse(RoundSerializer(rows, many=True).data)


class OwnResponseView(GenericAPIView):
    serializer_class = ResponseSerializer
    queryset = Round.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Your municipality's response in this round (respondents only)",
        responses={200: ResponseSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> ApiResponse:
        round = selectors.round_get(user=request.user, pk=pk)
        participant = selectors.participant_for_round(user=request.user, round=round)
        response = selectors.response_of(participant=participant, round=round)
        return ApiResponse(ResponseSerializer(_response_body(round, participant, response)).data)

    @extend_schema(
        summary="Save your municipality's answers as a draft, or submit them. 409 "
        "`round_closed` after the round closed, `stale_version` when someone saved meanwhile; "
        '400 `other_text_required` for a "namelijk" option without text.',
        request=ResponseWriteSerializer,
        responses={200: ResponseSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def put(self, request: Request, pk: int) -> ApiResponse:
        round = selectors.round_get(user=request.user, pk=pk)
        participant = selectors.participant_for_round(user=request.user, round=round)
        data = validated(ResponseWriteSerializer, request)
        answers = {}
        for item in data["answers"]:
            if item["question"] in answers:
                raise serializers.ValidationError({"answers": [_("A question occurs twice.")]})
            answers[item["question"]] = services.AnswerInput(
                options=item["options"], other_text=item["other_text"], text=item["text"]
            )
        services.response_save(
            actor=request.user,
            round=round,
            answers=answers,
            submit=data["submit"],
            expected_version=data["version"],
        )
        response = selectors.response_of(participant=participant, round=round)
        return ApiResponse(ResponseSerializer(_response_body(round, participant, response)).data)


class ComparisonView(GenericAPIView):
    serializer_class = ComparisonSerializer
    queryset = Round.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="How many municipalities chose each option, in this round and the rounds "
        "before it (submitted responses only; counts, never who chose what)",
        responses={200: ComparisonSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> ApiResponse:
        round = selectors.round_get(user=request.user, pk=pk)
        result = selectors.comparison_get(user=request.user, round=round)
        return ApiResponse(ComparisonSerializer(result).data)
