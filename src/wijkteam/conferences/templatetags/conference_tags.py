"""The case page's panel of conference conclusions about the case."""

from __future__ import annotations

from typing import Any

from django import template

from wijkteam.conferences.selectors import case_conclusions

register = template.Library()


@register.inclusion_tag("conferences/_case_conclusions.html")
def case_conference_conclusions(case: Any) -> dict[str, Any]:
    """The conclusions about ``case``; the case page has already checked access to it."""
    return {"conclusions": case_conclusions(case=case)}
