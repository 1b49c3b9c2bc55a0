"""Forms of the team pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _whole_number(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Fill in a whole number."),
            "invalid": _("Fill in a whole number."),
        },
    )


class TeamNormForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    caseload_norm = _whole_number(
        _("Caseload norm (open cases per fte)"),
        _("How many open cases a full-time member carries; a member with 0.5 fte half of it."),
    )
    fulltime_hours = _whole_number(
        _("Hours of a full-time week"), _("A member's hours in the team are fte × these hours.")
    )
    first_contact_working_days = _whole_number(
        _("First contact within (working days)"),
        _("After the registration. Weekends and public holidays do not count."),
    )
    plan_term_days = _whole_number(
        _("Active plan within (days)"),
        _("Calendar days after the registration; the Wmo gives six weeks (42 days)."),
    )
