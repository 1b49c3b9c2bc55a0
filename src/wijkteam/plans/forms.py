"""Forms of the plan: they parse input only; stepped care and its rules are in ``services``."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Person
from wijkteam.plans.models import Action, ActionStatus, Goal, Performer, PlanRevision, Step
from wijkteam.plans.services import step_reason_required

# What each step means, shown next to the choice: the reason stepped care starts low.
STEP_MEANINGS: dict[int, Any] = {
    Step.OWN_STRENGTH: _("The resident does it themselves."),
    Step.NETWORK: _("Family, neighbours, friends or volunteers help."),
    Step.GENERAL_PROVISION: _("A provision open to everyone in the area, such as a course."),
    Step.TAILORED: _("Tailored professional or specialist help, usually with an indication."),
}


def person_choices(members: list[Person], *, empty_label: Any) -> list[tuple[Any, Any]]:
    """Choices for "which household member", the empty choice meaning the whole household."""
    return [("", empty_label), *((member.pk, member.display_name) for member in members)]


class CaseVersionForm(forms.Form):
    """Carries the case version the page showed, so a change made meanwhile is noticed."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class GoalForm(CaseVersionForm):
    domain = forms.ChoiceField(
        label=_("Life domain"),
        choices=[("", "—"), *LifeDomain.choices],
        error_messages={"required": _("Choose a life domain.")},
    )
    description = forms.CharField(
        label=_("Goal, in the resident's words"),
        max_length=1000,
        error_messages={"required": _("Write the goal down, in the resident's words.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write it down as the resident says it: what do they want to be different?"),
    )
    person = forms.TypedChoiceField(
        label=_("For household member"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "goal")
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(
            members, empty_label=_("The household as a whole")
        )


class ActionForm(CaseVersionForm):
    """An action towards one goal; the prefix keeps the ids of each goal's form apart."""

    description = forms.CharField(
        label=_("What will be done"),
        max_length=1000,
        error_messages={"required": _("Describe what will be done.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        choices=Step.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Start at the lowest step that can work."),
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
        label=_("Urgent: fast track straight to step 4"),
        required=False,
        help_text=_("When specialist help cannot wait for lower steps to be tried."),
    )
    step_reason = forms.CharField(
        label=_("Why this step"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The provision of the social map chosen for this action (``wijkteam.socialmap``), by id;
    # chosen through the search below it, kept when the form comes back with an error.
    provision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    provision_q = forms.CharField(
        label=_("Search the social map"),
        max_length=100,
        required=False,
        help_text=_(
            "Provisions for this goal's life domain in the team's area, lowest step first."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # A collective activity of community work of the case's team (``wijkteam.community``) the
    # action joins; the core allows it at step 2 or 3 only.
    collective_activity = forms.TypedChoiceField(
        label=_("Collective activity"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "At step 2 or 3: a group or activity of the team's community work the resident joins."
        ),
    )

    def __init__(
        self,
        *args: Any,
        goal: Goal,
        highest_step: int | None,
        activities: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """``activities``: the collective activities to choose from (those of the case's team
        that have not ended); read here when not given."""
        kwargs.setdefault("prefix", f"goal{goal.pk}")
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.highest_step = highest_step
        if activities is None:
            from wijkteam.community.selectors.activities import activities_linkable

            activities = activities_linkable(team_id=goal.plan.case.team_id)
        self.activities = activities
        self.fields["collective_activity"].choices = [
            ("", _("None")),
            *((activity.pk, activity.name) for activity in activities),
        ]
        # Where the goal already is, so choosing the same step asks for no reason.
        self.fields["step"].initial = highest_step or Step.OWN_STRENGTH

    @cached_property
    def linked_provision(self) -> Any:
        """The provision chosen so far (typed or given as initial), or None; one query, only
        when one was chosen."""
        from wijkteam.socialmap.selectors import provision_or_none

        raw = self["provision"].value()
        if not str(raw or "").isdigit():
            return None
        return provision_or_none(pk=int(raw))

    def reason_state(self) -> dict[str, Any]:
        """Whether the step chosen so far needs a reason, and why, for the reason field.

        Asks the core's rule (``step_reason_required``) for a bound form, or one filled in by
        choosing a provision (``initial`` with a step); a plain unbound form starts at the step
        already tried, which never needs a reason.
        """
        filled = self.is_bound or "step" in self.initial
        fast_track = bool(self["is_fast_track"].value()) if filled else False
        step = None
        if filled:
            raw = self["step"].value()
            step = int(raw) if str(raw) in {str(value) for value in Step.values} else None
        if fast_track:
            return {"required": True, "explanation": _("Say why this is urgent enough.")}
        if step is not None and step_reason_required(goal=self.goal, step=step):
            if self.highest_step:
                explanation = _(
                    "Step %(step)s is higher than tried so far for this goal (up to step "
                    "%(highest)s). Say briefly why a lower step will not do."
                ) % {"step": step, "highest": self.highest_step}
            else:
                explanation = _(
                    "Nothing has been tried for this goal yet. Say briefly why own strength "
                    "(step 1) will not do."
                )
            return {"required": True, "explanation": explanation}
        return {
            "required": False,
            "explanation": _(
                "Needed only for a higher step than tried so far for this goal, or for the "
                "fast track."
            ),
        }

    def step_options(self) -> list[dict[str, Any]]:
        """The step radios with what each step means, for the template."""
        return [
            {"radio": radio, "meaning": STEP_MEANINGS.get(int(radio.data["value"]), "")}
            for radio in self["step"]
        ]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    # The action's own version: two people changing the same action cannot overwrite each other.
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"action{action.pk}")
        kwargs.setdefault("initial", {"status": action.status, "expected_version": action.version})
        super().__init__(*args, **kwargs)
        self.action = action


class RevisionForm(CaseVersionForm):
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Keeps the plan as it stands now, so it can be compared later."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "revision")
        super().__init__(*args, **kwargs)


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    newer = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, revisions: list[PlanRevision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (revision.pk, _("Version %(number)s") % {"number": revision.number})
            for revision in revisions
        ]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices
