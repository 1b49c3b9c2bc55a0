"""HTML pages of the knowledge-network monitor, under /kenniskring/. Thin: the rules are in
services and selectors. Every page is for the network coordinator or a respondent; anyone else
gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.access.permissions import staff_page
from wijkteam.core.errors import DomainError, Forbidden, NotFoundOrHidden
from wijkteam.core.forms import form_refuse
from wijkteam.knowledgenetwork import selectors, services
from wijkteam.knowledgenetwork.forms import RoundForm, SurveyForm, survey_initial
from wijkteam.knowledgenetwork.models import Round

BAR_WIDTH = 200  # px of a full bar in the comparison's SVG


def _round_or_error(request: HttpRequest, pk: int) -> Round:
    try:
        return selectors.round_get(user=request.user, pk=pk)
    except Forbidden:
        raise PermissionDenied from None
    except NotFoundOrHidden:
        raise Http404 from None


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The rounds: with the response counts for the coordinator, one's own for a respondent."""
    try:
        rows = selectors.round_rows(user=request.user)
    except Forbidden:
        raise PermissionDenied from None
    coordinator = selectors.is_network_coordinator(user=request.user)
    context = {
        "rows": rows,
        "coordinator": coordinator,
        "round_form": RoundForm() if coordinator else None,
    }
    return render(request, "knowledgenetwork/index.html", context)


def _survey_page(request, round, participant, form, response, status=200) -> HttpResponse:
    context = {
        "round": round,
        "participant": participant,
        "form": form,
        "response": response,
        "read_only": not round.accepts_answers(),
    }
    return render(request, "knowledgenetwork/survey.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    """The monitor for the user's own municipality: save as a draft or submit. After the round
    closes, the answers are shown read-only."""
    round = _round_or_error(request, pk)
    try:
        participant = selectors.participant_for_round(user=request.user, round=round)
    except Forbidden:
        raise PermissionDenied from None
    questions = selectors.questions_with_options()
    response = selectors.response_of(participant=participant, round=round)
    if request.method == "GET":
        initial = survey_initial(
            list(response.answers.all()) if response else [],
            version=response.version if response else 0,
        )
        form = SurveyForm(initial=initial, questions=questions)
        return _survey_page(request, round, participant, form, response)
    form = SurveyForm(request.POST, questions=questions)
    if not form.is_valid():
        return _survey_page(request, round, participant, form, response, status=400)
    submit = request.POST.get("action") == "submit"
    version = form.cleaned_data.get("version")
    try:
        services.response_save(
            actor=request.user,
            round=round,
            answers=form.answers(),
            submit=submit,
            expected_version=version if version is not None else -1,
        )
    except DomainError as error:
        form_refuse(form, error)
        return _survey_page(request, round, participant, form, response, status=error.status_code)
    if submit:
        messages.success(request, _("Your answers are submitted. Thank you."))
    else:
        messages.success(request, _("Your answers are saved as a draft."))
    return redirect("knowledgenetwork:survey", pk=round.pk)


@staff_page
@require_GET
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """Per question, how many municipalities chose each option, in this round and the ones
    before it: counts only, for the coordinator and the respondents alike."""
    round = _round_or_error(request, pk)
    result = selectors.comparison_get(user=request.user, round=round)
    charts = []
    for question in result.questions:
        bars = []
        for option in question.options:
            for position, count in enumerate(option.counts):
                total = result.submitted[position]
                bars.append(
                    {
                        "option": option.option,
                        "round": result.rounds[position],
                        "count": count,
                        "total": total,
                        "width": _bar_width(count, total),
                        "first": position == 0,
                        "span": len(result.rounds),
                    }
                )
        charts.append({"question": question.question, "bars": bars, "answered": question.answered})
    context = {
        "round": round,
        "comparison": result,
        "charts": charts,
        "bar_width": BAR_WIDTH,
        "coordinator": selectors.is_network_coordinator(user=request.user),
    }
    return render(request, "knowledgenetwork/comparison.html", context)


def _bar_width(count: int, total: int) -> int:
    """The bar's length in px: the share of the round's submitted responses."""
    return int(BAR_WIDTH * count / total + 0.5) if total else 0


@staff_page
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's overview per municipality, in the columns of appendix 3."""
    round = _round_or_error(request, pk)
    try:
        sections, rows = selectors.overview_get(user=request.user, round=round)
    except Forbidden:
        raise PermissionDenied from None
    context = {"round": round, "sections": sections, "rows": rows}
    return render(request, "knowledgenetwork/overview.html", context)


@staff_page
@require_POST
def round_create(request: HttpRequest) -> HttpResponse:
    """The coordinator starts the network's next round."""
    if not selectors.is_network_coordinator(user=request.user):
        raise PermissionDenied
    form = RoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.round_create(
                actor=request.user,
                network=data["network"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                is_open=data["is_open"],
            )
        except DomainError as error:
            form_refuse(form, error)
        else:
            messages.success(request, _("The round %(name)s is added.") % {"name": created.name})
            return redirect("knowledgenetwork:index")
    context = {
        "rows": selectors.round_rows(user=request.user),
        "coordinator": True,
        "round_form": form,
    }
    return render(request, "knowledgenetwork/index.html", context, status=400)


@staff_page
@require_POST
def round_set_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator opens a round for answers, or closes it."""
    round = _round_or_error(request, pk)
    if not selectors.is_network_coordinator(user=request.user):
        raise PermissionDenied
    is_open = request.POST.get("open") == "true"
    services.round_set_open(actor=request.user, round=round, is_open=is_open)
    if is_open:
        messages.success(request, _("The round is open for answers."))
    else:
        messages.success(request, _("The round is closed: its answers are read-only now."))
    return redirect("knowledgenetwork:index")
