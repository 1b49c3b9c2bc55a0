"""Template helpers shared by every app: accessible form fields, error summaries, dates, paging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.forms import BoundField, Form
from django.utils import timezone

from wijkteam.core.domains import domain_labels as _domain_labels

register = template.Library()


@register.inclusion_tag("wijkteam/includes/field.html")
def form_field(field: BoundField, **options: Any) -> dict[str, Any]:
    """One form field with its label, "(optional)" marker, help text and errors.

    The widget carries ``aria-describedby`` to the help text and error list and
    ``aria-invalid`` when it has errors (Django does this since 5.0/5.2); a group of checkboxes
    or radio buttons is a fieldset with a legend, so screen readers announce the question.
    """
    return {"field": field, "hide_optional": options.get("hide_optional", False)}


@register.inclusion_tag("wijkteam/includes/form_errors.html")
def form_errors(form: Form) -> dict[str, Any]:
    """A summary of all errors at the top of a form, each linking to its field (WCAG 3.3.1)."""
    field_errors = []
    if form.is_bound:
        for name, errors in form.errors.items():
            if name == "__all__" or name not in form.fields:
                continue
            bound = form[name]
            # A group of radio buttons or checkboxes has no single label target: link the first.
            target = bound.id_for_label or f"{bound.auto_id}_0"
            for error in errors:
                field_errors.append({"id": target, "message": error})
    return {
        "form": form,
        "non_field_errors": form.non_field_errors() if form.is_bound else [],
        "field_errors": field_errors,
    }


@register.filter
def days_since(moment: datetime | None) -> int | str:
    """Whole days between ``moment`` and now; how long a registration has waited."""
    if moment is None:
        return ""
    return max((timezone.now() - moment).days, 0)


@register.filter
def domain_labels(values: list[str] | None) -> str:
    """The readable names of stored life-domain values, comma-separated."""
    return ", ".join(_domain_labels(list(values or [])))


@register.filter
def main_member(members: Any) -> Any:
    """The household's main resident if known, else its first member: who to name in a list.

    Works on a prefetched ``household.members.all`` without another query.
    """
    people = list(members.all() if hasattr(members, "all") else members)
    return next(
        (person for person in people if person.role == "main"), people[0] if people else None
    )


@register.inclusion_tag("wijkteam/includes/pagination.html", takes_context=True)
def pagination(context: dict[str, Any], page: Any, param: str = "page") -> dict[str, Any]:
    """Previous/next links for a Django ``Page``, keeping the other query parameters (which only
    ever hold page numbers and ids, never personal data)."""
    request = context["request"]

    def url_for(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    return {
        "page": page,
        "previous_url": url_for(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url_for(page.next_page_number()) if page.has_next() else "",
    }
