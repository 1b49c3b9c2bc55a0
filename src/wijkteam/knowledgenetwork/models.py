"""The knowledge network's monitor (Kenniskring, seed 003 appendix 4).

A *network* of municipalities (or organisations) that exchange what they learn about their
social teams. Each *participant* answers the monitor's 20 questions once per measurement
*round* (0-meting, 1-meting, …). The participants are not this instance's
``areas.Municipality``: they are other organisations, named with their CBS code.

Question and option texts are data, in Dutch as the seed has them; a data migration seeds them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedModel


class Network(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """An organisation taking part, usually a municipality."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("municipality"), max_length=150)
    cbs_code = models.CharField(_("CBS code"), max_length=6)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "cbs_code"], name="kk_participant_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ParticipantMember(models.Model):
    """A user who answers the monitor for their participant (and only for it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="members")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "participant"], name="kk_member_unique")
        ]


class Round(models.Model):
    """A measurement round: the 0-meting, the 1-meting, …"""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=60)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=False)

    class Meta:
        ordering = ["network", "number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="kk_round_unique_number")
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_answers(self, today=None) -> bool:
        """Open by the coordinator and within its dates (when it has them)."""
        today = today or timezone.localdate()
        if not self.is_open:
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One answer")
    MULTIPLE = "multiple", _("One or more answers")
    TEXT = "text", _("Open answer")


class Question(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    # The column of the per-municipality overview (appendix 3) the question belongs to.
    section = models.CharField(_("section"), max_length=80)
    # A label for the free text beside the options ("Toelichting"), or the parts an open
    # question asks for; empty: no free text beside the options.
    text_label = models.CharField(_("text label"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    letter = models.CharField(max_length=1)
    text = models.CharField(_("option"), max_length=300)
    # "anders, namelijk …" and every option that asks "namelijk …": needs a text.
    is_other = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question__order", "order"]

    def __str__(self) -> str:
        return f"{self.letter}) {self.text}"


class Response(VersionedModel):
    """One participant's answers in one round; a draft until it is submitted."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="kk_response_unique")
        ]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    options = models.ManyToManyField(Option, blank=True, related_name="+")
    # The text of the chosen "namelijk …" option(s).
    other_text = models.CharField(max_length=500, blank=True)
    # The answer to an open question, or the explanation beside the options.
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="kk_answer_unique")
        ]
