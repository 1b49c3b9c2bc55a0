"""Forms of the back-office pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.backoffice.models import CATEGORY_CHOICES, BreakthroughStatus, Outcome

OVERRIDE_HELP = _(
    "Only when no consent or legal task allows sending this to the back office and you "
    "decide, as team coordinator, that it must go ahead. Your reason is recorded."
)


def _text(label: Any, *, rows: int = 3, max_length: int = 2000, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def _override_field() -> forms.CharField:
    return _text(
        _("Reason to share without a ground (team coordinator only)"),
        rows=2,
        required=False,
        help_text=OVERRIDE_HELP,
    )


class AdviceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(
        label=_("Kind of provision"), choices=[("", "—"), *CATEGORY_CHOICES]
    )
    provision = forms.CharField(
        label=_("Provision asked for"),
        max_length=300,
        help_text=_("For example: household help, 3 hours a week."),
    )
    person = forms.TypedChoiceField(
        label=_("For household member"), coerce=int, required=False, empty_value=None, choices=()
    )
    reasons = _text(_("Why"), max_length=4000, help_text=_("What the household needs and why."))
    tried = _text(
        _("What was tried at lower steps"),
        rows=5,
        max_length=4000,
        help_text=_(
            "Own strength, network and volunteers, general provisions: what was done and why "
            "it was not enough."
        ),
    )
    requested_on = forms.DateField(
        label=_("Date of the request for help"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The Wmo investigation term (6 weeks) runs from this date."),
    )
    applied_on = forms.DateField(
        label=_("Date of the application"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The decision term (Wmo 2 weeks, otherwise 8 weeks) runs from this date."),
    )
    override_reason = _override_field()

    def __init__(
        self, *args: Any, persons: list = (), can_override: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("The household"))] + [
            (person.pk, person.display_name) for person in persons
        ]
        self.persons = {person.pk: person for person in persons}
        if not can_override:
            del self.fields["override_reason"]

    def chosen_person(self) -> Any:
        return self.persons.get(self.cleaned_data.get("person"))


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = _text(_("Why is the advice withdrawn?"), rows=2, max_length=1000)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = _text(
        _("Reason"),
        help_text=_("Required. Explain especially a refusal or a partial grant."),
    )


class ContactForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Back-office contact"), queryset=None, required=False, empty_label=_("Me")
    )

    def __init__(self, *args: Any, consultants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = consultants


class BreakthroughForm(forms.Form):
    blocking_rule = _text(
        _("Which rule blocks"),
        help_text=_("The rule, policy or procedure that stands in the way."),
    )
    solution = _text(_("The sensible solution you propose"))
    reasons = _text(_("Why"), help_text=_("Why this solution is needed, and what it prevents."))
    override_reason = _override_field()

    def __init__(self, *args: Any, can_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]


class BreakthroughStepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("Step to take"), choices=())
    note = _text(
        _("Note"),
        rows=2,
        required=False,
        help_text=_("Required to resolve (how) or reject (why)."),
    )

    def __init__(self, *args: Any, allowed: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (value, BreakthroughStatus(value).label)
            for value in BreakthroughStatus.values
            if value in allowed
        ]
