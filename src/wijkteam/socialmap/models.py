"""The social map (*sociale kaart*): the catalogue of provisions a team refers residents to.

Reference data, not client data: every staff member reads it, the functional administrator
keeps it. Each provision sits at one step of stepped care, consistent with its kind (a volunteer
initiative is step 2, a tailored provision step 4), so that choosing one for a plan action
sets the action's step. A provision serves the whole municipality, or only the team areas and
neighbourhoods it names.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Municipality, Neighbourhood, TeamArea
from wijkteam.core.domains import domain_labels
from wijkteam.core.models import VersionedModel
from wijkteam.core.steps import Step


class ProvisionKind(models.TextChoices):
    SELF_HELP = "self_help", _("Self-help information or tool")
    VOLUNTEER = "volunteer", _("Volunteer or informal initiative")
    GENERAL = "general", _("General provision")
    COLLECTIVE = "collective", _("Collective provision")
    TAILORED = "tailored", _("Tailored provision")


# The step of stepped care each kind of provision is at (seed 003, the *viertrapsmodel*).
KIND_STEPS: dict[str, int] = {
    ProvisionKind.SELF_HELP: Step.OWN_STRENGTH,
    ProvisionKind.VOLUNTEER: Step.NETWORK,
    ProvisionKind.GENERAL: Step.GENERAL_PROVISION,
    ProvisionKind.COLLECTIVE: Step.GENERAL_PROVISION,
    ProvisionKind.TAILORED: Step.TAILORED,
}


class Provision(VersionedModel):
    """One provision on the social map."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="provisions"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProvisionKind.choices)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    # ZRM life domains (``wijkteam.core.domains.LifeDomain`` values) in catalogue order.
    domains = models.JSONField(_("life domains"), default=list)
    # Where it is offered: no areas and no neighbourhoods means the whole municipality.
    areas = models.ManyToManyField(
        TeamArea, blank=True, related_name="provisions", verbose_name=_("team areas")
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="provisions", verbose_name=_("neighbourhoods")
    )
    provider = models.CharField(_("provider"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions and access"), max_length=1000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["step", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                Lower("provider"),
                name="provision_name_provider_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(step__gte=1, step__lte=4), name="provision_step_range"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *(models.Q(kind=kind, step=step) for kind, step in KIND_STEPS.items()),
                    _connector=models.Q.OR,
                ),
                name="provision_step_fits_kind",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "step"])]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self) -> str:
        return self.name

    @property
    def domain_labels(self) -> list[str]:
        return domain_labels(self.domains)

    @property
    def whole_municipality(self) -> bool:
        """Offered everywhere; reads the prefetched areas and neighbourhoods (no query)."""
        return not self.areas.all() and not self.neighbourhoods.all()

    def area_names(self) -> list[str]:
        """Team areas then neighbourhoods, from the prefetched relations (no query)."""
        return [area.name for area in self.areas.all()] + [
            neighbourhood.name for neighbourhood in self.neighbourhoods.all()
        ]
