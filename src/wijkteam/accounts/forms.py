"""The one form of the second factor: a code from the authenticator app. It parses only; whether
the code is right is the core's (``services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app"),
        # Room for "123 456" as some apps show it; the spaces are dropped.
        max_length=12,
        help_text=_(
            "The 6 digits your authenticator app shows now. A code changes every 30 seconds."
        ),
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "size": 8,
                "spellcheck": "false",
            }
        ),
    )
    # Where to go afterwards: checked against this host before it is used.
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, autofocus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # On the code page the field is all there is; on the set-up page the steps come first.
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())
