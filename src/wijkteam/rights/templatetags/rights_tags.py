"""Pieces of the rights app that other apps' pages show: the restriction banner, the history of
corrected details, and the link to the subject-access export."""

from __future__ import annotations

from typing import Any

from django import template

from wijkteam.households.models import Household, Person
from wijkteam.rights.selectors import (
    household_erasure,
    household_restriction,
    may_export,
    may_manage_rights,
    rectifications_of,
)

register = template.Library()


@register.inclusion_tag("rights/includes/banner.html", takes_context=True)
def rights_banner(context: dict[str, Any], household: Household) -> dict[str, Any]:
    """A banner on a restricted or erased file, with a link to the household's rights page for
    those who manage them. The page that shows it has already checked access."""
    user = context["request"].user
    restriction = household_restriction(household=household)
    return {
        "household": household,
        "restriction": restriction,
        "erasure": household_erasure(household=household),
        # Only asked when there is something to manage: the pages stay cheap.
        "may_manage": restriction is not None and may_manage_rights(user=user, household=household),
    }


def _mask(field: str, value: str) -> str:
    # The BSN is masked on the pages as everywhere else; the export shows it to its owner.
    if field == "bsn" and value:
        return "•" * max(len(value) - 3, 0) + value[-3:]
    return value


def _field_label(name: str, *, address: bool) -> str:
    model = Household if address else Person
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists: its stored name
        return name


@register.inclusion_tag("rights/includes/history.html", takes_context=True)
def rectification_history(
    context: dict[str, Any], person: Person | None = None, household: Household | None = None
) -> dict[str, Any]:
    """The corrections of a person's details, or (with ``household``) of the address."""
    user = context["request"].user
    rows = list(rectifications_of(user=user, person=person, household=household)[:100])
    for row in rows:
        row.field_label = _field_label(row.field, address=row.person_id is None)
        row.old_shown = _mask(row.field, row.old_value)
        row.new_shown = _mask(row.field, row.new_value)
    return {"rows": rows}


@register.inclusion_tag("rights/includes/export_link.html", takes_context=True)
def export_links(context: dict[str, Any], person: Person) -> dict[str, Any]:
    """Links to the person's subject-access export, for those who may request it."""
    return {"person": person, "allowed": may_export(user=context["request"].user, person=person)}
