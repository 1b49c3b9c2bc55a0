"""Writes between the team and the municipal back office: advices, decisions, the household's
back-office contact, and breakthrough requests.

Who may do what:

- The case director and the members on a case draft, send and withdraw advices and file
  breakthrough requests (the team has no mandate; it advises and asks).
- Back-office consultants (group "Backoffice") decide on advices, become or assign a household's
  contact, and take breakthrough requests through their steps.

Sending an advice or a breakthrough request sends the household's data to the back office, so
both call ``sharing_require`` inside their transaction. A restricted file (AVG art. 18) blocks
every write here. Two consultants deciding on the same advice at once cannot both win: the
decision locks the advice row and checks the version its decider saw (409 ``stale_version``).
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_record
from wijkteam.backoffice import terms
from wijkteam.backoffice.models import (
    CATEGORY_VALUES,
    Advice,
    AdviceDecision,
    AdviceStatus,
    BackOfficeContact,
    Breakthrough,
    BreakthroughEvent,
    BreakthroughStatus,
    Outcome,
    law_of,
)
from wijkteam.cases.models import Case, CaseMember
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.rights.services import household_require_unrestricted
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.services import sharing_require

logger = logging.getLogger(__name__)

STALE = "stale_version"


# Who may -----------------------------------------------------------------------------------


def is_back_office(*, user: User) -> bool:
    return has_role(user, Role.BACK_OFFICE)


def may_advise(*, user: User, case: Case) -> bool:
    """The case's director and the professionals on the case: who knows the household."""
    if not user.is_authenticated or not user.is_active:
        return False
    if case.director_id and case.director.user_id == user.pk and case.director.is_active:
        return True
    return CaseMember.objects.filter(
        case=case, membership__user=user, membership__is_active=True
    ).exists()


def _team_case(*, actor: User, case: Case) -> Case:
    """The case, if ``actor`` sees it and works on it, and its file may be changed."""
    from wijkteam.households.selectors import households_visible_to

    if not households_visible_to(user=actor).filter(pk=case.household_id).exists():
        raise NotFoundOrHidden("not found")
    if not may_advise(user=actor, case=case):
        raise Forbidden(
            _("Only the case director and the professionals on the case can do this."),
            code="not_allowed",
        )
    household_require_unrestricted(household_id=case.household_id)
    return case


def _require_back_office(actor: User) -> None:
    if not is_back_office(user=actor):
        raise Forbidden(_("Only the municipal back office can do this."), code="not_allowed")


def _log(event: str, action: str, obj: Advice | Breakthrough | BackOfficeContact) -> None:
    access_log_record(
        event=event,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        household_id=obj.household_id,
    )


def _required(value: str | None, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="required", field=field)
    return value


# Advices -----------------------------------------------------------------------------------


def _advice_fields(
    *,
    case: Case,
    person: Person | None,
    category: str,
    provision: str,
    reasons: str,
    tried: str,
    requested_on: date | None,
    applied_on: date | None,
) -> dict:
    """The advice's fields, checked; ``decision_due`` follows from them."""
    if category not in CATEGORY_VALUES:
        raise DomainError(
            _("Choose the kind of provision."), code="invalid_category", field="category"
        )
    provision = _required(
        provision, field="provision", message=_("Say which provision the advice is for.")
    )
    reasons = _required(reasons, field="reasons", message=_("Say why this provision is needed."))
    tried = _required(
        tried,
        field="tried",
        message=_(
            "Say what was tried at the lower steps (own strength, network, general provisions) "
            "and why it was not enough."
        ),
    )
    today = timezone.localdate()
    if requested_on is None:
        raise DomainError(
            _("Enter the date of the request for help."), code="required", field="requested_on"
        )
    if applied_on is None:
        raise DomainError(
            _("Enter the date of the application."), code="required", field="applied_on"
        )
    if requested_on > today:
        raise DomainError(
            _("The request for help cannot be in the future."),
            code="date_in_future",
            field="requested_on",
        )
    if applied_on > today:
        raise DomainError(
            _("The application cannot be in the future."),
            code="date_in_future",
            field="applied_on",
        )
    if applied_on < requested_on:
        raise DomainError(
            _("The application cannot be before the request for help."),
            code="applied_before_request",
            field="applied_on",
        )
    if person is not None and person.household_id != case.household_id:
        raise DomainError(
            _("Choose a member of this household."), code="invalid_person", field="person"
        )
    return {
        "person": person,
        "category": category,
        "provision": provision,
        "reasons": reasons,
        "tried": tried,
        "requested_on": requested_on,
        "applied_on": applied_on,
        "decision_due": terms.decision_due(law=law_of(category), applied_on=applied_on),
    }


def _send(*, actor: User, advice: Advice, expected_version: int | None, override_reason: str):
    sharing_require(
        actor=actor,
        household=advice.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        action="advice_send",
        override_reason=override_reason,
    )
    advice = update_versioned(
        advice,
        expected_version=expected_version,
        fields={"status": AdviceStatus.SENT, "sent_by": actor, "sent_at": timezone.now()},
    )
    _log("advice_sent", LogAction.UPDATE, advice)
    logger.info("advice_sent advice=%s household=%s", advice.pk, advice.household_id)
    return advice


@transaction.atomic
def advice_create(
    *,
    actor: User,
    case: Case,
    category: str,
    provision: str,
    reasons: str,
    tried: str,
    requested_on: date | None,
    applied_on: date | None,
    person: Person | None = None,
    send: bool = False,
    override_reason: str = "",
) -> Advice:
    """Draft an advice on a case; with ``send`` it goes to the back office at once (then a
    ground for sharing must allow it, or ``SharingRefused`` and nothing is kept)."""
    _team_case(actor=actor, case=case)
    if not case.is_open:
        raise ConflictError(
            _("This case has ended: an advice needs an open case."), code="case_closed"
        )
    fields = _advice_fields(
        case=case,
        person=person,
        category=category,
        provision=provision,
        reasons=reasons,
        tried=tried,
        requested_on=requested_on,
        applied_on=applied_on,
    )
    advice = Advice.objects.create(
        case=case, household_id=case.household_id, created_by=actor, **fields
    )
    _log("advice_changed", LogAction.CREATE, advice)
    logger.info("advice_drafted advice=%s household=%s", advice.pk, advice.household_id)
    if send:
        advice = _send(
            actor=actor,
            advice=advice,
            expected_version=advice.version,
            override_reason=override_reason,
        )
    return advice


def _locked_for_team(*, actor: User, advice: Advice) -> Advice:
    """The advice, locked, if ``actor`` works on its case and its file may be changed."""
    advice = (
        Advice.objects.select_for_update(of=("self",))
        .select_related("case__director")
        .get(pk=advice.pk)
    )
    _team_case(actor=actor, case=advice.case)
    return advice


def _locked_draft(*, actor: User, advice: Advice) -> Advice:
    advice = _locked_for_team(actor=actor, advice=advice)
    if not advice.is_draft:
        raise ConflictError(
            _(
                "This advice was already sent and is no longer changed. Withdraw it with a "
                "reason, or write a new advice."
            ),
            code="already_sent",
        )
    return advice


@transaction.atomic
def advice_update(
    *,
    actor: User,
    advice: Advice,
    expected_version: int | None,
    category: str,
    provision: str,
    reasons: str,
    tried: str,
    requested_on: date | None,
    applied_on: date | None,
    person: Person | None = None,
    send: bool = False,
    override_reason: str = "",
) -> Advice:
    """Change a draft advice; with ``send`` it is sent after the change."""
    advice = _locked_draft(actor=actor, advice=advice)
    fields = _advice_fields(
        case=advice.case,
        person=person,
        category=category,
        provision=provision,
        reasons=reasons,
        tried=tried,
        requested_on=requested_on,
        applied_on=applied_on,
    )
    advice = update_versioned(advice, expected_version=expected_version, fields=fields)
    _log("advice_changed", LogAction.UPDATE, advice)
    if send:
        advice = _send(
            actor=actor,
            advice=advice,
            expected_version=advice.version,
            override_reason=override_reason,
        )
    return advice


@transaction.atomic
def advice_send(
    *, actor: User, advice: Advice, expected_version: int | None, override_reason: str = ""
) -> Advice:
    """Send a draft advice to the back office."""
    advice = _locked_draft(actor=actor, advice=advice)
    return _send(
        actor=actor,
        advice=advice,
        expected_version=expected_version,
        override_reason=override_reason,
    )


@transaction.atomic
def advice_withdraw(
    *, actor: User, advice: Advice, reason: str, expected_version: int | None
) -> Advice:
    """Take back a sent advice the back office has not decided on, with a reason (the way to
    correct one: withdraw it and send a new one)."""
    advice = _locked_for_team(actor=actor, advice=advice)
    reason = _required(reason, field="reason", message=_("Say why the advice is withdrawn."))
    if advice.status != AdviceStatus.SENT:
        raise ConflictError(
            _("Only a sent advice without a decision can be withdrawn (this one is: %(status)s).")
            % {"status": advice.get_status_display().lower()},
            code="not_withdrawable",
        )
    advice = update_versioned(
        advice,
        expected_version=expected_version,
        fields={
            "status": AdviceStatus.WITHDRAWN,
            "withdrawn_by": actor,
            "withdrawn_at": timezone.now(),
            "withdrawal_reason": reason,
        },
    )
    _log("advice_withdrawn", LogAction.UPDATE, advice)
    logger.info("advice_withdrawn advice=%s", advice.pk)
    return advice


@transaction.atomic
def advice_decide(
    *, actor: User, advice: Advice, outcome: str, reason: str, expected_version: int | None
) -> AdviceDecision:
    """The back office's decision on a sent advice, with its reason. Appended: a later decision
    (after an objection, say) becomes the current one and the earlier stays in the history.

    The advice row is locked and its version checked, so of two consultants deciding at the same
    moment on what they both saw, one wins and the other gets 409 ``stale_version``. The decider
    becomes the household's back-office contact when it has none.
    """
    _require_back_office(actor)
    if outcome not in Outcome.values:
        raise DomainError(_("Choose a decision."), code="invalid_outcome", field="outcome")
    if outcome == Outcome.GRANTED:
        message = _("Give the reason for the decision.")
    else:
        message = _("Say why the advice is refused or only partly granted.")
    reason = _required(reason, field="reason", message=message)
    locked = Advice.objects.select_for_update().filter(pk=advice.pk).first()
    if locked is None or locked.status in (AdviceStatus.DRAFT,):
        raise NotFoundOrHidden("not found")
    household_require_unrestricted(household_id=locked.household_id)
    if locked.status == AdviceStatus.WITHDRAWN:
        raise ConflictError(
            _("The team withdrew this advice: there is nothing to decide."), code="withdrawn"
        )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else decided on this advice or changed it in the meantime. Reload the "
                "page to see the current decision."
            ),
            code=STALE,
        )
    AdviceDecision.objects.filter(advice=locked, is_current=True).update(is_current=False)
    try:
        with transaction.atomic():
            decision = AdviceDecision.objects.create(
                advice=locked, outcome=outcome, reason=reason, decided_by=actor
            )
    except IntegrityError:  # pragma: no cover - the row lock makes this the belt to its braces
        raise ConflictError(
            _("Someone else decided on this advice at the same moment. Reload the page."),
            code=STALE,
        ) from None
    update_versioned(
        locked,
        expected_version=locked.version,
        fields={"status": outcome, "decided_at": decision.decided_at},
    )
    _log("advice_decided", LogAction.CREATE, locked)
    _contact_ensure(household_id=locked.household_id, actor=actor)
    logger.info("advice_decided advice=%s outcome=%s", locked.pk, outcome)
    return decision


# The back-office contact -------------------------------------------------------------------


def _contact_current(*, household_id: int) -> BackOfficeContact | None:
    return (
        BackOfficeContact.objects.select_related("user")
        .filter(household_id=household_id, ended_at__isnull=True)
        .first()
    )


def _contact_start(*, household_id: int, user: User, by: User) -> BackOfficeContact:
    BackOfficeContact.objects.filter(household_id=household_id, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    try:
        with transaction.atomic():
            contact = BackOfficeContact.objects.create(
                household_id=household_id, user=user, assigned_by=by
            )
    except IntegrityError:
        raise ConflictError(
            _("Someone else changed the contact at the same moment. Reload the page."), code=STALE
        ) from None
    _log("back_office_contact_changed", LogAction.CREATE, contact)
    logger.info("back_office_contact_set household=%s contact=%s", household_id, contact.pk)
    return contact


def _contact_ensure(*, household_id: int, actor: User) -> None:
    """``actor`` becomes the household's back-office contact when it has none."""
    if _contact_current(household_id=household_id) is None:
        _contact_start(household_id=household_id, user=actor, by=actor)


def household_involves_back_office(*, household_id: int) -> bool:
    """Municipal involvement: a sent advice, a breakthrough request, or a contact set."""
    return (
        Advice.objects.filter(household_id=household_id).exclude(status=AdviceStatus.DRAFT).exists()
        or Breakthrough.objects.filter(household_id=household_id).exists()
        or BackOfficeContact.objects.filter(household_id=household_id).exists()
    )


@transaction.atomic
def back_office_contact_assign(
    *, actor: User, household: Household, user: User | None = None
) -> BackOfficeContact:
    """Make ``user`` (by default ``actor``) the household's one back-office contact; the
    previous one's period ends. For households the back office is involved with."""
    _require_back_office(actor)
    if not household_involves_back_office(household_id=household.pk):
        raise NotFoundOrHidden("not found")
    household_require_unrestricted(household_id=household.pk)
    user = user or actor
    if not is_back_office(user=user):
        raise DomainError(
            _("Choose a consultant of the back office."), code="invalid_user", field="user"
        )
    Household.objects.select_for_update().filter(pk=household.pk).first()
    current = _contact_current(household_id=household.pk)
    if current is not None and current.user_id == user.pk:
        return current
    return _contact_start(household_id=household.pk, user=user, by=actor)


# Breakthrough requests ---------------------------------------------------------------------

# The one table of allowed steps: from a status, the statuses it may go to.
BREAKTHROUGH_TRANSITIONS: dict[str, frozenset[str]] = {
    BreakthroughStatus.SUBMITTED: frozenset(
        {BreakthroughStatus.IN_PROGRESS, BreakthroughStatus.RESOLVED, BreakthroughStatus.REJECTED}
    ),
    BreakthroughStatus.IN_PROGRESS: frozenset(
        {BreakthroughStatus.RESOLVED, BreakthroughStatus.REJECTED}
    ),
    BreakthroughStatus.RESOLVED: frozenset(),
    BreakthroughStatus.REJECTED: frozenset(),
}
# Steps that end a request need their text: the resolution, or why it is rejected.
NOTE_REQUIRED = {BreakthroughStatus.RESOLVED, BreakthroughStatus.REJECTED}


@transaction.atomic
def breakthrough_file(
    *,
    actor: User,
    case: Case,
    blocking_rule: str,
    solution: str,
    reasons: str,
    override_reason: str = "",
) -> Breakthrough:
    """File a breakthrough request on a case, addressed to the household's back-office contact
    (or the whole back office while it has none)."""
    _team_case(actor=actor, case=case)
    if not case.is_open:
        raise ConflictError(
            _("This case has ended: a breakthrough request needs an open case."),
            code="case_closed",
        )
    blocking_rule = _required(
        blocking_rule, field="blocking_rule", message=_("Say which rule blocks the solution.")
    )
    solution = _required(
        solution, field="solution", message=_("Describe the sensible solution you propose.")
    )
    reasons = _required(reasons, field="reasons", message=_("Say why this solution is needed."))
    sharing_require(
        actor=actor,
        household=case.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        action="breakthrough_request",
        override_reason=override_reason,
    )
    contact = _contact_current(household_id=case.household_id)
    breakthrough = Breakthrough.objects.create(
        case=case,
        household_id=case.household_id,
        blocking_rule=blocking_rule,
        solution=solution,
        reasons=reasons,
        addressed_to=contact.user if contact else None,
        filed_by=actor,
    )
    BreakthroughEvent.objects.create(
        breakthrough=breakthrough, to_status=BreakthroughStatus.SUBMITTED, by=actor
    )
    _log("breakthrough_changed", LogAction.CREATE, breakthrough)
    logger.info("breakthrough_filed breakthrough=%s", breakthrough.pk)
    return breakthrough


@transaction.atomic
def breakthrough_transition(
    *,
    actor: User,
    breakthrough: Breakthrough,
    to_status: str,
    note: str = "",
    expected_version: int | None,
) -> Breakthrough:
    """Take a breakthrough request a step (``BREAKTHROUGH_TRANSITIONS``); resolving needs the
    resolution, rejecting the reason. Who takes it up becomes the household's contact if it has
    none yet."""
    _require_back_office(actor)
    locked = Breakthrough.objects.select_for_update().filter(pk=breakthrough.pk).first()
    if locked is None:
        raise NotFoundOrHidden("not found")
    if to_status not in BreakthroughStatus.values:
        raise DomainError(_("Choose a step."), code="invalid_status", field="to_status")
    if to_status not in BREAKTHROUGH_TRANSITIONS[locked.status]:
        raise ConflictError(
            _("A request that is '%(status)s' cannot become '%(to)s'.")
            % {
                "status": locked.get_status_display().lower(),
                "to": BreakthroughStatus(to_status).label.lower(),
            },
            code="illegal_transition",
        )
    note = (note or "").strip()
    if to_status in NOTE_REQUIRED and not note:
        if to_status == BreakthroughStatus.RESOLVED:
            message = _("Describe how it was resolved.")
        else:
            message = _("Say why the request is rejected.")
        raise DomainError(message, code="required", field="note")
    household_require_unrestricted(household_id=locked.household_id)
    fields: dict = {"status": to_status}
    if to_status in NOTE_REQUIRED:
        fields["resolution"] = note
    if locked.addressed_to_id is None:
        fields["addressed_to"] = actor
    from_status = locked.status
    locked = update_versioned(locked, expected_version=expected_version, fields=fields)
    BreakthroughEvent.objects.create(
        breakthrough=locked, from_status=from_status, to_status=to_status, note=note, by=actor
    )
    _log("breakthrough_changed", LogAction.UPDATE, locked)
    _contact_ensure(household_id=locked.household_id, actor=actor)
    logger.info("breakthrough_moved breakthrough=%s to=%s", locked.pk, to_status)
    return locked


__all__ = [
    "BREAKTHROUGH_TRANSITIONS",
    "advice_create",
    "advice_decide",
    "advice_send",
    "advice_update",
    "advice_withdraw",
    "back_office_contact_assign",
    "breakthrough_file",
    "breakthrough_transition",
]
