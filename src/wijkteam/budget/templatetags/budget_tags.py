from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats

from wijkteam.budget.services import euros as format_euros

register = template.Library()


@register.filter
def euros(amount: Decimal | None) -> str:
    return "—" if amount is None else format_euros(Decimal(amount))


@register.filter
def month_name(month: int) -> str:
    """The month's name in the active language."""
    return formats.date_format(date(2000, month, 1), "F")
