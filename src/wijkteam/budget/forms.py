"""Forms of the budget pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


def _amount_field(label: str, **kwargs: object) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class SpendingRequestForm(forms.Form):
    amount = _amount_field(_("Amount in euros"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=1000,
        help_text=_("What the money is for. Do not name anyone: the team sees the ledger."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    case = forms.TypedChoiceField(
        label=_("Case"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args: object, cases: list = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("No particular case"))] + [
            (case.pk, case.reference) for case in cases
        ]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        help_text=_("Required when refusing. Do not name anyone."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BudgetSetForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = _amount_field(_("Budget in euros"))
    coordinator_limit = _amount_field(
        _("Coordinator limit in euros"),
        help_text=_("Per request: up to this amount the team coordinator approves."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from wijkteam.teams.models import Team

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
