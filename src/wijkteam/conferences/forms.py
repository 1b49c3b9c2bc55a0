"""Forms of the case-conference pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.conferences.services import (
    CONCLUSION_MAX_LENGTH,
    MAX_DURATION,
    MIN_DURATION,
    is_outside_expert,
)
from wijkteam.plans.models import Performer, Step


def _override_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason to share without a ground (team coordinator only)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when no consent or legal task allows sharing a household's data with the "
            "outside experts and you decide, as team coordinator, that it must go ahead. Your "
            "reason is recorded."
        ),
    )


class AttendeeChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, team_id: int | None = None, **kwargs: Any) -> None:
        self.team_id = team_id
        super().__init__(*args, **kwargs)

    def label_from_instance(self, membership: Any) -> str:
        label = f"{membership.user} ({membership.get_function_display()}"
        if membership.team_id != self.team_id:
            label += f", {membership.team}"
        if is_outside_expert(membership=membership, team_id=self.team_id):
            label += ", " + str(_("outside expert"))
        return label + ")"


class ConferenceForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts_at = forms.TimeField(
        label=_("Start time"),
        initial=time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        initial=60,
        help_text=_("Counts as meeting time for each attendee."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    attendees = AttendeeChoiceField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Outside experts (expert members such as the CJG coach, or members of another team) "
            "see the files of the cases on the agenda on the conference day: that needs a ground "
            "for sharing per household."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    override_reason = _override_field()

    def __init__(
        self,
        *args: Any,
        team: Any,
        choices: Any,
        can_override: bool = False,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = choices
        self.fields["attendees"].team_id = team.pk
        # Editing compares versions (409 when stale); planning a new one has none.
        self.fields["version"].required = editing
        if not can_override:
            del self.fields["override_reason"]


class AgendaItemForm(forms.Form):
    case = forms.TypedChoiceField(label=_("Case"), coerce=int, choices=())
    override_reason = _override_field()

    def __init__(self, *args: Any, cases: list, can_override: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "agenda")
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            (
                case.pk,
                f"{case.reference} · {case.household.reference}"
                + (f" · {case.director.user}" if case.director else ""),
            )
            for case in cases
        ]
        if not can_override:
            del self.fields["override_reason"]


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"),
        max_length=CONCLUSION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences: what the conference concluded. A new one keeps the old."),
    )

    def __init__(self, *args: Any, item_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"c{item_id}")
        super().__init__(*args, **kwargs)


class ConclusionActionForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, choices=())
    description = forms.CharField(
        label=_("What will be done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    step = forms.TypedChoiceField(
        label=_("Step"), choices=Step.choices, coerce=int, widget=forms.RadioSelect
    )
    performer = forms.ChoiceField(
        label=_("Who does it"), choices=Performer.choices, initial=Performer.RESIDENT
    )
    performer_name = forms.CharField(label=_("Name of who does it"), max_length=150, required=False)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_fast_track = forms.BooleanField(
        label=_("Urgent: fast track straight to step 4"), required=False
    )
    step_reason = forms.CharField(
        label=_("Why this step"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, item_id: int, goals: list, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"a{item_id}")
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [
            (goal.pk, f"{goal.get_domain_display()}: {goal.description[:60]}") for goal in goals
        ]


class PeriodForm(forms.Form):
    """The period of the time balance (GET); a month by default."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end lies before the start."))
            elif (end - start).days > 366:
                self.add_error("end", _("Choose a period of at most a year."))
        return data
