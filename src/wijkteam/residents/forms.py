"""Forms of the resident's own view, worded for residents (B1). They parse input only; the rules
are in ``services`` and ``wijkteam.sharing.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.core.domains import LifeDomain
from wijkteam.residents.services import NOTE_MAX_LENGTH


class GoalProposeForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("What part of your life is this goal about?"),
        choices=[("", "—"), *LifeDomain.choices],
        error_messages={
            "required": _("Choose what part of your life this goal is about."),
            "invalid_choice": _("Choose what part of your life this goal is about."),
        },
    )
    description = forms.CharField(
        label=_("Your goal"),
        max_length=1000,
        help_text=_("Write in your own words what you want to be different."),
        error_messages={
            "required": _("Write down your goal, in your own words."),
            "max_length": _("Your goal is too long. Use at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note for your case director"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Your case director and the team members working on your case can read it."),
        error_messages={
            "required": _("Write your note."),
            "max_length": _("Your note is too long. Use at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _labelled(choices: list[tuple[str, Any]], plain: dict[str, Any]) -> list[tuple[str, Any]]:
    """The sharing app's choices, with the plainer wording for residents where there is one."""
    return [("", "—"), *((value, plain.get(value, label)) for value, label in choices)]


class ConsentForm(forms.Form):
    """Consent the resident gives: to whom, for what, which information."""

    party = forms.ChoiceField(
        label=_("With whom may the team share your information?"),
        error_messages={
            "required": _("Choose with whom the team may share your information."),
            "invalid_choice": _("Choose with whom the team may share your information."),
        },
    )
    party_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=150,
        required=False,
        help_text=_("If you know it. For example the name of the care provider."),
    )
    purpose = forms.ChoiceField(
        label=_("What for?"),
        error_messages={
            "required": _("Choose what the information may be used for."),
            "invalid_choice": _("Choose what the information may be used for."),
        },
    )
    purpose_detail = forms.CharField(
        label=_("Explain what for"),
        max_length=300,
        required=False,
        help_text=_("Only needed if you chose 'something else'."),
    )
    consent_scope = forms.CharField(
        label=_("Which information may be shared?"),
        max_length=1000,
        help_text=_("For example: my plan and how things are going (ZRM)."),
        error_messages={"required": _("Write down which information may be shared.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from wijkteam.sharing.models import Party, Purpose

        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _labelled(Party.choices, PARTY_LABELS)
        self.fields["purpose"].choices = _labelled(Purpose.choices, PURPOSE_LABELS)


class WithdrawForm(forms.Form):
    """Carries the version of the consent the page showed."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


# Plainer words for the sharing app's parties and purposes, keyed by their stored values.
PARTY_LABELS: dict[str, Any] = {
    "back_office": _("The municipality (Wmo, youth, work and income)"),
    "specialist_care": _("Specialist care, when you are referred to it"),
    "other_team": _("Another neighbourhood team, for example when you move"),
    "case_conference": _("Experts from outside the team, in a meeting about your situation"),
    "other_partner": _("Another organisation"),
}
PURPOSE_LABELS: dict[str, Any] = {
    "referral": _("To refer you to other help"),
    "provision_advice": _("To advise the municipality on help or a provision for you"),
    "case_conference": _("To talk about your situation together"),
    "direction_transfer": _("To hand over who coordinates your help"),
    "other": _("Something else (explain below)"),
}
