"""Forms of the work on a case. They parse input only; the rules are the core's (``services``).

Each form carries the case version the page showed (``expected_version``), so that a change
someone else made in the meantime is refused instead of silently overwritten.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wijkteam.cases.lifecycle import CloseReason, ReopenReason, StopReason, TransferReason
from wijkteam.cases.models import ContactKind, Theme
from wijkteam.plans.forms import CaseVersionForm
from wijkteam.plans.models import Goal, Outcome
from wijkteam.teams.models import Membership, Team
from wijkteam.zrm.forms import ZrmScoresMixin

__all__ = [
    "CaseThemesForm",
    "CaseVersionForm",
    "CloseForm",
    "ContactForm",
    "HandOverForm",
    "NoteForm",
    "ReopenForm",
    "StartIntakeForm",
    "StopForm",
    "ThemeActiveForm",
    "ThemeForm",
    "TransferForm",
]


def _note_field(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"),
        max_length=2000,
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def member_label(member: Membership) -> str:
    """Name, function and current caseload: what a team needs to choose a director."""
    open_cases = getattr(member, "open_cases", 0)
    load = ngettext("%(count)s open case", "%(count)s open cases", open_cases) % {
        "count": open_cases
    }
    name = member.user.get_full_name() or member.user.username
    expert = f", {_('expert member')}" if member.is_expert else ""
    return f"{name} — {member.get_function_display()}{expert}, {load}{suggestion_reason(member)}"


def suggestion_reason(member: Membership) -> str:
    """Why a member is suggested (``teams.selectors.members_suggested_for``): the life domains
    of the question their function covers, and their load against the team's norm."""
    if not hasattr(member, "matched_domains"):
        return ""
    parts = []
    if member.domains_asked:
        if member.matched_domains:
            parts.append(_("fits %(domains)s") % {"domains": ", ".join(member.matched_domains)})
        else:
            parts.append(_("fits none of the question's life domains"))
    numbers = {"load": member.load, "capacity": floatformat(member.capacity, -1)}
    if member.load > member.capacity:
        parts.append(_("over the norm: %(load)s of %(capacity)s cases") % numbers)
    elif member.load == member.capacity:
        parts.append(_("at the norm: %(load)s of %(capacity)s cases") % numbers)
    else:
        parts.append(_("room under the norm: %(load)s of %(capacity)s cases") % numbers)
    return " · " + " · ".join(str(part) for part in parts)


class _MemberChoiceMixin:
    fields: dict[str, forms.Field]

    def set_members(self, members: list[Membership]) -> None:
        self.members = {member.pk: member for member in members}
        self.fields["director"].choices = [(member.pk, member_label(member)) for member in members]

    def chosen_member(self) -> Membership:
        return self.members[self.cleaned_data["director"]]  # type: ignore[attr-defined]


class StartIntakeForm(_MemberChoiceMixin, CaseVersionForm):
    director = forms.TypedChoiceField(
        label=_("Case director"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "Suggested first: who has room under the team's caseload norm, then whose function "
            "fits the life domains of the question best, then the lightest load per fte. The "
            "suggestion is only advice: you choose."
        ),
        error_messages={"required": _("Choose the case director.")},
    )
    note = _note_field()

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "intake")
        super().__init__(*args, **kwargs)
        self.set_members(members)
        if members:
            self.fields["director"].initial = members[0].pk


class HandOverForm(_MemberChoiceMixin, CaseVersionForm):
    director = forms.TypedChoiceField(
        label=_("New case director"),
        coerce=int,
        error_messages={"required": _("Choose the new case director.")},
    )
    reason = forms.CharField(
        label=_("Why direction is handed over"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why direction is handed over.")},
    )
    # The director the page showed: a hand-over made meanwhile is refused, not overwritten.
    expected_director_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, members: list[Membership], current_id: int | None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "handover")
        super().__init__(*args, **kwargs)
        self.set_members([member for member in members if member.pk != current_id])
        self.fields["director"].choices = [("", "—"), *self.fields["director"].choices]
        self.fields["expected_director_id"].initial = current_id


class ContactForm(CaseVersionForm):
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=ContactKind.choices, initial=ContactKind.PHONE
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        initial=30,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    note = forms.CharField(
        label=_("Short note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "contact")
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class NoteForm(CaseVersionForm):
    """A step that needs nothing but an optional note (activating the plan)."""

    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "activate")
        super().__init__(*args, **kwargs)


def _reason_field(choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Reason"),
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )


class StopForm(CaseVersionForm):
    reason = _reason_field(StopReason.choices)
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "stop")
        super().__init__(*args, **kwargs)


class TransferForm(CaseVersionForm):
    reason = _reason_field(TransferReason.choices)
    to_team = forms.ModelChoiceField(
        label=_("To team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Only when transferring to another team."),
    )
    note = _note_field()
    override_reason = forms.CharField(
        label=_("Reason to share without a ground (team coordinator only)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when no consent or legal task allows this transfer and you decide, as team "
            "coordinator, that it must go ahead. Your reason is recorded."
        ),
    )

    def __init__(self, *args: Any, teams: Any, can_override: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = teams
        if not can_override:
            # Only the team coordinator may share without a ground (wijkteam.sharing).
            del self.fields["override_reason"]


class ReopenForm(CaseVersionForm):
    reason = _reason_field(ReopenReason.choices)
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)


def outcome_field_name(goal: Goal) -> str:
    return f"outcome_{goal.pk}"


class CloseForm(ZrmScoresMixin, CaseVersionForm):
    """Close with an outcome per goal, a closing ZRM, a reason and a note."""

    reason = _reason_field(CloseReason.choices)
    note = _note_field()
    assessed_on = forms.DateField(
        label=_("Date of the closing ZRM"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.fields["assessed_on"].initial = timezone.localdate()
        for goal in goals:
            # Not required here: the core refuses a missing outcome with its own message.
            self.fields[outcome_field_name(goal)] = forms.ChoiceField(
                label=format_lazy("{}: {}", goal.get_domain_display(), goal.description),
                choices=Outcome.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        self.add_score_fields()

    def outcome_fields(self) -> list[tuple[Goal, forms.BoundField]]:
        return [(goal, self[outcome_field_name(goal)]) for goal in self.goals]

    def outcomes(self) -> dict[int, str]:
        return {
            goal.pk: self.cleaned_data[outcome_field_name(goal)]
            for goal in self.goals
            if self.cleaned_data.get(outcome_field_name(goal))
        }


# A theme posted that is not (or no longer) on offer: the same words as the core's refusal.
THEME_REFUSED = _("Choose themes from the list. A theme that is no longer in use cannot be added.")


class CaseThemesForm(CaseVersionForm):
    """The themes of a case: the active ones, and any inactive one the case still carries."""

    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": THEME_REFUSED},
    )

    def __init__(self, *args: Any, choices: list[Theme], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "themes")
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [
            (theme.code, theme.name if theme.is_active else f"{theme.name} ({_('no longer used')})")
            for theme in choices
        ]


class ThemeForm(forms.Form):
    """A theme of the list (the functional administrator). The code only when adding one."""

    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        required=False,
        help_text=_(
            "Lowercase letters, digits and hyphens; how programs and the API know the theme. "
            "Made from the name when left empty. It does not change afterwards."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What belongs to this theme, so that colleagues choose it alike."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class ThemeActiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
