"""The search and filters of the social map, shared by the page and the API (django-filter).

The filter methods only call the selectors' query helpers: what "offered in an area" or "for a
life domain" means is decided once, in ``selectors``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import TeamArea
from wijkteam.core.domains import LifeDomain
from wijkteam.core.steps import Step
from wijkteam.socialmap.models import Provision, ProvisionKind
from wijkteam.socialmap.selectors import (
    provisions_in_area,
    provisions_matching,
    provisions_with_domain,
)

ACTIVE_CHOICES = [("true", _("Active only")), ("false", _("Inactive only")), ("all", _("All"))]


class ProvisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        help_text=_("Words in the name, description or provider."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    step = django_filters.ChoiceFilter(
        label=_("Step"), choices=Step.choices, empty_label=_("All steps")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProvisionKind.choices, empty_label=_("All kinds")
    )
    domain = django_filters.ChoiceFilter(
        label=_("Life domain"),
        choices=LifeDomain.choices,
        method="filter_domain",
        empty_label=_("All life domains"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Team area"),
        queryset=TeamArea.objects.order_by("name"),
        method="filter_area",
        empty_label=_("All areas"),
        help_text=_("Offered there, or in the whole municipality."),
    )
    active = django_filters.ChoiceFilter(
        label=_("Active"),
        choices=ACTIVE_CHOICES,
        method="filter_active",
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Provision
        fields = ["q", "step", "kind", "domain", "area", "active"]

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, only the provisions that are still offered.
        if data is not None and not data.get("active"):
            data = data.copy()
            data["active"] = "true"
        super().__init__(data, *args, **kwargs)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return provisions_matching(queryset, text=value)

    def filter_domain(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return provisions_with_domain(queryset, domain=value)

    def filter_area(self, queryset: QuerySet, name: str, value: TeamArea) -> QuerySet:
        return provisions_in_area(queryset, area=value)

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "all":
            return queryset
        return queryset.filter(is_active=value != "false")
