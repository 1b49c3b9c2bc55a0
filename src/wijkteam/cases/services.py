"""Writes on cases: registration, the life cycle, direction, case members and contacts.

Every state change goes through ``case_transition`` and the table in ``lifecycle``; every write
that others may race (a second open case, a second director, a stale edit) is decided by the
database (constraints, conditional updates), not by a check-then-write in Python.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.audit.services import access_log_record_change
from wijkteam.cases.lifecycle import (
    OPEN_STATES,
    REASONS,
    TRANSITIONS,
    Status,
    TransferReason,
    Transition,
)
from wijkteam.cases.models import (
    Case,
    CaseMember,
    Channel,
    Contact,
    ContactKind,
    DirectorAssignment,
    Source,
    StatusChange,
    Theme,
    Urgency,
)
from wijkteam.cases.themes import case_themes_add, themes_clean
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.models import Household
from wijkteam.households.selectors import HouseholdMatch, household_matches
from wijkteam.households.services import (
    address_clean,
    bsn_clean,
    household_create,
    person_add,
)
from wijkteam.rights.services import household_require_unrestricted
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.services import sharing_require
from wijkteam.teams.models import Membership, Team
from wijkteam.teams.selectors import memberships_of

logger = logging.getLogger(__name__)


class PossibleDuplicate(ConflictError):
    """The household being registered may already be known; the caller must choose."""

    default_code = "possible_duplicate"

    def __init__(self, matches: list[HouseholdMatch]) -> None:
        super().__init__(
            _(
                "This household may already be known. Choose the existing household, or confirm "
                "that this is a different household."
            ),
            field="household",
            extra={"matches": [match.__dict__ for match in matches]},
        )
        self.matches = matches


def _open_case_conflict(household: Household) -> ConflictError:
    open_case = household.cases.filter(status__in=OPEN_STATES).first()
    reference = open_case.reference if open_case else ""
    return ConflictError(
        _(
            "This household already has an open case (%(reference)s). One household has one plan "
            "and one case director: add the new question to that case."
        )
        % {"reference": reference},
        code="open_case_exists",
        field="household",
        extra={"open_case_id": open_case.pk if open_case else None},
    )


@dataclass
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    bsn: str = ""
    phone: str = ""
    email: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.given_name,
                self.family_name,
                self.date_of_birth,
                self.bsn,
                self.phone,
                self.email,
            )
        )


def _domains_clean(domains: list[str]) -> list[str]:
    unknown = set(domains) - set(LifeDomain.values)
    if unknown:
        raise DomainError(_("Unknown life domain."), code="invalid_domain", field="domains")
    return [value for value in LifeDomain.values if value in set(domains)]


def _choice_clean(value: object, *, choices: type[models.Choices], field: str) -> None:
    # The model's choices are not enforced by the database; the core refuses what the form or
    # API let through, so every interface gets the same answer.
    if value not in choices.values:
        raise DomainError(_("Choose one of the options."), code=f"invalid_{field}", field=field)


def _team_for_registration(*, actor: User, team: Team | None, routed: Team | None) -> Team:
    if routed is not None:
        return routed
    if team is not None:
        return team
    own = memberships_of(user=actor).first()
    if own is None:
        raise DomainError(
            _(
                "Without a postcode the question goes to your own team, but you are "
                "not a member of a team. Enter the postcode."
            ),
            code="team_required",
            field="postcode",
        )
    return own.team


@transaction.atomic
def registration_create(
    *,
    actor: User,
    question: str,
    source: str = Source.RESIDENT,
    channel: str = Channel.PHONE,
    domains: list[str] | None = None,
    urgency: int = Urgency.NORMAL,
    household: Household | None = None,
    postcode: str = "",
    house_number: int | None = None,
    house_number_suffix: str = "",
    street: str = "",
    city: str = "",
    person: PersonInput | None = None,
    team: Team | None = None,
    confirm_new: bool = False,
    themes: list[Theme | str] | None = None,
) -> Case:
    """Register a question (aanmelding) as a new case in the inbox of the area's team.

    Either ``household`` (an existing one) or an address and/or person for a new household, or
    neither: an anonymous first contact is normal. A new household that matches a known one by
    address or BSN raises ``PossibleDuplicate`` unless ``confirm_new``; a household with an open
    case raises a conflict, because one household has one plan. ``themes`` (objects or codes)
    must be active themes of the list (``wijkteam.cases.themes``).
    """
    question = (question or "").strip()
    if not question:
        raise DomainError(
            _("Describe the question in a few words."), code="required", field="question"
        )
    domains = _domains_clean(domains or [])
    _choice_clean(source, choices=Source, field="source")
    _choice_clean(channel, choices=Channel, field="channel")
    _choice_clean(urgency, choices=Urgency, field="urgency")
    chosen_themes = themes_clean(themes)
    person = person or PersonInput()
    if household is not None:
        household_require_unrestricted(household_id=household.pk)

    if household is None:
        bsn = bsn_clean(person.bsn)
        address = address_clean(postcode=postcode, house_number=house_number)
        matches = household_matches(
            user=actor,
            postcode=address["postcode"],
            house_number=house_number,
            house_number_suffix=house_number_suffix,
            bsn=bsn,
        )
        if matches and (not confirm_new or any(m.reason == "bsn" for m in matches)):
            raise PossibleDuplicate(matches)
        household = household_create(
            actor=actor,
            team=_team_for_registration(actor=actor, team=team, routed=address["team"]),
            postcode=address["postcode"],
            house_number=house_number,
            house_number_suffix=house_number_suffix,
            street=street,
            city=city,
        )

    # A known household that came in anonymously gets its first member now; one with members
    # keeps them (new members are added on the household page, deliberately).
    if not person.is_empty and not household.members.exists():
        person_add(
            actor=actor,
            household=household,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            bsn=person.bsn,
            phone=person.phone,
            email=person.email,
        )

    try:
        with transaction.atomic():
            case = Case.objects.create(
                household=household,
                team=household.team,
                status=Status.REGISTERED,
                source=source,
                channel=channel,
                domains=domains,
                urgency=urgency,
                question=question,
                registered_by=actor,
            )
    except IntegrityError:
        raise _open_case_conflict(household) from None
    StatusChange.objects.create(
        case=case, transition="register", from_status="", to_status=Status.REGISTERED, by=actor
    )
    case_themes_add(actor=actor, case=case, themes=chosen_themes)
    logger.info("case_registered case=%s team=%s source=%s", case.pk, case.team_id, source)
    return case


def _director_membership_clean(*, case: Case, membership: Membership) -> Membership:
    if membership.team_id != case.team_id or not membership.is_active:
        raise DomainError(
            _("The case director must be an active member or expert member of the case's team."),
            code="invalid_director",
            field="director",
        )
    return membership


def _reason_clean(transition: str, reason: str) -> str:
    choices = REASONS.get(transition)
    if choices is None:
        return ""
    if reason not in choices.values:
        raise DomainError(_("Choose a reason."), code="reason_required", field="reason")
    return reason


def _target_of(case: Case, transition: str) -> str:
    """The state ``transition`` leads to from the case's state, or a clear refusal. Every
    transition starts here, so this is also where a restricted file (AVG art. 18) is refused."""
    household_require_unrestricted(household_id=case.household_id)
    target = TRANSITIONS.get((case.status, transition))
    if target is None:
        raise ConflictError(
            _("A case that is '%(status)s' cannot be given the step '%(transition)s'.")
            % {"status": Status(case.status).label, "transition": Transition(transition).label},
            code="illegal_transition",
            field="transition",
        )
    return target


def _move(
    *,
    actor: User,
    case: Case,
    transition: str,
    expected_version: int | None,
    reason: str = "",
    note: str = "",
    extra_fields: dict | None = None,
) -> Case:
    """Apply one transition from the table: conditional on the state and version seen."""
    target = _target_of(case, transition)
    reason = _reason_clean(transition, reason)
    now = timezone.now()
    fields = {"status": target, "status_changed_at": now, **(extra_fields or {})}
    if target in {Status.CLOSED, Status.TRANSFERRED, Status.STOPPED}:
        fields["closed_at"] = now
    elif target in OPEN_STATES:
        fields["closed_at"] = None
    source_status = case.status
    query = Case.objects.filter(pk=case.pk, status=source_status)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    try:
        with transaction.atomic():
            updated = query.update(version=F("version") + 1, **fields)
    except IntegrityError:
        # Reopening while the household has another open case.
        if target in OPEN_STATES:
            raise _open_case_conflict(case.household) from None
        raise
    if not updated:
        raise ConflictError(
            _(
                "Someone else changed this case in the meantime. Reload the page "
                "to see their change, then try again."
            ),
            code="stale_version",
        )
    StatusChange.objects.create(
        case=case,
        transition=transition,
        from_status=source_status,
        to_status=target,
        reason=reason,
        note=note.strip(),
        by=actor,
    )
    case.refresh_from_db()
    access_log_record_change(instance=case, action="update")  # .update() sends no signal
    logger.info("case_%s case=%s from=%s to=%s", transition, case.pk, source_status, target)
    return case


def _assign_director(*, actor: User, case: Case, membership: Membership, reason: str) -> None:
    now = timezone.now()
    DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    DirectorAssignment.objects.create(
        case=case, membership=membership, by=actor, reason=reason.strip()
    )


@transaction.atomic
def case_start_intake(
    *, actor: User, case: Case, director: Membership, expected_version: int | None, note: str = ""
) -> Case:
    """Take a registration out of the inbox: it gets its case director and an empty plan."""
    from wijkteam.plans.services import plan_get_or_create

    _target_of(case, Transition.START_INTAKE)
    _director_membership_clean(case=case, membership=director)
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.START_INTAKE,
        expected_version=expected_version,
        note=note,
        extra_fields={"director": director},
    )
    _assign_director(actor=actor, case=case, membership=director, reason=note)
    plan_get_or_create(case=case)
    return case


@transaction.atomic
def case_hand_over(
    *, actor: User, case: Case, to: Membership, expected_director_id: int | None, reason: str
) -> Case:
    """Hand direction over to another member: explicit, with a reason, recorded.

    ``expected_director_id`` is the director the actor saw; if someone handed over in the
    meantime, this refuses instead of overwriting, so two simultaneous hand-overs cannot both
    succeed.
    """
    if not case.is_open or case.status == Status.REGISTERED:
        raise ConflictError(
            _("Direction can only be handed over on an open case after intake."),
            code="illegal_transition",
        )
    _director_membership_clean(case=case, membership=to)
    if not (reason or "").strip():
        raise DomainError(
            _("Say why direction is handed over."), code="reason_required", field="reason"
        )
    if to.pk == case.director_id:
        raise DomainError(
            _("This member already directs the case."), code="same_director", field="director"
        )
    # Conditional on the state too: a case ended in the meantime gets no new director.
    updated = Case.objects.filter(
        pk=case.pk,
        director_id=expected_director_id,
        status__in=[Status.INTAKE, Status.PLAN_ACTIVE],
    ).update(director=to, version=F("version") + 1)
    if not updated:
        raise ConflictError(
            _(
                "Direction of this case was changed in the meantime. Reload the "
                "page to see who directs it now."
            ),
            code="stale_director",
        )
    _assign_director(actor=actor, case=case, membership=to, reason=reason)
    # A warm hand-over: the former director stays on the case as a member (and so keeps
    # seeing the file) until the new director takes them off.
    if expected_director_id is not None:
        CaseMember.objects.get_or_create(
            case=case, membership_id=expected_director_id, defaults={"added_by": actor}
        )
    case.refresh_from_db()
    access_log_record_change(instance=case, action="update")  # .update() sends no signal
    logger.info("case_director_handed_over case=%s", case.pk)
    return case


@transaction.atomic
def case_activate_plan(
    *, actor: User, case: Case, expected_version: int | None, note: str = ""
) -> Case:
    """Agree the plan with the resident: it needs at least one goal with an action."""
    from wijkteam.plans.models import Action
    from wijkteam.plans.services import plan_revision_create

    # The state first: an illegal move is refused as such, not as an empty plan.
    _target_of(case, Transition.ACTIVATE_PLAN)
    if not Action.objects.filter(goal__plan__case=case).exists():
        raise DomainError(
            _("A plan needs at least one goal with an action before it can start."),
            code="plan_empty",
        )
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.ACTIVATE_PLAN,
        expected_version=expected_version,
        note=note,
    )
    plan_revision_create(actor=actor, plan=case.plan, note=note or _("Plan agreed"))
    return case


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    reason: str,
    outcomes: dict[int, str],
    closing_scores: dict[str, int],
    assessed_on: date | None = None,
    note: str = "",
) -> Case:
    """Close with an outcome per goal, a closing ZRM and a reason."""
    from wijkteam.plans.models import Goal, Outcome
    from wijkteam.plans.services import plan_revision_create
    from wijkteam.zrm.models import AssessmentKind
    from wijkteam.zrm.services import assessment_create

    _target_of(case, Transition.CLOSE)
    goals = list(Goal.objects.filter(plan__case=case))
    missing = [goal for goal in goals if outcomes.get(goal.pk) not in Outcome.values]
    if missing:
        raise DomainError(
            _("Record for every goal whether it was reached."),
            code="outcome_required",
            field="outcomes",
            extra={"goal_ids": [goal.pk for goal in missing]},
        )
    if not closing_scores:
        raise DomainError(
            _("Score the closing ZRM on at least one domain."),
            code="closing_zrm_required",
            field="closing_scores",
        )
    for goal in goals:
        Goal.objects.filter(pk=goal.pk).update(outcome=outcomes[goal.pk], version=goal.version + 1)
        access_log_record_change(instance=goal, action="update")
    assessment_create(
        actor=actor,
        case=case,
        kind=AssessmentKind.CLOSING,
        assessed_on=assessed_on or timezone.localdate(),
        scores=closing_scores,
    )
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.CLOSE,
        expected_version=expected_version,
        reason=reason,
        note=note,
    )
    plan_revision_create(actor=actor, plan=case.plan, note=_("Plan closed"))
    DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    return case


@transaction.atomic
def case_stop(
    *, actor: User, case: Case, expected_version: int | None, reason: str, note: str = ""
) -> Case:
    """End a case early: declined, moved, unreachable, or answered without a case."""
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.STOP,
        expected_version=expected_version,
        reason=reason,
        note=note,
    )
    DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    return case


# What a transfer shares, with whom and why: the ground it needs (``sharing_require``).
TRANSFER_SHARING: dict[str, tuple[str, str]] = {
    TransferReason.SPECIALIST: (Party.SPECIALIST_CARE, Purpose.REFERRAL),
    TransferReason.OTHER_TEAM: (Party.OTHER_TEAM, Purpose.DIRECTION_TRANSFER),
}


@transaction.atomic
def case_transfer(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    reason: str,
    note: str = "",
    to_team: Team | None = None,
    override_reason: str = "",
) -> Case:
    """Transfer to specialist care, or to another team, where it lands in that team's inbox.

    Returns the transferred case; for another team, the household moves with a new case
    registered there, so the new team's inbox shows it and its history stays here. Data goes
    out, so a ground for sharing must allow it, or the team coordinator overrides with
    ``override_reason``; otherwise ``SharingRefused`` (``wijkteam.sharing.services``).
    """
    if reason == TransferReason.OTHER_TEAM and (to_team is None or to_team.pk == case.team_id):
        raise DomainError(
            _("Choose the team to transfer to."), code="team_required", field="to_team"
        )
    # The step itself first: an illegal or incomplete transfer is refused as such.
    _target_of(case, Transition.TRANSFER)
    party, purpose = TRANSFER_SHARING[_reason_clean(Transition.TRANSFER, reason)]
    sharing_require(
        actor=actor,
        household=case.household,
        party=party,
        purpose=purpose,
        action="case_transfer",
        override_reason=override_reason,
    )
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.TRANSFER,
        expected_version=expected_version,
        reason=reason,
        note=note,
    )
    DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if reason == TransferReason.OTHER_TEAM and to_team is not None:
        Household.objects.filter(pk=case.household_id).update(team=to_team)
        access_log_record_change(instance=case.household, action="update")
        new_case = Case.objects.create(
            household=case.household,
            team=to_team,
            status=Status.REGISTERED,
            source=Source.OTHER_PARTNER,
            channel=case.channel,
            domains=case.domains,
            urgency=case.urgency,
            question=case.question,
            registered_by=actor,
        )
        StatusChange.objects.create(
            case=new_case,
            transition="register",
            from_status="",
            to_status=Status.REGISTERED,
            by=actor,
            note=_("Transferred from %(team)s") % {"team": case.team},
        )
    return case


@transaction.atomic
def case_reopen(
    *, actor: User, case: Case, expected_version: int | None, reason: str, note: str = ""
) -> Case:
    """Reopen a closed or stopped case within ``WIJKTEAM_REOPEN_DAYS``; it returns to intake
    with its last director, if that member is still active in the team."""
    _target_of(case, Transition.REOPEN)
    limit = timedelta(days=settings.WIJKTEAM_REOPEN_DAYS)
    if case.closed_at and timezone.now() - case.closed_at > limit:
        raise ConflictError(
            _("This case ended more than %(days)s days ago. Register a new question instead.")
            % {"days": settings.WIJKTEAM_REOPEN_DAYS},
            code="reopen_term_passed",
        )
    last = (
        DirectorAssignment.objects.filter(case=case)
        .select_related("membership")
        .order_by("-started_at", "-pk")
        .first()
    )
    director = last.membership if last else None
    if director is None:
        raise ConflictError(
            _(
                "This case ended before anyone directed it. Register the question again so "
                "the team can pick it up from its inbox."
            ),
            code="invalid_director",
        )
    if not director.is_active or director.team_id != case.team_id:
        raise DomainError(
            _(
                "The last case director is no longer in the team. Register a new "
                "question so the team can choose a director."
            ),
            code="invalid_director",
        )
    case = _move(
        actor=actor,
        case=case,
        transition=Transition.REOPEN,
        expected_version=expected_version,
        reason=reason,
        note=note,
        extra_fields={"director": director},
    )
    _assign_director(actor=actor, case=case, membership=director, reason=note)
    # The outcomes belonged to the close; they stay in its plan revision. A reopened plan is
    # open again, goal by goal.
    from wijkteam.plans.models import Goal

    for goal in Goal.objects.filter(plan__case=case).exclude(outcome=""):
        Goal.objects.filter(pk=goal.pk).update(outcome="", version=F("version") + 1)
        access_log_record_change(instance=goal, action="update")
    return case


def case_transition(
    *,
    actor: User,
    case: Case,
    transition: str,
    expected_version: int | None,
    reason: str = "",
    note: str = "",
    to_team: Team | None = None,
    override_reason: str = "",
) -> Case:
    """The transitions that need nothing but a reason (stop, transfer, reopen, activate).

    Starting intake (needs a director) and closing (needs outcomes and a ZRM) have their own
    services; calling them through here is refused with a pointer to what is missing.
    """
    if transition == Transition.STOP:
        return case_stop(
            actor=actor, case=case, expected_version=expected_version, reason=reason, note=note
        )
    if transition == Transition.TRANSFER:
        return case_transfer(
            actor=actor,
            case=case,
            expected_version=expected_version,
            reason=reason,
            note=note,
            to_team=to_team,
            override_reason=override_reason,
        )
    if transition == Transition.REOPEN:
        return case_reopen(
            actor=actor, case=case, expected_version=expected_version, reason=reason, note=note
        )
    if transition == Transition.ACTIVATE_PLAN:
        return case_activate_plan(
            actor=actor, case=case, expected_version=expected_version, note=note
        )
    _target_of(case, transition)
    raise DomainError(
        _("This step needs more information; use its own form."),
        code="use_specific_step",
        field="transition",
    )


def case_add_member(*, actor: User, case: Case, membership: Membership) -> CaseMember:
    household_require_unrestricted(household_id=case.household_id)
    if membership.team_id != case.team_id or not membership.is_active:
        raise DomainError(
            _("Only active members of the case's team can be added."),
            code="invalid_member",
            field="membership",
        )
    member, _created = CaseMember.objects.get_or_create(
        case=case, membership=membership, defaults={"added_by": actor}
    )
    return member


def contact_add(
    *,
    actor: User,
    case: Case,
    kind: str = ContactKind.PHONE,
    date: date | None = None,
    duration_minutes: int = 30,
    note: str = "",
) -> Contact:
    """Record a contact moment. Defaults: today, by phone, half an hour."""
    household_require_unrestricted(household_id=case.household_id)
    _choice_clean(kind, choices=ContactKind, field="kind")
    contact_date = date or timezone.localdate()
    if contact_date > timezone.localdate():
        raise DomainError(
            _("A contact cannot lie in the future."), code="date_in_future", field="date"
        )
    if not 0 < duration_minutes <= 24 * 60:
        raise DomainError(
            _("Enter a duration between 1 minute and 24 hours."),
            code="invalid_duration",
            field="duration_minutes",
        )
    if case.status not in OPEN_STATES:
        raise ConflictError(
            _("Contacts are recorded on an open case. Reopen it first."), code="case_not_open"
        )
    contact = Contact.objects.create(
        case=case,
        kind=kind,
        date=contact_date,
        duration_minutes=duration_minutes,
        note=note.strip(),
        by=actor,
    )
    logger.info("contact_added case=%s kind=%s", case.pk, kind)
    return contact
