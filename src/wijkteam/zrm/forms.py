"""The ZRM scoring form: 13 domains, each scored 1–5 or left unscored, with what each level means.

The scores widget is a mixin because closing a case scores the closing ZRM with the same widget.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Person
from wijkteam.plans.forms import CaseVersionForm, person_choices
from wijkteam.zrm.matrix import DESCRIPTIONS, LEVELS
from wijkteam.zrm.models import AssessmentKind


def score_field_name(domain: str) -> str:
    """``score_<domain>``: the name the core uses for a domain's score in its errors too."""
    return f"score_{domain}"


class ZrmScoresMixin:
    """Adds a radio group per life domain: "not scored" or 1–5."""

    fields: dict[str, forms.Field]

    def add_score_fields(self) -> None:
        for domain, label in LifeDomain.choices:
            self.fields[score_field_name(domain)] = forms.TypedChoiceField(
                label=label,
                choices=[("", _("Not scored")), *((score, LEVELS[score]) for score in LEVELS)],
                coerce=int,
                empty_value=None,
                required=False,
                initial="",
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[str, int]:
        """The scored domains of a valid form; unscored domains are left out."""
        cleaned = self.cleaned_data  # type: ignore[attr-defined]
        return {
            domain: cleaned[score_field_name(domain)]
            for domain in LifeDomain.values
            if cleaned.get(score_field_name(domain)) is not None
        }

    def score_groups(self) -> list[dict[str, Any]]:
        """Per domain: its bound field and options with level and domain-specific description."""
        groups = []
        for domain, label in LifeDomain.choices:
            bound = self[score_field_name(domain)]  # type: ignore[index]
            options = []
            for radio in bound:
                value = radio.data["value"]
                score = int(value) if value not in ("", None) else None
                options.append(
                    {
                        "radio": radio,
                        "score": score,
                        "level": LEVELS.get(score, _("Not scored")),
                        "description": DESCRIPTIONS[domain].get(score, ""),
                    }
                )
            groups.append({"domain": domain, "label": label, "field": bound, "options": options})
        return groups


class AssessmentForm(ZrmScoresMixin, CaseVersionForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (AssessmentKind.INTAKE, AssessmentKind.INTAKE.label),
            (AssessmentKind.FOLLOW_UP, AssessmentKind.FOLLOW_UP.label),
        ],
        widget=forms.RadioSelect,
    )
    assessed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    person = forms.TypedChoiceField(
        label=_("Household member"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, members: list[Person], has_intake: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(
            members, empty_label=_("The household as a whole")
        )
        # The first assessment of a case is its intake; later ones are follow-ups.
        self.fields["kind"].initial = (
            AssessmentKind.FOLLOW_UP if has_intake else AssessmentKind.INTAKE
        )
        self.fields["assessed_on"].initial = timezone.localdate()
        self.add_score_fields()
