"""Forms for grounds for sharing. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.households.models import Person
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose


def _blank(choices: list[tuple[str, Any]], label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


class GroundForm(forms.Form):
    """Record a ground: with whom, for what, and on consent or a legal task."""

    party = forms.ChoiceField(label=_("With whom"), choices=_blank(Party.choices))
    party_name = forms.CharField(
        label=_("Name of the party"),
        max_length=150,
        required=False,
        help_text=_("E.g. the organisation for specialist care."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=_blank(Purpose.choices))
    purpose_detail = forms.CharField(
        label=_("Purpose, in words"),
        max_length=300,
        required=False,
        help_text=_("Needed for 'other purpose'."),
    )
    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose consent or a legal task.")},
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent_scope = forms.CharField(
        label=_("What may be shared"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which information, e.g. 'the plan and the ZRM, not the contact notes'."),
    )
    consent_by = forms.TypedChoiceField(
        label=_("Consent given by"), coerce=int, empty_value=None, required=False
    )
    legal_task = forms.ChoiceField(
        label=_("Legal task"), choices=_blank(LegalTask.choices), required=False
    )
    legal_task_other = forms.CharField(
        label=_("Other legal task"),
        max_length=200,
        required=False,
        help_text=_("The law and article, when the legal task is not in the list."),
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ground")
        super().__init__(*args, **kwargs)
        self.members = {person.pk: person for person in members}
        self.fields["consent_by"].choices = _blank(
            [(person.pk, person.display_name) for person in members]
        )

    def chosen_person(self) -> Person | None:
        return self.members.get(self.cleaned_data.get("consent_by"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the ground is withdrawn.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, ground_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"withdraw-{ground_pk}")
        super().__init__(*args, **kwargs)
