"""The filters of the area analysis page (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.monitoring.area_analysis import DEFAULT_SORT, NEIGHBOURHOOD, SORTS, TEAM_AREA

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a date as dd-mm-yyyy, e.g. 31-12-2025.")}


class AreaAnalysisForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[(TEAM_AREA, _("Team areas")), (NEIGHBOURHOOD, _("Neighbourhoods"))],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Rank by"),
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        required=False,
    )
    # The area the ZRM chart compares with the municipality, as ``team_area:3`` or
    # ``neighbourhood:7`` (``AreaRow.key``); the page offers the places in a select.
    area = forms.RegexField(
        label=_("Area in the ZRM chart"),
        regex=r"^(team_area|neighbourhood):[0-9]{1,9}$",
        required=False,
    )

    def clean_level(self) -> str:
        return self.cleaned_data.get("level") or TEAM_AREA

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start."))
        return data
