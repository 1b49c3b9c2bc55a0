"""The back-office panel of the case page, and how a statutory term is shown."""

from __future__ import annotations

from typing import Any

from django import template

from wijkteam.backoffice.selectors import case_back_office
from wijkteam.backoffice.services import may_advise
from wijkteam.backoffice.terms import Term
from wijkteam.cases.models import Case

register = template.Library()


@register.inclusion_tag("backoffice/_case_panel.html", takes_context=True)
def backoffice_panel(context: template.Context, case: Case) -> dict[str, Any]:
    """``{% backoffice_panel case %}``: the case's advices and decisions, the household's
    back-office contact and the case's breakthrough requests, for a case fetched through
    ``case_get``; with the links to write an advice or a request for who works on the case."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "case": case,
        "panel": case_back_office(case=case),
        "may_write": bool(user) and case.is_open and may_advise(user=user, case=case),
    }


@register.inclusion_tag("backoffice/_term.html")
def term(term: Term | None, label: str = "") -> dict[str, Any]:
    """A statutory term: its date and the days left, overdue, or met."""
    if term is None:
        return {"term": None, "label": label}
    return {
        "term": term,
        "label": label,
        "state": term.state,
        "days": abs(term.days_left),
    }
