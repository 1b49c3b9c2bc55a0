from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.audit.selectors import AccessLogFilter

HOUSEHOLD_REFERENCE_RE = re.compile(r"^(?:HH-?)?0*([0-9]{1,12})$", re.IGNORECASE)


class AccessLogSearchForm(forms.Form):
    household = forms.CharField(
        label=_("Household"),
        max_length=20,
        required=False,
        help_text=_("A reference such as HH-000123."),
    )
    username = forms.CharField(label=_("Username"), max_length=150, required=False)
    event = forms.CharField(
        label=_("Event"),
        max_length=50,
        required=False,
        help_text=_("For example household_viewed or case_changed."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_household(self) -> int | None:
        value = self.cleaned_data["household"].strip()
        if not value:
            return None
        match = HOUSEHOLD_REFERENCE_RE.match(value)
        if match is None:
            raise forms.ValidationError(_("Enter a household reference such as HH-000123."))
        return int(match.group(1))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned

    def filters(self) -> AccessLogFilter:
        data = self.cleaned_data
        return AccessLogFilter(
            household_id=data["household"],
            username=data["username"].strip(),
            event=data["event"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
