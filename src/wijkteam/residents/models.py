"""A resident's login: the link between a user account and the person it belongs to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.households.models import Person


class ResidentAccount(models.Model):
    """A resident who logs in to see their own file (*eigen regie*).

    In production the account is made on first login through the DigiD broker (OIDC), matched
    on BSN; in the demo a local login stands in for it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resident_account"
    )
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="resident_account")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident account")
        verbose_name_plural = _("resident accounts")

    def __str__(self) -> str:
        return str(self.user)


class ResidentNote(models.Model):
    """A note the resident writes for their case director, from their own view.

    Appended, never edited: it shows on the household's timeline for the team.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="resident_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at"])]
        verbose_name = _("note from the resident")
        verbose_name_plural = _("notes from the resident")
