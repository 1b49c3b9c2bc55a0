"""Writes from the resident's own view: a goal of their own, a note for the case director, and
giving or withdrawing consent for sharing. Always on the resident's own household."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case
from wijkteam.core.errors import ConflictError, DomainError, NotFoundOrHidden
from wijkteam.plans.models import Goal
from wijkteam.plans.services import EDITABLE_STATES, goal_add
from wijkteam.residents.models import ResidentAccount, ResidentNote
from wijkteam.residents.selectors import resident_account_get, resident_case_of

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = ResidentNote._meta.get_field("text").max_length


def _open_case(account: ResidentAccount) -> Case:
    case = resident_case_of(household=account.person.household)
    if case is None or case.status not in OPEN_STATES:
        raise ConflictError(
            _(
                "You have no running case with the neighbourhood team now. Do you have a new "
                "question? Call or e-mail the team."
            ),
            code="no_open_case",
        )
    return case


@transaction.atomic
def resident_goal_propose(*, actor: User, domain: str, description: str) -> Goal:
    """A goal the resident writes themselves: it becomes a goal in their plan, marked as
    proposed by the resident, for the case director to take up with them."""
    account = resident_account_get(user=actor)
    case = _open_case(account)
    if case.status not in EDITABLE_STATES:  # registered: no director and no plan yet
        raise ConflictError(
            _(
                "Your plan has not been made yet. Your case director makes it together with "
                "you. You can already send them a note."
            ),
            code="plan_not_started",
        )
    if not (description or "").strip():
        raise DomainError(
            _("Write down your goal, in your own words."), code="required", field="description"
        )
    goal = goal_add(
        actor=actor,
        case=case,
        domain=domain,
        description=description,
        proposed_by_resident=True,
    )
    logger.info("resident_goal_proposed case=%s goal=%s", case.pk, goal.pk)
    return goal


@transaction.atomic
def resident_note_add(*, actor: User, text: str) -> ResidentNote:
    """A note for the case director; it shows on the household's timeline for the team."""
    account = resident_account_get(user=actor)
    case = _open_case(account)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your note."), code="required", field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Your note is too long. Use at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH},
            code="too_long",
            field="text",
        )
    note = ResidentNote.objects.create(case=case, author=actor, text=text)
    logger.info("resident_note_added case=%s note=%s", case.pk, note.pk)
    return note


# Consent for sharing -------------------------------------------------------------------------


def resident_consent_give(
    *,
    actor: User,
    party: str,
    purpose: str,
    consent_scope: str,
    party_name: str = "",
    purpose_detail: str = "",
):
    """Consent, given today by the resident, to share their household's information with
    ``party`` for ``purpose``; recorded by ``sharing_ground_record`` with the resident as the
    person who gave it."""
    from django.utils import timezone

    from wijkteam.sharing.models import Basis
    from wijkteam.sharing.services import sharing_ground_record

    account = resident_account_get(user=actor)
    return sharing_ground_record(
        actor=actor,
        household=account.person.household,
        party=party,
        purpose=purpose,
        basis=Basis.CONSENT,
        party_name=party_name,
        purpose_detail=purpose_detail,
        consent_given_on=timezone.localdate(),
        consent_scope=consent_scope,
    )


def resident_consent_withdraw(*, actor: User, ground_id: int, expected_version: int | None):
    """Withdraw a consent of the resident's own household, from now on; no reason needed.
    A ground of another household is ``NotFoundOrHidden``; a legal task is refused.

    The page the resident confirmed on logged the read (``resident_consent_get``); the
    withdrawal is logged as the change, so the ground is read here without an entry of its own.
    """
    from wijkteam.sharing.models import SharingGround
    from wijkteam.sharing.services import sharing_ground_withdraw

    account = resident_account_get(user=actor)
    ground = (
        SharingGround.objects.select_related("household")
        .filter(pk=ground_id, household_id=account.person.household_id)
        .first()
    )
    if ground is None:
        raise NotFoundOrHidden("not found")
    return sharing_ground_withdraw(
        actor=actor, ground=ground, reason="", expected_version=expected_version
    )
