"""Writes on collective activities: what community work does about neighbourhood signals.

An activity belongs to one team and runs in (part of) its area. Linking a signal takes the
signal up (``signal_take_up``); participation is appended as the community worker tallies it
(numbers, never names); ending records the outcome. The life of an activity is the one table
``ACTIVITY_TRANSITIONS`` below.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.community.models import (
    ActivityKind,
    ActivityOutcome,
    ActivitySignal,
    ActivityStatus,
    CollectiveActivity,
    NeighbourhoodSignal,
    Participation,
    SignalStatus,
)
from wijkteam.community.roles import may_work_on
from wijkteam.community.services.signals import signal_take_up
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.socialmap.models import Provision
from wijkteam.teams.models import Team

logger = logging.getLogger(__name__)

ACTIVITY_START = "start"
ACTIVITY_END = "end"

# (from status, move) -> to status. Anything not listed is refused. Recording participation on
# a planned activity starts it; an ended activity stays ended (start a new one).
ACTIVITY_TRANSITIONS: dict[tuple[str, str], str] = {
    (ActivityStatus.PLANNED, ACTIVITY_START): ActivityStatus.RUNNING,
    (ActivityStatus.PLANNED, ACTIVITY_END): ActivityStatus.ENDED,
    (ActivityStatus.RUNNING, ACTIVITY_END): ActivityStatus.ENDED,
}

# Fields ``activity_update`` may change (besides neighbourhoods and themes).
EDITABLE = ("kind", "name", "description", "starts_on", "ends_on")


def activity_worker_require(*, actor: User, team: Team | int) -> None:
    """Refuse (403) anyone but the team's community workers and coordinator."""
    if not may_work_on(user=actor, team=team):
        raise Forbidden(
            _("Only the community workers and the coordinator of the team run its activities."),
            code="not_community_worker",
        )


def _not_ended(activity: CollectiveActivity) -> None:
    if activity.status == ActivityStatus.ENDED:
        raise ConflictError(
            _("This activity has ended; start a new one to go on."), code="activity_ended"
        )


def _move(activity: CollectiveActivity, move: str) -> str:
    target = ACTIVITY_TRANSITIONS.get((activity.status, move))
    if target is None:
        raise ConflictError(
            _("This activity is %(status)s; that step is not possible now.")
            % {"status": activity.get_status_display().lower()},
            code="invalid_transition",
        )
    return target


def _fields_check(values: dict[str, Any]) -> dict[str, Any]:
    """The activity's own fields, cleaned; the first problem raised at its field."""
    kind = values.get("kind") or ""
    if kind not in ActivityKind.values:
        raise DomainError(
            _("Choose what kind of activity it is."), code="invalid_kind", field="kind"
        )
    name = (values.get("name") or "").strip()
    if not name:
        raise DomainError(_("Give the activity a name."), code="required", field="name")
    if len(name) > 150:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": 150}, code="max_length", field="name"
        )
    description = (values.get("description") or "").strip()
    if kind == ActivityKind.MUNICIPALITY_REQUEST and not description:
        raise DomainError(
            _("Say what is asked of the municipality, and why."),
            code="required",
            field="description",
        )
    if len(description) > 2000:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": 2000},
            code="max_length",
            field="description",
        )
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(
            _("The end date lies before the start date."), code="ends_before_start", field="ends_on"
        )
    return {
        "kind": kind,
        "name": name,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _neighbourhoods_check(team: Team, neighbourhoods: Iterable[Neighbourhood]) -> list:
    chosen = list({n.pk: n for n in neighbourhoods}.values())
    if any(n.area_id != team.area_id for n in chosen):
        raise DomainError(
            _("Choose neighbourhoods in the team's own area."),
            code="neighbourhood_outside_area",
            field="neighbourhoods",
        )
    return chosen


def _themes_check(themes: Iterable[Theme], *, current: Iterable[Theme] = ()) -> list:
    chosen = list({theme.pk: theme for theme in themes}.values())
    kept = {theme.pk for theme in current}
    if any(not theme.is_active and theme.pk not in kept for theme in chosen):
        raise DomainError(
            _("That theme is no longer in use. Choose another one."),
            code="theme_inactive",
            field="themes",
        )
    return chosen


def _signals_check(team: Team | int, signals: Iterable[NeighbourhoodSignal]) -> list:
    team_id = team if isinstance(team, int) else team.pk
    chosen = list({signal.pk: signal for signal in signals}.values())
    if any(signal.team_id != team_id for signal in chosen):
        raise DomainError(
            _("Link only signals of the activity's own team."),
            code="signal_other_team",
            field="signals",
        )
    if any(signal.status == SignalStatus.CLOSED for signal in chosen):
        raise DomainError(
            _("That signal is closed. Reopen it first if the activity answers it."),
            code="signal_closed",
            field="signals",
        )
    return chosen


def _provisions_check(provisions: Iterable[Provision]) -> list:
    chosen = list({provision.pk: provision for provision in provisions}.values())
    if any(not provision.is_active for provision in chosen):
        raise DomainError(
            _("This provision is no longer offered. Choose another one."),
            code="provision_inactive",
            field="provisions",
        )
    return chosen


def _signals_link(*, actor: User, activity: CollectiveActivity, signals: list) -> None:
    linked = set(
        ActivitySignal.objects.filter(activity=activity).values_list("signal_id", flat=True)
    )
    for signal in signals:
        if signal.pk in linked:
            continue
        ActivitySignal.objects.create(activity=activity, signal=signal, added_by=actor)
        signal_take_up(actor=actor, signal=signal)
        logger.info("activity_signal_linked activity=%s signal=%s", activity.pk, signal.pk)


@transaction.atomic
def activity_create(
    *,
    actor: User,
    team: Team,
    kind: str,
    name: str,
    description: str = "",
    neighbourhoods: Iterable[Neighbourhood] = (),
    themes: Iterable[Theme] = (),
    signals: Iterable[NeighbourhoodSignal] = (),
    provisions: Iterable[Provision] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> CollectiveActivity:
    """A collective activity of ``team``, planned; linking ``signals`` takes them up.

    No neighbourhoods means the team's whole area. A request to the municipality says what is
    asked and why (``description``)."""
    activity_worker_require(actor=actor, team=team)
    values = _fields_check(
        {
            "kind": kind,
            "name": name,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
    )
    chosen_neighbourhoods = _neighbourhoods_check(team, neighbourhoods)
    chosen_themes = _themes_check(themes)
    chosen_signals = _signals_check(team, signals)
    chosen_provisions = _provisions_check(provisions)
    activity = CollectiveActivity.objects.create(team=team, created_by=actor, **values)
    activity.neighbourhoods.set(chosen_neighbourhoods)
    activity.themes.set(chosen_themes)
    activity.provisions.set(chosen_provisions)
    _signals_link(actor=actor, activity=activity, signals=chosen_signals)
    logger.info("activity_created activity=%s team=%s kind=%s", activity.pk, team.pk, kind)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: CollectiveActivity,
    expected_version: int | None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    themes: Iterable[Theme] | None = None,
    **changes: Any,
) -> CollectiveActivity:
    """Change an activity that has not ended, only if nobody changed it since
    ``expected_version`` (409 ``stale_version``). Fields left out keep their value."""
    activity_worker_require(actor=actor, team=activity.team_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields: {sorted(unknown)}")
    _not_ended(activity)
    data = {name: getattr(activity, name) for name in EDITABLE}
    data.update(changes)
    values = _fields_check(data)
    team = activity.team
    chosen_neighbourhoods = (
        None if neighbourhoods is None else _neighbourhoods_check(team, neighbourhoods)
    )
    chosen_themes = None if themes is None else _themes_check(themes, current=activity.themes.all())
    activity = update_versioned(activity, expected_version=expected_version, fields=values)
    if chosen_neighbourhoods is not None:
        activity.neighbourhoods.set(chosen_neighbourhoods)
    if chosen_themes is not None:
        activity.themes.set(chosen_themes)
    logger.info("activity_updated activity=%s version=%s", activity.pk, activity.version)
    return activity


@transaction.atomic
def activity_link_signal(
    *, actor: User, activity: CollectiveActivity, signal: NeighbourhoodSignal
) -> CollectiveActivity:
    """The activity answers ``signal`` (of its own team): the signal is taken up. Linking a
    signal that is already linked changes nothing."""
    activity_worker_require(actor=actor, team=activity.team_id)
    _not_ended(activity)
    _signals_link(
        actor=actor, activity=activity, signals=_signals_check(activity.team_id, [signal])
    )
    return activity


@transaction.atomic
def activity_link_provisions(
    *, actor: User, activity: CollectiveActivity, provisions: Iterable[Provision]
) -> CollectiveActivity:
    """Link provisions of the social map the activity created or uses (active ones)."""
    activity_worker_require(actor=actor, team=activity.team_id)
    _not_ended(activity)
    chosen = _provisions_check(provisions)
    activity.provisions.add(*chosen)
    logger.info("activity_provisions_linked activity=%s count=%s", activity.pk, len(chosen))
    return activity


@transaction.atomic
def activity_unlink_provision(
    *, actor: User, activity: CollectiveActivity, provision: Provision
) -> CollectiveActivity:
    activity_worker_require(actor=actor, team=activity.team_id)
    _not_ended(activity)
    activity.provisions.remove(provision)
    logger.info("activity_provision_unlinked activity=%s provision=%s", activity.pk, provision.pk)
    return activity


@transaction.atomic
def activity_provisions_set(
    *, actor: User, activity: CollectiveActivity, provisions: Iterable[Provision]
) -> CollectiveActivity:
    """Make the linked provisions exactly ``provisions``: those left out are unlinked, new
    ones linked (active ones only)."""
    activity_worker_require(actor=actor, team=activity.team_id)
    _not_ended(activity)
    current = {provision.pk: provision for provision in activity.provisions.all()}
    wanted = {provision.pk: provision for provision in provisions}
    for pk_gone in current.keys() - wanted.keys():
        activity_unlink_provision(actor=actor, activity=activity, provision=current[pk_gone])
    added = [wanted[pk_new] for pk_new in wanted.keys() - current.keys()]
    if added:
        activity_link_provisions(actor=actor, activity=activity, provisions=added)
    return activity


@transaction.atomic
def activity_start(
    *, actor: User, activity: CollectiveActivity, expected_version: int | None
) -> CollectiveActivity:
    """A planned activity starts running."""
    activity_worker_require(actor=actor, team=activity.team_id)
    target = _move(activity, ACTIVITY_START)
    activity = update_versioned(
        activity, expected_version=expected_version, fields={"status": target}
    )
    logger.info("activity_started activity=%s", activity.pk)
    return activity


@transaction.atomic
def participation_add(
    *,
    actor: User,
    activity: CollectiveActivity,
    on: date,
    participants: int,
    new_participants: int = 0,
    volunteers: int = 0,
    note: str = "",
) -> Participation:
    """Append a count of who took part on ``on``, as the community worker tallied it. A
    planned activity is running from its first count."""
    activity_worker_require(actor=actor, team=activity.team_id)
    _not_ended(activity)
    if on is None:
        raise DomainError(_("Enter the date."), code="required", field="on")
    for field_name, value in (
        ("participants", participants),
        ("new_participants", new_participants),
        ("volunteers", volunteers),
    ):
        if value is None or value < 0:
            raise DomainError(
                _("Enter a number of 0 or more."), code="invalid_number", field=field_name
            )
    if new_participants > participants:
        raise DomainError(
            _("There cannot be more new participants than participants."),
            code="new_above_total",
            field="new_participants",
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": 500}, code="max_length", field="note"
        )
    if activity.status == ActivityStatus.PLANNED:
        update_versioned(
            activity,
            expected_version=None,
            fields={"status": _move(activity, ACTIVITY_START)},
        )
    participation = Participation.objects.create(
        activity=activity,
        on=on,
        participants=participants,
        new_participants=new_participants,
        volunteers=volunteers,
        note=note,
        recorded_by=actor,
    )
    logger.info("activity_participation_added activity=%s", activity.pk)
    return participation


@transaction.atomic
def activity_end(
    *,
    actor: User,
    activity: CollectiveActivity,
    outcome: str,
    outcome_note: str = "",
    ends_on: date | None = None,
    expected_version: int | None,
) -> CollectiveActivity:
    """End the activity with its outcome; when the aim was not reached, say why in words."""
    activity_worker_require(actor=actor, team=activity.team_id)
    target = _move(activity, ACTIVITY_END)
    if outcome not in ActivityOutcome.values:
        raise DomainError(_("Choose the outcome."), code="required", field="outcome")
    outcome_note = (outcome_note or "").strip()
    if outcome == ActivityOutcome.NOT_REACHED and not outcome_note:
        raise DomainError(
            _("Say why the aim was not reached."), code="required", field="outcome_note"
        )
    if len(outcome_note) > 2000:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": 2000},
            code="max_length",
            field="outcome_note",
        )
    ends_on = ends_on or activity.ends_on
    if ends_on and activity.starts_on and ends_on < activity.starts_on:
        raise DomainError(
            _("The end date lies before the start date."), code="ends_before_start", field="ends_on"
        )
    activity = update_versioned(
        activity,
        expected_version=expected_version,
        fields={
            "status": target,
            "outcome": outcome,
            "outcome_note": outcome_note,
            "ends_on": ends_on,
        },
    )
    logger.info("activity_ended activity=%s outcome=%s", activity.pk, outcome)
    return activity
