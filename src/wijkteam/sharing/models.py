"""Grounds for sharing: per household, what may go to which party, for which purpose, on which
basis; and the reasoned overrides where data went out without one.

A ground is never edited or deleted: withdrawing consent (or ending a legal task) sets
``withdrawn_at`` with who and why, so the history of what was allowed when stays readable.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedModel
from wijkteam.households.models import Household, Person


class Party(models.TextChoices):
    """Who the data would go to. A ground covers one kind of party; ``party_name`` may name the
    organisation for the reader, but the check is on the kind."""

    BACK_OFFICE = "back_office", _("Municipal back office (Wmo, youth, work and income consultant)")
    SPECIALIST_CARE = "specialist_care", _("Specialist (second-line) care")
    OTHER_TEAM = "other_team", _("Another neighbourhood team")
    CASE_CONFERENCE = "case_conference", _("Outside experts at a case conference")
    OTHER_PARTNER = "other_partner", _("Other partner")


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    PROVISION_ADVICE = "provision_advice", _("Advice on a tailored provision")
    CASE_CONFERENCE = "case_conference", _("Coordination in a case conference")
    DIRECTION_TRANSFER = "direction_transfer", _("Transfer of direction")
    OTHER = "other", _("Other purpose")


class Basis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGAL_TASK = "legal_task", _("Legal task")


class LegalTask(models.TextChoices):
    """Named legal tasks of the municipality in the social domain.

    A starting list: the municipality's privacy officer decides which apply and how they are
    worded (docs/privacy.md, section 4); anything else is "other" with the article named.
    """

    WMO_INVESTIGATION = "wmo_2_3_2", _("Wmo 2015 art. 2.3.2: investigation after a request")
    YOUTH_PROVISION = "jeugdwet_2_3", _("Jeugdwet art. 2.3: deciding on a youth provision")
    YOUTH_PROCESSING = "jeugdwet_7_4_0", _("Jeugdwet art. 7.4.0: processing for youth assistance")
    PARTICIPATION = "participatiewet", _("Participatiewet: support towards work and income")
    DEBT_ASSISTANCE = "wgs_5", _("Wet gemeentelijke schuldhulpverlening art. 5: debt assistance")
    OTHER = "other", _("Other legal task (name it)")


class SharingGround(VersionedModel):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="sharing_grounds"
    )
    party = models.CharField(_("party"), max_length=30, choices=Party.choices)
    party_name = models.CharField(
        _("name of the party"),
        max_length=150,
        blank=True,
        help_text=_("Optional: the organisation, e.g. the name of the specialist care provider."),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    purpose_detail = models.CharField(_("purpose, in words"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)

    # Basis "consent".
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.TextField(
        _("what may be shared"),
        max_length=1000,
        blank=True,
        help_text=_("The scope of the consent: which information, e.g. 'the plan and the ZRM'."),
    )
    consent_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by"),
    )

    # Basis "legal task".
    legal_task = models.CharField(
        _("legal task"), max_length=30, choices=LegalTask.choices, blank=True
    )
    legal_task_other = models.CharField(_("other legal task"), max_length=200, blank=True)

    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=1000, blank=True)

    class Meta:
        ordering = ["household", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["household", "party", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(basis="consent", consent_given_on__isnull=False, legal_task="")
                    | (
                        models.Q(basis="legal_task", consent_given_on__isnull=True)
                        & ~models.Q(legal_task="")
                    )
                ),
                name="sharingground_basis_fields",
            ),
        ]
        verbose_name = _("ground for sharing")
        verbose_name_plural = _("grounds for sharing")

    def __str__(self) -> str:
        return f"{self.get_party_display()} / {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def legal_task_label(self) -> str:
        if self.legal_task == LegalTask.OTHER:
            return self.legal_task_other
        return self.get_legal_task_display() if self.legal_task else ""


class SharingOverride(models.Model):
    """Data went out without a ground, on the reasoned decision of the team coordinator."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="sharing_overrides"
    )
    party = models.CharField(_("party"), max_length=30, choices=Party.choices)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    action = models.CharField(
        _("action"),
        max_length=50,
        help_text=_("What sent the data out, as a stable code, e.g. 'case_transfer'."),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "-at", "-pk"]
        verbose_name = _("sharing without a ground")
        verbose_name_plural = _("sharing without a ground")

    def __str__(self) -> str:
        return f"{self.get_party_display()} / {self.get_purpose_display()}"
