"""Teams, the partner organisations their members come from, and memberships."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import TeamArea
from wijkteam.core.domains import LifeDomain
from wijkteam.core.models import VersionedModel


class Organisation(models.Model):
    """A partner organisation (moederorganisatie) that seconds professionals to teams."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    area = models.OneToOneField(TeamArea, on_delete=models.PROTECT, related_name="team")
    name = models.CharField(_("name"), max_length=100, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Function(models.TextChoices):
    """Team functions of seed 004 §5, plus the CJG coach who joins as expert member."""

    WMO_CONSULTANT = "wmo_consultant", _("Wmo consultant")
    WORK_INCOME_DEBT = "work_income_debt", _("Work & income / debts")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    DISTRICT_NURSE = "district_nurse", _("District nurse")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    MEE_CONSULTANT = "mee_consultant", _("MEE consultant")
    CJG_COACH = "cjg_coach", _("CJG coach")


# Which life domains each function covers (seed 004 §5, "Domein"). Used to suggest who fits a
# question; the social worker covers all domains.
FUNCTION_DOMAINS: dict[str, set[str]] = {
    Function.WMO_CONSULTANT: {
        LifeDomain.PHYSICAL_HEALTH,
        LifeDomain.HOUSING,
        LifeDomain.BASIC_ADL,
        LifeDomain.INSTRUMENTAL_ADL,
    },
    Function.WORK_INCOME_DEBT: {LifeDomain.FINANCES, LifeDomain.WORK_EDUCATION},
    Function.SOCIAL_WORKER: set(LifeDomain.values),
    Function.DISTRICT_NURSE: {
        LifeDomain.PHYSICAL_HEALTH,
        LifeDomain.MENTAL_HEALTH,
        LifeDomain.SUBSTANCE_USE,
        LifeDomain.BASIC_ADL,
    },
    Function.COMMUNITY_WORKER: {
        LifeDomain.SOCIAL_PARTICIPATION,
        LifeDomain.SOCIAL_NETWORK,
        LifeDomain.TIME_USE,
    },
    Function.MEE_CONSULTANT: {
        LifeDomain.PHYSICAL_HEALTH,
        LifeDomain.SOCIAL_PARTICIPATION,
        LifeDomain.INSTRUMENTAL_ADL,
    },
    Function.CJG_COACH: {LifeDomain.DOMESTIC_RELATIONS, LifeDomain.MENTAL_HEALTH},
}


class Membership(models.Model):
    """A user working in a team, for part of their time, seconded by an organisation.

    Expert members (e.g. the CJG coach) join case conferences and may direct a case, but are not
    part of the team's base composition.
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    fte = models.DecimalField(_("fte in the team"), max_digits=3, decimal_places=2, default=0.5)
    is_expert = models.BooleanField(_("expert member"), default=False)
    is_coordinator = models.BooleanField(
        _("team coordinator"),
        default=False,
        help_text=_("Sees the team's work (not the content of its files) and emergency access."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["team", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0, fte__lte=1), name="membership_fte_range"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()}, {self.team})"


class TeamNorm(VersionedModel):
    """What a team agreed on its capacity and waiting times; its coordinator sets them.

    A team without a row works with the defaults from the settings
    (``teams.selectors.team_norm_get`` gives them, with version 0).
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="norm")
    caseload_norm = models.PositiveSmallIntegerField(
        _("caseload norm"), help_text=_("Open cases per full-time member (1.0 fte).")
    )
    fulltime_hours = models.PositiveSmallIntegerField(
        _("hours of a full-time week"), help_text=_("A member's hours are fte × these hours.")
    )
    first_contact_working_days = models.PositiveSmallIntegerField(
        _("first contact within (working days)"),
        help_text=_(
            "Working days after the registration; weekends and public holidays do not count."
        ),
    )
    plan_term_days = models.PositiveSmallIntegerField(
        _("active plan within (days)"),
        help_text=_("Calendar days after the registration, like the Wmo's six weeks."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_norm__gte=1, caseload_norm__lte=200),
                name="teamnorm_caseload_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fulltime_hours__gte=1, fulltime_hours__lte=60),
                name="teamnorm_hours_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    first_contact_working_days__gte=1, first_contact_working_days__lte=60
                ),
                name="teamnorm_first_contact_range",
            ),
            models.CheckConstraint(
                condition=models.Q(plan_term_days__gte=1, plan_term_days__lte=365),
                name="teamnorm_plan_term_range",
            ),
        ]
        verbose_name = _("team norm")
        verbose_name_plural = _("team norms")

    def __str__(self) -> str:
        return f"{self.team}"
