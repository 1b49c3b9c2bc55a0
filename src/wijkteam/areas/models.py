"""Where teams work: municipality → team areas → neighbourhoods (buurten) → postcode ranges."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        help_text=_("Four-digit municipality code of Statistics Netherlands."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class TeamArea(models.Model):
    """The area one social neighbourhood team serves (seed 004 §4)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=50)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="area_code_unique"),
        ]
        verbose_name = _("team area")
        verbose_name_plural = _("team areas")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    area = models.ForeignKey(TeamArea, on_delete=models.PROTECT, related_name="neighbourhoods")
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=50)
    population = models.PositiveIntegerField(_("inhabitants"), default=0)

    class Meta:
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="neighbourhood_code_unique"),
        ]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class PostcodeRange(models.Model):
    """Postcodes from ``pc4 letters_from`` up to and including ``pc4 letters_to``.

    A Dutch postcode is four digits and two letters; a range within one four-digit area is how
    municipalities describe neighbourhood borders (e.g. 2035 AA–2035 KZ).
    """

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="postcode_ranges"
    )
    pc4 = models.PositiveSmallIntegerField(_("postcode digits"))
    letters_from = models.CharField(_("from letters"), max_length=2, default="AA")
    letters_to = models.CharField(_("to letters"), max_length=2, default="ZZ")

    class Meta:
        ordering = ["pc4", "letters_from"]
        indexes = [models.Index(fields=["pc4", "letters_from", "letters_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letters_from__lte=models.F("letters_to")),
                name="postcode_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(pc4__gte=1000, pc4__lte=9999), name="postcode_range_pc4"
            ),
        ]
        verbose_name = _("postcode range")
        verbose_name_plural = _("postcode ranges")

    def __str__(self) -> str:
        return f"{self.pc4} {self.letters_from}–{self.pc4} {self.letters_to}"
