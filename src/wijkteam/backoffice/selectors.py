"""Reads of advices, decisions, contacts and breakthrough requests, for the acting user only.

Need-to-know (ADR 0010): the back office does not see household files. It sees what the team
sent it: sent advices (with the person they are for, since a decision names them) and
breakthrough requests, and the households they concern by reference only. The team sees all of
this on the case, through ``households_visible_to``. Reading one advice or request is
access-logged for its household, like any read of client data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.audit.models import LogAction
from wijkteam.audit.services import access_log_read, access_log_record
from wijkteam.backoffice import terms
from wijkteam.backoffice.models import (
    Advice,
    AdviceDecision,
    AdviceStatus,
    BackOfficeContact,
    Breakthrough,
    BreakthroughStatus,
)
from wijkteam.backoffice.services import household_involves_back_office, is_back_office
from wijkteam.cases.models import Case
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.models import Household
from wijkteam.households.selectors import households_visible_to

PAGE_SIZE = 25
REFERENCE_PREFIXES = {"ADV-": "pk", "HH-": "household_id", "C-": "case_id"}

_T = TypeVar("_T")


# Advices -----------------------------------------------------------------------------------


def _advices() -> QuerySet[Advice]:
    return Advice.objects.select_related(
        "case__team", "household", "person", "created_by", "sent_by", "withdrawn_by"
    )


def advices_visible_to(*, user: User) -> QuerySet[Advice]:
    """For the team: the advices of the households whose file ``user`` sees (drafts too). For
    the back office: every sent advice (a draft is the team's own until sent)."""
    if not user.is_authenticated or not user.is_active:
        return Advice.objects.none()
    condition = Q(household__in=households_visible_to(user=user))
    if is_back_office(user=user):
        condition |= ~Q(status=AdviceStatus.DRAFT)
    return _advices().filter(condition)


def _read_or_hidden(
    obj: _T | None, *, event: str, object_type: str, pk: int, household_id: int | None
) -> _T:
    """Log the read of one record (found or not), then give it or raise ``NotFoundOrHidden``."""
    access_log_read(event=event, object_type=object_type, object_id=pk, household_id=household_id)
    if obj is None:
        raise NotFoundOrHidden("not found")
    return obj


def advice_get(*, user: User, pk: int) -> Advice:
    advice = advices_visible_to(user=user).filter(pk=pk).first()
    return _read_or_hidden(
        advice,
        event="advice_viewed",
        object_type="backoffice.advice",
        pk=pk,
        household_id=advice and advice.household_id,
    )


def advice_get_for_team(*, user: User, pk: int) -> Advice:
    """An advice of a household whose file ``user`` sees: for the team's own actions on it."""
    advice = (
        _advices().filter(household__in=households_visible_to(user=user), pk=pk).first()
        if user.is_authenticated
        else None
    )
    if advice is None:
        raise NotFoundOrHidden("not found")
    return advice


@dataclass(frozen=True)
class AdviceTerms:
    investigation: terms.Term | None
    decision: terms.Term | None

    @property
    def overdue(self) -> bool:
        return bool(self.decision and self.decision.is_overdue)


def advice_terms(*, advice: Advice, today: date | None = None) -> AdviceTerms:
    """The statutory terms of an advice and where they stand: the investigation is done when
    the advice is sent, the decision when the first decision is taken."""
    today = today or timezone.localdate()
    sent_on = timezone.localtime(advice.sent_at).date() if advice.sent_at else None
    decided_on = getattr(advice, "first_decided_at", None)
    if decided_on is None and advice.status not in (AdviceStatus.DRAFT, AdviceStatus.SENT):
        first = advice.decisions.order_by("decided_at", "pk").first() if advice.pk else None
        decided_on = first.decided_at if first else None
    decided_day = timezone.localtime(decided_on).date() if decided_on else None
    if advice.status == AdviceStatus.WITHDRAWN:
        # A withdrawn advice waits for nothing: its decision term no longer runs.
        decided_day = timezone.localtime(advice.withdrawn_at).date()
    investigation_due = terms.investigation_due(law=advice.law, requested_on=advice.requested_on)
    return AdviceTerms(
        investigation=terms.term_of(due=investigation_due, done_on=sent_on, today=today),
        decision=terms.term_of(due=advice.decision_due, done_on=decided_day, today=today),
    )


def current_decision(*, advice: Advice) -> AdviceDecision | None:
    return advice.decisions.filter(is_current=True).select_related("decided_by").first()


@dataclass(frozen=True)
class InboxRow:
    advice: Advice
    terms: AdviceTerms
    contact: str  # the household's back-office contact, "" when none


@dataclass(frozen=True)
class Inbox:
    state: str  # "waiting" or "decided"
    query: str
    page: Page
    rows: list[InboxRow]
    waiting_count: int
    overdue_count: int
    breakthroughs: list[Breakthrough]


def back_office_consultants() -> QuerySet[User]:
    """The active consultants of the back office, to choose a household's contact from."""
    return User.objects.filter(groups__name=ROLE_GROUPS[Role.BACK_OFFICE], is_active=True).order_by(
        "last_name", "username"
    )


def _reference_filter(query: str) -> Q | None:
    """``ADV-12``, ``HH-3`` or ``C-7`` (or a bare number, for an advice): the advices it
    names; ``None`` for something that is not a reference (nothing matches it)."""
    upper = query.strip().upper().replace(" ", "")
    for prefix, field in REFERENCE_PREFIXES.items():
        if upper.startswith(prefix) and upper[len(prefix) :].isdigit():
            return Q(**{field: int(upper[len(prefix) :])})
    if upper.isdigit():
        return Q(pk=int(upper))
    return None


def advices_with_reference(advices: QuerySet[Advice], *, query: str) -> QuerySet[Advice]:
    """``advices`` narrowed to those a typed reference names (see ``_reference_filter``); all of
    them for an empty query, none for something that is not a reference."""
    query = (query or "").strip()
    if not query:
        return advices
    condition = _reference_filter(query)
    return advices.filter(condition) if condition is not None else advices.none()


def back_office_inbox(
    *, user: User, state: str = "waiting", query: str = "", page: int | str = 1
) -> Inbox:
    """The back office's work: sent advices waiting for a decision, the one due first on top,
    or the decided ones, newest first; searchable by reference. A bounded number of queries
    whatever the number of advices. Empty for anyone not in the back office."""
    if not is_back_office(user=user):
        advices = Advice.objects.none()
    else:
        advices = _advices().exclude(status=AdviceStatus.DRAFT)
    waiting = advices.filter(status=AdviceStatus.SENT)
    today = timezone.localdate()
    overdue_count = waiting.filter(decision_due__lt=today).count()
    waiting_count = waiting.count()
    if state == "decided":
        listed = advices.exclude(status=AdviceStatus.SENT).order_by(
            F("decided_at").desc(nulls_last=True), "-pk"
        )
    else:
        state = "waiting"
        listed = waiting.order_by("decision_due", "sent_at", "pk")
    query = (query or "").strip()
    listed = advices_with_reference(listed, query=query)
    paginator = Paginator(listed, PAGE_SIZE)
    current = paginator.get_page(page)
    advices_on_page = list(current.object_list)
    first_decisions = dict(
        AdviceDecision.objects.filter(advice__in=advices_on_page)
        .order_by("advice_id", "-decided_at")
        .values_list("advice_id", "decided_at")
    )  # the last value per key wins: ordered newest first, so this is the first decision
    contacts = {
        contact.household_id: str(contact.user)
        for contact in BackOfficeContact.objects.filter(
            household_id__in={advice.household_id for advice in advices_on_page},
            ended_at__isnull=True,
        ).select_related("user")
    }
    rows = []
    for advice in advices_on_page:
        advice.first_decided_at = first_decisions.get(advice.pk)
        rows.append(
            InboxRow(
                advice=advice,
                terms=advice_terms(advice=advice, today=today),
                contact=contacts.get(advice.household_id, ""),
            )
        )
    breakthroughs = list(
        breakthroughs_visible_to(user=user)
        .filter(status__in=(BreakthroughStatus.SUBMITTED, BreakthroughStatus.IN_PROGRESS))
        .order_by("filed_at", "pk")[:PAGE_SIZE]
        if is_back_office(user=user)
        else []
    )
    access_log_record(
        event="back_office_inbox_viewed", action=LogAction.READ, result_count=len(rows)
    )
    return Inbox(
        state=state,
        query=query,
        page=current,
        rows=rows,
        waiting_count=waiting_count,
        overdue_count=overdue_count,
        breakthroughs=breakthroughs,
    )


# Breakthrough requests ---------------------------------------------------------------------


def breakthroughs_visible_to(*, user: User) -> QuerySet[Breakthrough]:
    """For the team: the requests of households whose file ``user`` sees. For the back office:
    every request (each was sent to it)."""
    if not user.is_authenticated or not user.is_active:
        return Breakthrough.objects.none()
    breakthroughs = Breakthrough.objects.select_related(
        "case", "household", "addressed_to", "filed_by"
    )
    if is_back_office(user=user):
        return breakthroughs
    return breakthroughs.filter(household__in=households_visible_to(user=user))


def breakthrough_get(*, user: User, pk: int) -> Breakthrough:
    breakthrough = breakthroughs_visible_to(user=user).filter(pk=pk).first()
    return _read_or_hidden(
        breakthrough,
        event="breakthrough_viewed",
        object_type="backoffice.breakthrough",
        pk=pk,
        household_id=breakthrough and breakthrough.household_id,
    )


# Contacts and households -------------------------------------------------------------------


def contact_current(*, household: Household) -> BackOfficeContact | None:
    return (
        BackOfficeContact.objects.select_related("user")
        .filter(household=household, ended_at__isnull=True)
        .first()
    )


def household_for_back_office(*, user: User, pk: int) -> Household:
    """A household the back office is involved with (by reference only: no file)."""
    household = Household.objects.filter(pk=pk).first() if is_back_office(user=user) else None
    if household is not None and not household_involves_back_office(household_id=household.pk):
        household = None
    return _read_or_hidden(
        household,
        event="back_office_household_viewed",
        object_type="households.household",
        pk=pk,
        household_id=household and household.pk,
    )


def household_for_contact(*, user: User, pk: int) -> Household:
    """A household whose contact ``user`` may read: who sees its file, or the back office
    when it is involved."""
    household = households_visible_to(user=user).filter(pk=pk).first()
    if household is not None:
        return household
    return household_for_back_office(user=user, pk=pk)


@dataclass(frozen=True)
class HouseholdBackOffice:
    household: Household
    contact: BackOfficeContact | None
    contact_history: list[BackOfficeContact]
    advices: list[Advice]
    breakthroughs: list[Breakthrough]


def household_back_office(*, household: Household, sent_only: bool) -> HouseholdBackOffice:
    """What is between the team and the back office on one household (already checked by the
    caller); ``sent_only`` leaves out the team's drafts, for the back office."""
    advices = _advices().filter(household=household).order_by("-created_at", "-pk")
    if sent_only:
        advices = advices.exclude(status=AdviceStatus.DRAFT)
    history = list(
        BackOfficeContact.objects.filter(household=household)
        .select_related("user", "assigned_by")
        .order_by("-started_at", "-pk")
    )
    return HouseholdBackOffice(
        household=household,
        contact=next((row for row in history if row.ended_at is None), None),
        contact_history=history,
        advices=list(advices),
        breakthroughs=list(
            Breakthrough.objects.filter(household=household)
            .select_related("addressed_to", "filed_by")
            .order_by("-filed_at", "-pk")
        ),
    )


@dataclass(frozen=True)
class CasePanel:
    advices: list[tuple[Advice, AdviceTerms, AdviceDecision | None]]
    contact: BackOfficeContact | None
    breakthroughs: list[Breakthrough]
    overdue_count: int


def case_back_office(*, case: Case) -> CasePanel:
    """The case page's view of the back office: the case's advices with their terms and current
    decisions, the household's contact, and the case's breakthrough requests. ``case`` came
    through ``case_get``, which checked access and logged the read."""
    advices = list(_advices().filter(case=case).order_by("-created_at", "-pk"))
    # One query for both: each advice's current decision, and its first one's time (ordered
    # newest first, so the last value per key wins and is the first decision).
    all_decisions = list(
        AdviceDecision.objects.filter(advice__in=advices)
        .select_related("decided_by")
        .order_by("advice_id", "-decided_at")
    )
    decisions = {decision.advice_id: decision for decision in all_decisions if decision.is_current}
    firsts = {decision.advice_id: decision.decided_at for decision in all_decisions}
    rows = []
    today = timezone.localdate()
    for advice in advices:
        advice.first_decided_at = firsts.get(advice.pk)
        rows.append((advice, advice_terms(advice=advice, today=today), decisions.get(advice.pk)))
    return CasePanel(
        advices=rows,
        contact=contact_current(household=case.household),
        breakthroughs=list(
            case.breakthroughs.select_related("addressed_to", "filed_by").order_by(
                "-filed_at", "-pk"
            )
        ),
        overdue_count=sum(1 for _advice, advice_terms_, _d in rows if advice_terms_.overdue),
    )
