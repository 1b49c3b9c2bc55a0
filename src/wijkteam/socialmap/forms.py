"""Forms of the social map pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood, TeamArea
from wijkteam.core.domains import LifeDomain
from wijkteam.core.steps import Step
from wijkteam.socialmap.models import ProvisionKind


class ProvisionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=150,
        help_text=_(
            "The organisation that offers it, e.g. a welfare foundation or the municipality."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ProvisionKind.choices])
    step = forms.TypedChoiceField(
        label=_("Step"),
        choices=[("", _("Follows from the kind")), *Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Self-help is step 1, a volunteer initiative step 2, a general or collective "
            "provision step 3, a tailored provision step 4."
        ),
    )
    domains = forms.MultipleChoiceField(
        label=_("Life domains"),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The ZRM domains it helps with; a plan goal on one of them finds it."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions = forms.CharField(
        label=_("Conditions and access"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “free, walk in”, “own contribution”, “needs a Wmo decision”."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Team areas"),
        queryset=TeamArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave team areas and neighbourhoods empty for the whole municipality."),
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = TeamArea.objects.order_by("name")
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.select_related(
            "area"
        ).order_by("area__name", "name")
        self.fields["neighbourhoods"].label_from_instance = lambda n: f"{n.name} ({n.area.name})"


class ActiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "In the format of the export (UTF-8, comma or semicolon). Nothing is saved when any "
            "row is wrong."
        ),
    )
