"""The admin's (/beheer/) date-and-time input where Django's own falls short of WCAG 2.1 AA."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.text import capfirst


class LabelledSplitDateTime(AdminSplitDateTime):
    """The two inputs of a date-and-time field, each with its own label, in a group named after
    the field.

    Django shows "Date:" and "Time:" as bare text next to the inputs, and the field's label is
    bound to neither, so the inputs have no name for a screen reader (WCAG 1.3.1 and 4.1.2; axe's
    rule ``label``). Here the two are ``<label>`` elements of their input, and the group carries
    the field's label, the way a fieldset's legend would.
    """

    template_name = "wijkteam/admin/split_datetime.html"

    def __init__(self, attrs=None, *, field_label: str = "") -> None:
        super().__init__(attrs)
        self.field_label = field_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["field_label"] = self.field_label
        return context


class LabelledDateTimeAdmin:
    """ModelAdmin mixin: every date-and-time field as a ``LabelledSplitDateTime``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and "widget" not in kwargs:
            label = capfirst(db_field.verbose_name)
            kwargs["widget"] = LabelledSplitDateTime(field_label=label)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
