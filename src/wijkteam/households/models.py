"""Households and the persons in them.

A household may start anonymous: a first question often comes without a name, and the team
helps all the same. Address, names and BSN are filled in when the resident gives them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.core.models import VersionedModel
from wijkteam.teams.models import Team


class Household(VersionedModel):
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="households",
        help_text=_("The team of the area the household lives in."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="households"
    )
    postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, help_text=_("Stored without space: 2035AB.")
    )
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_number_suffix = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["postcode", "house_number"]),
            models.Index(fields=["team", "-created_at"]),
        ]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """A number to refer to the household by without naming anyone."""
        return f"HH-{self.pk:06d}"

    @property
    def address_line(self) -> str:
        if not self.street and not self.postcode:
            return ""
        number = f"{self.house_number or ''}{self.house_number_suffix}".strip()
        postcode = f"{self.postcode[:4]} {self.postcode[4:]}" if self.postcode else ""
        if self.street:
            parts = (f"{self.street} {number}".strip(), f"{postcode} {self.city}".strip())
        else:
            # Without a street the number belongs with the postcode: "2035 AB 12".
            parts = (f"{postcode} {number} {self.city}".replace("  ", " ").strip(),)
        return ", ".join(part for part in parts if part)


class HouseholdRole(models.TextChoices):
    MAIN = "main", _("Main resident")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    OTHER_ADULT = "other_adult", _("Other adult")
    OTHER = "other", _("Other")


class Person(VersionedModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(
        _("role in household"),
        max_length=20,
        choices=HouseholdRole.choices,
        default=HouseholdRole.MAIN,
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        help_text=_("Citizen service number. Optional; never required."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "role", "date_of_birth", "pk"]
        constraints = [
            # One person, one record: a BSN occurs once. Empty means "not given".
            models.UniqueConstraint(
                fields=["bsn"], condition=~models.Q(bsn=""), name="person_bsn_unique"
            ),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or str(_("Unknown name"))
