"""The filters of the area analysis page (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import MONTHS
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


class DashboardForm(forms.Form):
    """The dashboard's filters (GET): where (a level and which one) and when (a year, and a
    quarter or a month in it). Empty fields take the defaults: the own team or the
    municipality, this year."""

    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            ("municipality", _("Municipality")),
            ("team", _("Team")),
            ("team_area", _("Team area")),
            ("neighbourhood", _("Neighbourhood")),
        ],
        required=False,
    )
    scope = forms.IntegerField(label=_("Which"), min_value=1, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("The whole year")), *((n, f"Q{n}") for n in range(1, 5))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("The whole quarter or year")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        level = data.get("level")
        if (
            level not in (None, "", "municipality")
            and not data.get("scope")
            and ("scope" not in self.errors)
        ):
            self.add_error("scope", _("Choose which one."))
        return data
