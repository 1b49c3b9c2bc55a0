"""Forms of the rights pages. They parse input only; the rules are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        help_text=_("Do not name anyone: the reason is kept in the history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RestrictForm(ReasonForm):
    prefix = "restrict"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for the restriction")


class LiftForm(ReasonForm):
    prefix = "lift"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for lifting it")


class EraseForm(ReasonForm):
    prefix = "erase"
    confirm = forms.BooleanField(
        label=_(
            "I understand that names, contact details, address and every written text of this "
            "household are removed for good."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for the erasure")
