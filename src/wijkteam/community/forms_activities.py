"""Forms of the collective-activity pages. They parse input only; the rules are in
``community.services.activities``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.cases.themes import themes_active
from wijkteam.community.models import (
    ActivityKind,
    ActivityOutcome,
    ActivityStatus,
    NeighbourhoodSignal,
    SignalStatus,
)
from wijkteam.community.roles import teams_readable_by, teams_worked_by

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: NeighbourhoodSignal) -> str:
        theme = obj.theme.name if obj.theme_id else "—"
        return f"{obj.reference} · {obj.neighbourhood.name} · {theme}"


class ActivityForm(forms.Form):
    """Create (with ``team``) or change an activity; only the teams the user works in."""

    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *ActivityKind.choices],
        error_messages={"required": _("Choose what kind of activity it is.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Give the activity a name.")},
    )
    description = forms.CharField(
        label=_("What and for whom"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a request to the municipality: what is asked, and why. Never names of residents."
        ),
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Leave empty for the team's whole area."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signals = SignalChoiceField(
        label=_("Signals it answers"),
        queryset=NeighbourhoodSignal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Linking a signal takes it up."),
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = list(teams_worked_by(user=user).select_related("area").order_by("name"))
        self.fields["team"].choices = [(team.pk, team.name) for team in teams]
        area_ids = [team.area_id for team in teams]
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            area_id__in=area_ids
        ).order_by("name")
        self.fields["themes"].queryset = themes_active()
        self.fields["signals"].queryset = (
            NeighbourhoodSignal.objects.filter(team__in=[team.pk for team in teams])
            .exclude(status=SignalStatus.CLOSED)
            .select_related("neighbourhood", "theme")
            .order_by("-created_at", "-pk")
        )
        if editing:
            # The team, and the signals (linked on the activity's page), stay as they are.
            del self.fields["team"]
            del self.fields["signals"]
            self.fields["themes"].queryset = Theme.objects.order_by("name")


class ParticipationForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    participants = forms.IntegerField(label=_("Participants"), min_value=0)
    new_participants = forms.IntegerField(
        label=_("Of whom new"), min_value=0, initial=0, required=False
    )
    volunteers = forms.IntegerField(label=_("Volunteers"), min_value=0, initial=0, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Numbers only: never names of who took part."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "participation")
        super().__init__(*args, **kwargs)


class ActivityEndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ActivityOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    outcome_note = forms.CharField(
        label=_("Outcome, in words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the aim was not reached: say why."),
    )
    ends_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignalLinkForm(forms.Form):
    signal = forms.TypedChoiceField(label=_("Signal"), coerce=int)

    def __init__(self, *args: Any, signals: list[NeighbourhoodSignal], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)
        self.fields["signal"].choices = [
            (
                signal.pk,
                f"{signal.reference} · {signal.neighbourhood.name} · "
                f"{signal.theme.name if signal.theme_id else '—'}",
            )
            for signal in signals
        ]


class ProvisionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the social map"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ActivityFilterForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ActivityStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *ActivityKind.choices], required=False
    )
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", _("All")),
            *teams_readable_by(user=user).order_by("name").values_list("pk", "name"),
        ]
        self.fields["theme"].choices = [
            ("", _("All")),
            *Theme.objects.order_by("name").values_list("pk", "name"),
        ]
