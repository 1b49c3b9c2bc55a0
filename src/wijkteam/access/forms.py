"""Forms of the access pages. They parse input only; the rules are in selectors and services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.households.forms import AddressFields


class KnownLookupForm(forms.Form):
    """Is this address or BSN known to a team? Posted, never in a URL."""

    postcode = AddressFields.base_fields["postcode"]
    house_number = AddressFields.base_fields["house_number"]
    house_number_suffix = AddressFields.base_fields["house_number_suffix"]
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this file now?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The team coordinator and the resident will see your name, the time and this reason."
        ),
    )
