"""The end of a file's life: retention terms, pseudonymisation and deletion.

``manage.py apply_retention`` and an erasure request (``services.household_erase``) both end in
``household_dispose``. What it does is the municipality's choice (``WIJKTEAM_RETENTION_ACTION``):

- **pseudonymise** (default): everything that identifies the household goes (names, BSN, phone,
  e-mail, street, house number, the letters of the postcode, the exact date of birth, every
  free text: questions, notes, goals, actions, reasons), while dates, statuses, life domains,
  stepped-care levels and ZRM scores stay, so the monitoring counts of earlier years stay right;
- **delete**: the household, its persons and cases and everything under them are removed.

Either way an ``Erasure`` row (ids and counts only) and one access-log entry record it, and a
pseudonymised household is never processed twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import F, Max, ProtectedError, Q
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import ENDED_STATES, OPEN_STATES, Transition
from wijkteam.cases.models import Case
from wijkteam.households.models import Household, HouseholdRole
from wijkteam.rights.models import Erasure, ErasureAction, ErasureGround, Restriction

logger = logging.getLogger(__name__)

ADULT_AGE = 18

# Free text and identifying details per client model, blanked on pseudonymisation:
# (model label, lookup from that model to its household's id, fields -> value).
# Models of apps that are not installed are skipped, so optional apps need no special case.
# ``test_retention.py`` fails when a client model gets a free-text field that is not listed here.
SCRUB: list[tuple[str, str, dict[str, Any]]] = [
    (
        "households.person",
        "household_id",
        {"given_name": "", "family_name": "", "bsn": "", "phone": "", "email": ""},
    ),
    (
        "households.household",
        "pk",
        {"street": "", "house_number": None, "house_number_suffix": ""},
    ),
    ("cases.case", "household_id", {"question": ""}),
    ("cases.statuschange", "case__household_id", {"note": ""}),
    ("cases.directorassignment", "case__household_id", {"reason": ""}),
    ("cases.contact", "case__household_id", {"note": ""}),
    ("cases.conferenceconclusion", "item__case__household_id", {"text": ""}),
    ("plans.goal", "plan__case__household_id", {"description": "", "outcome_note": ""}),
    (
        "plans.action",
        "goal__plan__case__household_id",
        {"description": "", "performer_name": "", "step_reason": ""},
    ),
    ("plans.planrevision", "plan__case__household_id", {"note": ""}),
    ("zrm.assessment", "case__household_id", {"note": ""}),
    ("rights.rectification", "household_id", {"old_value": "", "new_value": "", "reason": ""}),
    ("rights.restriction", "household_id", {"reason": "", "lift_reason": ""}),
    (
        "sharing.sharingground",
        "household_id",
        {"party_name": "", "purpose_detail": "", "consent_scope": "", "withdrawal_reason": ""},
    ),
    ("sharing.sharingoverride", "household_id", {"reason": ""}),
    ("access.emergencyaccess", "household_id", {"reason": ""}),
    ("residents.residentnote", "case__household_id", {"text": ""}),
    ("budget.spendingrequest", "household_id", {"purpose": "", "decision_reason": ""}),
    (
        "backoffice.advice",
        "household_id",
        {"provision": "", "reasons": "", "tried": "", "withdrawal_reason": ""},
    ),
    ("backoffice.advicedecision", "advice__household_id", {"reason": ""}),
    (
        "backoffice.breakthrough",
        "household_id",
        {"blocking_rule": "", "solution": "", "reasons": "", "resolution": ""},
    ),
    ("backoffice.breakthroughevent", "breakthrough__household_id", {"note": ""}),
]
# Text that is not about the client: codes and the names of provisions or legal articles.
SCRUB_KEEP: set[str] = {"sharing.sharingground.legal_task_other"}

# Keys of a plan revision's snapshot that hold free text.
SNAPSHOT_TEXT = ("description", "performer_name", "step_reason", "outcome_note")


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _years_after(moment: date | datetime, years: int) -> date | datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year + years, day=28)


# Terms --------------------------------------------------------------------------------------------


def case_is_youth(*, case: Case, members: list[Any]) -> bool:
    """Whether the case falls under the Jeugdwet's longer term: a member of the household was a
    minor when the case was registered (by date of birth), or is a child whose date of birth is
    not known. The household is counted as a whole, because the file is one file."""
    registered = timezone.localtime(case.registered_at).date()
    for person in members:
        if person.date_of_birth is not None:
            if _years_after(person.date_of_birth, ADULT_AGE) > registered:
                return True
        elif person.role == HouseholdRole.CHILD:
            return True
    return False


def retention_years(*, youth: bool) -> int:
    if youth:
        return max(settings.WIJKTEAM_RETENTION_YEARS_YOUTH, settings.WIJKTEAM_RETENTION_YEARS)
    return settings.WIJKTEAM_RETENTION_YEARS


def case_kept_until(*, case: Case, members: list[Any]) -> datetime | None:
    """The moment the case's retention term ends (from the end of the case), or ``None`` while
    it is open."""
    if case.status not in ENDED_STATES or case.closed_at is None:
        return None
    years = retention_years(youth=case_is_youth(case=case, members=members))
    return _years_after(case.closed_at, years)


def case_ended_at_registration(case: Case) -> bool:
    """A registration that ended (stopped, transferred) before anyone took it into intake: the
    team never worked on it, so nothing obliges keeping it."""
    return (
        case.status in ENDED_STATES
        and not case.status_changes.filter(transition=Transition.START_INTAKE).exists()
    )


def erasure_blocked_until(*, household: Household, now: datetime | None = None) -> date | None:
    """``None`` when the law allows erasing the household's ended cases now; else the date from
    which it will. Open cases are the caller's concern."""
    now = now or timezone.now()
    members = list(household.members.all())
    until = None
    for case in household.cases.all():
        if case_ended_at_registration(case):
            continue
        kept = case_kept_until(case=case, members=members)
        if kept is not None and kept > now:
            until = max(until, kept) if until else kept
    return timezone.localtime(until).date() if until else None


def households_due(*, now: datetime | None = None) -> list[Household]:
    """Households whose every case ended and whose retention term has passed for all of them,
    and that were not erased before."""
    now = now or timezone.now()
    shortest = min(settings.WIJKTEAM_RETENTION_YEARS, settings.WIJKTEAM_RETENTION_YEARS_YOUTH)
    cutoff = _years_after(now, -shortest)
    candidates = (
        Household.objects.exclude(pk__in=Erasure.objects.values("household_id"))
        .exclude(cases__status__in=OPEN_STATES)
        .annotate(last_closed=Max("cases__closed_at"))
        .filter(Q(last_closed__lt=cutoff) | Q(last_closed__isnull=True, created_at__lt=cutoff))
        .select_related("team")
        .prefetch_related("members", "cases")
        .order_by("pk")
    )
    due = []
    for household in candidates:
        members = list(household.members.all())
        cases = list(household.cases.all())
        if not cases:
            if _years_after(household.created_at, settings.WIJKTEAM_RETENTION_YEARS) <= now:
                due.append(household)
            continue
        kept = [case_kept_until(case=case, members=members) for case in cases]
        if all(until is not None and until <= now for until in kept):
            due.append(household)
    return due


# Disposal -----------------------------------------------------------------------------------------


def _household_pseudonymise(household: Household) -> None:
    """Blank identifying data and free text in place; one UPDATE per kind of record."""
    for label, path, values in SCRUB:
        model = _model(label)
        if model is None:
            continue
        names = {f.name for f in model._meta.get_fields()}
        fields = {name: value for name, value in values.items() if name in names}
        if "version" in names:
            fields["version"] = F("version") + 1  # an edit form still open is refused
        model._default_manager.filter(**{path: household.pk}).update(**fields)
    # What cannot be one UPDATE: keep only what the aggregates use.
    postcode = household.postcode[:4]
    Household.objects.filter(pk=household.pk).update(postcode=postcode)
    for person in household.members.exclude(date_of_birth=None):
        # The year keeps age groups countable; the day identifies.
        type(person).objects.filter(pk=person.pk).update(
            date_of_birth=date(person.date_of_birth.year, 1, 1)
        )
    revision_model = _model("plans.planrevision")
    if revision_model is not None:
        for revision in revision_model.objects.filter(plan__case__household_id=household.pk):
            revision_model.objects.filter(pk=revision.pk).update(
                snapshot=_snapshot_scrubbed(revision.snapshot)
            )
    _resident_accounts_end(household, delete=False)


def _snapshot_scrubbed(snapshot: Any) -> Any:
    if isinstance(snapshot, dict):
        return {
            key: ""
            if key in SNAPSHOT_TEXT and isinstance(value, str)
            else _snapshot_scrubbed(value)
            for key, value in snapshot.items()
        }
    if isinstance(snapshot, list):
        return [_snapshot_scrubbed(item) for item in snapshot]
    return snapshot


def _resident_accounts_end(household: Household, *, delete: bool) -> None:
    """A resident's login belongs to the person and ends with the file. The user row stays (the
    access log points to it) but loses its name and e-mail and can no longer log in; on deletion
    the link goes too, since it would hold on to the person."""
    account_model = _model("residents.residentaccount")
    if account_model is None:
        return
    accounts = account_model.objects.filter(person__household=household)
    User.objects.filter(pk__in=accounts.values("user_id")).update(
        first_name="", last_name="", email="", is_active=False, password=make_password(None)
    )
    if delete:
        accounts.delete()


def _household_delete(household: Household) -> None:
    _resident_accounts_end(household, delete=True)
    # Records that protect the household from deletion, where their apps are installed.
    emergency = _model("access.emergencyaccess")
    if emergency is not None:
        emergency.objects.filter(household=household).delete()
    Case.objects.filter(household=household).delete()
    household.delete()


def household_dispose(*, household: Household, ground: str, by: User | None = None) -> Erasure:
    """Pseudonymise or delete one household's file, as configured; record it and log it once.

    Runs in one transaction: a failure leaves the file as it was.
    """
    from wijkteam.rights.services import erasure_log

    action = settings.WIJKTEAM_RETENTION_ACTION
    with transaction.atomic():
        erasure = Erasure.objects.create(
            household_id=household.pk,
            team=household.team,
            action=action,
            ground=ground,
            case_count=household.cases.count(),
            by=by,
        )
        if action == ErasureAction.DELETE:
            _household_delete(household)
        else:
            _household_pseudonymise(household)
        event = "retention_applied" if ground == ErasureGround.RETENTION else "household_erased"
        erasure_log(household_id=erasure.household_id, action=action, event=event)
    logger.info(
        "household_disposed household=%s action=%s ground=%s", erasure.household_id, action, ground
    )
    return erasure


# The scheduled run ------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    """What a run did (or would do): counts per team and per action, never names."""

    dry_run: bool
    action: str
    years: int
    youth_years: int
    run_at: datetime
    households: int = 0
    cases: int = 0
    per_team: dict[str, dict[str, int]] = field(default_factory=dict)
    failed: int = 0
    restricted: int = 0  # due, but kept while processing is restricted (AVG art. 18)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "action": self.action,
            "retention_years": self.years,
            "retention_years_youth": self.youth_years,
            "run_at": self.run_at.isoformat(),
            "households": self.households,
            "cases": self.cases,
            "failed": self.failed,
            "kept_restricted": self.restricted,
            "per_team": self.per_team,
        }


def retention_apply(*, dry_run: bool = True, now: datetime | None = None) -> RetentionReport:
    """Pseudonymise or delete every household past its term; with ``dry_run`` only count."""
    now = now or timezone.now()
    action = settings.WIJKTEAM_RETENTION_ACTION
    report = RetentionReport(
        dry_run=dry_run,
        action=action,
        years=settings.WIJKTEAM_RETENTION_YEARS,
        youth_years=settings.WIJKTEAM_RETENTION_YEARS_YOUTH,
        run_at=now,
    )
    per_team: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    restricted = set(
        Restriction.objects.filter(lifted_at__isnull=True).values_list("household_id", flat=True)
    )
    for household in households_due(now=now):
        team = household.team.name
        case_count = len(household.cases.all())
        if household.pk in restricted:
            # Restricted, e.g. kept for a legal claim: not erased until the restriction is lifted.
            report.restricted += 1
            per_team[team]["kept_restricted"] += 1
            continue
        if not dry_run:
            try:
                household_dispose(household=household, ground=ErasureGround.RETENTION)
            except ProtectedError:
                # Another app's record still holds on to it: reported, left as it is.
                report.failed += 1
                per_team[team]["failed"] += 1
                logger.warning("retention_failed household=%s reason=protected", household.pk)
                continue
        report.households += 1
        report.cases += case_count
        per_team[team][action] += 1
    report.per_team = {team: dict(counts) for team, counts in sorted(per_team.items())}
    logger.info(
        "retention_run dry_run=%s action=%s households=%s cases=%s failed=%s",
        dry_run,
        action,
        report.households,
        report.cases,
        report.failed,
    )
    return report


__all__ = [
    "SCRUB",
    "RetentionReport",
    "case_is_youth",
    "case_kept_until",
    "erasure_blocked_until",
    "household_dispose",
    "households_due",
    "retention_apply",
]
