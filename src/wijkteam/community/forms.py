"""Forms of the neighbourhood-signal pages. They parse input only; the rules are in
``services.signals``. (The forms of collective activities are in ``forms_activities``.)"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.cases.themes import themes_active
from wijkteam.community.models import SignalClosure, SignalOrigin, SignalStatus
from wijkteam.community.services.signals import DESCRIPTION_MAX_LENGTH, FILING_ORIGIN_CHOICES
from wijkteam.teams.models import Team

# Shown above every description field: a signal is about a neighbourhood, never a person.
NO_NAMES_WARNING = _(
    "Describe what you notice in the neighbourhood. Do not name people and do not give house "
    "numbers: a signal is about the neighbourhood, never about one household."
)


def _theme_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Theme"),
        queryset=themes_active(),
        required=False,
        empty_label=_("No theme / not sure"),
    )


def _description_field() -> forms.CharField:
    return forms.CharField(
        label=_("What was noticed"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=NO_NAMES_WARNING,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Describe what was noticed, without naming people or house numbers."),
        },
    )


class SignalFileForm(forms.Form):
    """A team member files a signal for a neighbourhood of their team's area."""

    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        error_messages={"required": _("Choose the neighbourhood.")},
    )
    origin = forms.ChoiceField(
        label=_("Who noticed it"),
        choices=FILING_ORIGIN_CHOICES,
        initial=SignalOrigin.PROFESSIONAL,
        widget=forms.RadioSelect,
    )
    reported_by = forms.CharField(
        label=_("Reported by (organisation or initiative)"),
        max_length=150,
        required=False,
        help_text=_("For a partner or residents' initiative: its name, not a person's."),
    )
    theme = _theme_field()
    description = _description_field()

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = teams.values("area_id") if teams is not None else []
        self.fields["neighbourhood"].queryset = (
            Neighbourhood.objects.filter(area_id__in=areas)
            .select_related("area")
            .order_by("area__name", "name")
        )
        self.fields["neighbourhood"].label_from_instance = lambda n: f"{n.name} ({n.area.name})"


class ResidentSignalForm(forms.Form):
    """A resident tells the team what they notice in their own neighbourhood (B1 wording)."""

    theme = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=themes_active(),
        required=False,
        empty_label=_("I don't know / something else"),
    )
    description = forms.CharField(
        label=_("What do you notice in your neighbourhood?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=NO_NAMES_WARNING,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write what you notice, without names or house numbers."),
            "max_length": _("Your message is too long. Use at most %(limit_value)d characters."),
        },
    )


class SignalCloseForm(forms.Form):
    closure = forms.ChoiceField(
        label=_("How it ended"),
        choices=SignalClosure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the signal ended.")},
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when nothing is done with the signal."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignalReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why reopen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the signal is reopened.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignalFilterForm(forms.Form):
    """The list's filters: ids and codes only, so they may travel in the query string."""

    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *SignalStatus.choices], required=False
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    origin = forms.ChoiceField(
        label=_("Origin"), choices=[("", _("All")), *SignalOrigin.choices], required=False
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams.order_by("name")

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "team": data["team"].pk if data.get("team") else None,
            "status": data.get("status", ""),
            "theme": data["theme"].pk if data.get("theme") else None,
            "origin": data.get("origin", ""),
        }
