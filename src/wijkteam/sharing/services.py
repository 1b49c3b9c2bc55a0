"""Writes on grounds for sharing, and the check every action that sends data out must pass.

Consent does not stand in for a missing legal basis (Autoriteit Persoonsgegevens on the social
domain): sharing needs a purpose and a basis, recorded per recipient. So an action that sends a
household's data to another party calls ``sharing_require`` first, inside its transaction:

    sharing_require(
        actor=actor, household=case.household, party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE, action="advice_send", override_reason=override_reason,
    )

It returns the ground that allows it, or the ``SharingOverride`` the team coordinator recorded,
or raises ``SharingRefused`` (409, code ``sharing_refused``) with a Dutch explanation of what is
missing and what to do; its ``extra`` carries ``party``, ``purpose`` and ``can_override`` for
programs. The web form keeps what was typed and shows the message; the API answers the 409.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.households.selectors import households_visible_to
from wijkteam.rights.services import household_require_unrestricted
from wijkteam.sharing.models import (
    Basis,
    LegalTask,
    Party,
    Purpose,
    SharingGround,
    SharingOverride,
)

logger = logging.getLogger(__name__)


class SharingRefused(DomainError):
    """No ground allows this sharing, and no override was given by someone who may."""

    status_code = 409
    default_code = "sharing_refused"


# Who may act ---------------------------------------------------------------------------------


def _resident_of(*, user: User, household: Household) -> Person | None:
    """The person ``user`` logs in as, if they live in ``household``."""
    from wijkteam.residents.selectors import resident_account_of

    account = resident_account_of(user=user)
    if account is None or account.person.household_id != household.pk:
        return None
    return account.person


def sharing_allowed_for(*, user: User, household: Household) -> tuple[bool, Person | None]:
    """Whether ``user`` may see and record the household's grounds: someone who sees the
    household's content, or a resident of it (then also the person they log in as)."""
    if not user.is_authenticated or not user.is_active:
        return False, None
    if households_visible_to(user=user).filter(pk=household.pk).exists():
        return True, None
    person = _resident_of(user=user, household=household)
    return person is not None, person


def is_team_coordinator_of(*, user: User, household: Household) -> bool:
    """The active team coordinator of the household's team: the one who may override."""
    return is_coordinator_of(user=user, team=household.team_id)


# Recording and withdrawing -------------------------------------------------------------------


def _choice(value: str, choices: type, field: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Choose one of the options."), code=f"invalid_{field}", field=field)
    return value


@transaction.atomic
def sharing_ground_record(
    *,
    actor: User,
    household: Household,
    party: str,
    purpose: str,
    basis: str,
    party_name: str = "",
    purpose_detail: str = "",
    consent_given_on: date | None = None,
    consent_scope: str = "",
    consent_by: Person | None = None,
    legal_task: str = "",
    legal_task_other: str = "",
) -> SharingGround:
    """Record what may be shared with ``party`` for ``purpose``, on consent or a legal task.

    Staff who see the household's content may record either; a resident of the household may
    record their own consent (never a legal task), and is then the one who gave it.
    """
    allowed, resident = sharing_allowed_for(user=actor, household=household)
    if not allowed:
        raise NotFoundOrHidden("not found")
    # A new ground opens the way to more processing: not while it is restricted. Withdrawing
    # one stays possible, since it only narrows what may happen.
    household_require_unrestricted(household_id=household.pk)
    _choice(party, Party, "party")
    _choice(purpose, Purpose, "purpose")
    _choice(basis, Basis, "basis")
    party_name = (party_name or "").strip()
    purpose_detail = (purpose_detail or "").strip()
    if purpose == Purpose.OTHER and not purpose_detail:
        raise DomainError(
            _("Describe the purpose in a few words."), code="required", field="purpose_detail"
        )
    fields: dict = {}
    if basis == Basis.CONSENT:
        consent_scope = (consent_scope or "").strip()
        if consent_given_on is None:
            raise DomainError(
                _("Enter the date the consent was given."),
                code="required",
                field="consent_given_on",
            )
        if consent_given_on > timezone.localdate():
            raise DomainError(
                _("Consent cannot be given in the future."),
                code="date_in_future",
                field="consent_given_on",
            )
        if not consent_scope:
            raise DomainError(
                _("Describe what may be shared."), code="required", field="consent_scope"
            )
        if resident is not None:
            consent_by = resident
        elif consent_by is not None and consent_by.household_id != household.pk:
            raise DomainError(
                _("Choose a member of this household."), code="invalid_person", field="consent_by"
            )
        fields = {
            "consent_given_on": consent_given_on,
            "consent_scope": consent_scope,
            "consent_by": consent_by,
        }
    else:
        if resident is not None:
            raise DomainError(
                _(
                    "You can give or withdraw your own consent here. A legal task is recorded "
                    "by the team."
                ),
                code="resident_consent_only",
                field="basis",
            )
        _choice(legal_task, LegalTask, "legal_task")
        legal_task_other = (legal_task_other or "").strip()
        if legal_task == LegalTask.OTHER and not legal_task_other:
            raise DomainError(
                _("Name the legal task and its article."),
                code="required",
                field="legal_task_other",
            )
        fields = {
            "legal_task": legal_task,
            "legal_task_other": legal_task_other if legal_task == LegalTask.OTHER else "",
        }
    ground = SharingGround.objects.create(
        household=household,
        party=party,
        party_name=party_name,
        purpose=purpose,
        purpose_detail=purpose_detail,
        basis=basis,
        recorded_by=actor,
        **fields,
    )
    logger.info(
        "sharing_ground_recorded ground=%s household=%s party=%s purpose=%s basis=%s",
        ground.pk,
        household.pk,
        party,
        purpose,
        basis,
    )
    return ground


@transaction.atomic
def sharing_ground_withdraw(
    *, actor: User, ground: SharingGround, reason: str, expected_version: int | None
) -> SharingGround:
    """Withdraw consent, or end a legal task, from now on; what was shared before stays shared.

    Staff give a reason. A resident withdraws their household's consent without having to say
    why (withdrawing must be as easy as giving, AVG art. 7(3)); they cannot end a legal task.
    """
    allowed, resident = sharing_allowed_for(user=actor, household=ground.household)
    if not allowed:
        raise NotFoundOrHidden("not found")
    reason = (reason or "").strip()
    if resident is not None and ground.basis != Basis.CONSENT:
        raise DomainError(
            _("A legal task is not based on consent, so it cannot be withdrawn here."),
            code="resident_consent_only",
            field="basis",
        )
    if resident is None and not reason:
        raise DomainError(
            _("Say why the ground is withdrawn."), code="reason_required", field="reason"
        )
    if ground.withdrawn_at is not None:
        raise ConflictError(
            _("This ground was already withdrawn. Reload the page to see the current state."),
            code="already_withdrawn",
        )
    ground = update_versioned(
        ground,
        expected_version=expected_version,
        fields={"withdrawn_at": timezone.now(), "withdrawn_by": actor, "withdrawal_reason": reason},
    )
    logger.info("sharing_ground_withdrawn ground=%s household=%s", ground.pk, ground.household_id)
    return ground


# The check -----------------------------------------------------------------------------------


def sharing_check(*, household: Household, party: str, purpose: str) -> SharingGround | None:
    """The active ground that allows sharing with ``party`` for ``purpose``, newest first.

    A ground covers exactly its own party and purpose: consent for a referral to specialist
    care does not cover advice to the back office.
    """
    return (
        SharingGround.objects.filter(
            household=household, party=party, purpose=purpose, withdrawn_at__isnull=True
        )
        .order_by("-recorded_at", "-pk")
        .first()
    )


def _date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _refusal(
    *, household: Household, party: str, purpose: str, can_override: bool, override_tried: bool
) -> SharingRefused:
    """Why sharing is refused and what to do, without naming anyone."""
    context = {"party": Party(party).label, "purpose": Purpose(purpose).label}
    withdrawn = (
        SharingGround.objects.filter(
            household=household, party=party, purpose=purpose, withdrawn_at__isnull=False
        )
        .order_by("-withdrawn_at", "-pk")
        .first()
    )
    if withdrawn is not None and withdrawn.basis == Basis.CONSENT:
        why = _(
            "The consent of %(given)s to share with '%(party)s' for the purpose '%(purpose)s' was "
            "withdrawn on %(withdrawn)s."
        ) % {
            **context,
            "given": _date(withdrawn.consent_given_on),
            "withdrawn": _date(timezone.localtime(withdrawn.withdrawn_at).date()),
        }
    elif withdrawn is not None:
        why = _(
            "The legal task for sharing with '%(party)s' for the purpose '%(purpose)s' was ended "
            "on %(withdrawn)s."
        ) % {**context, "withdrawn": _date(timezone.localtime(withdrawn.withdrawn_at).date())}
    else:
        why = (
            _(
                "There is no ground to share this household's data with '%(party)s' for the "
                "purpose '%(purpose)s'."
            )
            % context
        )
    if can_override:
        todo = _(
            "Record the resident's consent or the legal task on the household page, or, as team "
            "coordinator, give the reason to share without a ground."
        )
    else:
        todo = _(
            "Record the resident's consent or the legal task on the household page, or ask the "
            "team coordinator for a reasoned decision to share without a ground."
        )
    parts = [why, todo]
    if override_tried and not can_override:
        parts.append(_("Only the team coordinator of this household's team can decide that."))
    return SharingRefused(
        " ".join(str(part) for part in parts),
        field="override_reason" if override_tried else None,
        extra={"party": party, "purpose": purpose, "can_override": can_override},
    )


@transaction.atomic
def sharing_require(
    *,
    actor: User,
    household: Household,
    party: str,
    purpose: str,
    action: str,
    override_reason: str = "",
) -> SharingGround | SharingOverride:
    """Allow an action that sends the household's data to ``party`` for ``purpose``, or refuse.

    Returns the active ground; without one, the team coordinator of the household's team may
    give ``override_reason``, which is recorded as a ``SharingOverride`` (the audit signals log
    it once, event ``sharing_override``) and returned. Anyone else, or without a reason, gets
    ``SharingRefused`` explaining why and what to do. ``action`` is a stable code of what sends
    the data out (``case_transfer``, ``advice_send``, ``case_conference``), kept with an override.
    Call it inside the action's transaction, so a refused or failed action leaves no override.
    """
    _choice(party, Party, "party")
    _choice(purpose, Purpose, "purpose")
    ground = sharing_check(household=household, party=party, purpose=purpose)
    if ground is not None:
        return ground
    override_reason = (override_reason or "").strip()
    can_override = is_team_coordinator_of(user=actor, household=household)
    if not override_reason or not can_override:
        logger.info(
            "sharing_refused household=%s party=%s purpose=%s action=%s",
            household.pk,
            party,
            purpose,
            action,
        )
        raise _refusal(
            household=household,
            party=party,
            purpose=purpose,
            can_override=can_override,
            override_tried=bool(override_reason),
        )
    override = SharingOverride.objects.create(
        household=household,
        party=party,
        purpose=purpose,
        action=action,
        reason=override_reason,
        by=actor,
    )
    logger.info(
        "sharing_override override=%s household=%s party=%s purpose=%s action=%s",
        override.pk,
        household.pk,
        party,
        purpose,
        action,
    )
    return override
