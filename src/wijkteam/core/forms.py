"""What every form view does with a refusal of the core."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from wijkteam.core.errors import DomainError


def form_refuse(
    form: forms.Form, error: DomainError, *, aliases: Mapping[str | None, str | None] | None = None
) -> None:
    """Put the core's Dutch message at the field it names, or above the form when the form has
    no such field (a stale ``version`` is about the whole form). ``aliases`` maps the core's
    field names to the form's where they differ (``None``: show it above the form). The code
    lets a template say more about some refusals (a missing ground for sharing)."""
    field = (aliases or {}).get(error.field, error.field)
    if field == "version" or field not in form.fields:
        field = None
    form.add_error(field, str(error.message))
    form.refusal_code = error.code
