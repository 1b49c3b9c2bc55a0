"""Forms of the household pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.households.models import HouseholdRole


class PersonFields(forms.Form):
    """Who a person is and how to reach them: on the person form and the registration form."""

    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        required=False,
        help_text=_("Only if the resident gives it. Never required."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class AddressFields(forms.Form):
    """A Dutch address; every part optional, since a first contact may be anonymous."""

    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 7}),
    )
    house_number = forms.IntegerField(
        label=_("House number"), min_value=1, max_value=99999, required=False
    )
    house_number_suffix = forms.CharField(label=_("Addition"), max_length=10, required=False)
    street = forms.CharField(label=_("Street"), max_length=150, required=False)
    city = forms.CharField(label=_("Place"), max_length=100, required=False)


class RectificationReason(forms.Form):
    """Why recorded details change: kept in the history (AVG art. 16). The service decides
    whether it is needed (replacing a recorded value) and says so at this field."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=1000,
        required=False,
        help_text=_(
            "Needed when you replace or remove details that were recorded, e.g. 'typing error', "
            "'moved', 'new phone number'. Not needed when you fill in what was empty."
        ),
    )


class PersonForm(PersonFields, RectificationReason):
    role = forms.ChoiceField(label=_("Role in the household"), choices=HouseholdRole.choices)
    # The version the editor started from: a change made by someone else in the meantime is
    # refused instead of silently overwritten.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AddressForm(AddressFields, RectificationReason):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Name, street, postcode, BSN, or a reference such as HH-000012 or C-000034."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
