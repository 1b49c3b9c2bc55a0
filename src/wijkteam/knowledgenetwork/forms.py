"""Forms of the monitor's pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.knowledgenetwork.models import Answer, Network, Question, QuestionKind
from wijkteam.knowledgenetwork.services import AnswerInput


class SurveyForm(forms.Form):
    """The 20 questions: per question ``q<n>`` (the options), ``q<n>_other`` (the text of a
    "namelijk …" option) and ``q<n>_text`` (an open answer, or the explanation)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.number}"
            label = f"{question.number}. {question.text}"
            choices = [(str(option.pk), option.text) for option in question.options.all()]
            if question.kind == QuestionKind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
            elif question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    help_text=_("One or more answers."),
                )
            if question.kind != QuestionKind.TEXT:
                if any(option.is_other for option in question.options.all()):
                    self.fields[f"{name}_other"] = forms.CharField(
                        label=_("Namely"),
                        max_length=500,
                        required=False,
                        help_text=_('Required when you choose an option with "namelijk".'),
                    )
                if question.text_label:
                    self.fields[f"{name}_text"] = forms.CharField(
                        label=question.text_label,
                        required=False,
                        max_length=4000,
                        widget=forms.Textarea(attrs={"rows": 2}),
                    )
            else:
                self.fields[f"{name}_text"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=question.text_label,
                )

    def rows(self) -> list[dict[str, Any]]:
        """Per question its bound fields, for the template."""
        rows = []
        for question in self.questions:
            name = f"q{question.number}"
            rows.append(
                {
                    "question": question,
                    "choice": self[name] if name in self.fields else None,
                    "other": self[f"{name}_other"] if f"{name}_other" in self.fields else None,
                    "text": self[f"{name}_text"] if f"{name}_text" in self.fields else None,
                }
            )
        return rows

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        given = {}
        for question in self.questions:
            name = f"q{question.number}"
            value = data.get(name) or []
            options = [int(value)] if isinstance(value, str) else [int(pk) for pk in value]
            given[question.number] = AnswerInput(
                options=options,
                other_text=data.get(f"{name}_other", "") or "",
                text=data.get(f"{name}_text", "") or "",
            )
        return given


def survey_initial(answers: list[Answer], *, version: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version}
    for answer in answers:
        name = f"q{answer.question.number}"
        ids = [str(option.pk) for option in answer.options.all()]
        initial[name] = (
            ids if answer.question.kind == QuestionKind.MULTIPLE else next(iter(ids), "")
        )
        initial[f"{name}_other"] = answer.other_text
        initial[f"{name}_text"] = answer.text
    return initial


class RoundForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all())
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_open = forms.BooleanField(label=_("Open for answers now"), required=False)
