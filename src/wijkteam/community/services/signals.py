"""Writes on neighbourhood signals: filing, taking up, closing, reopening."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.community.lifecycle import SIGNAL_TRANSITIONS, SignalMove
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalClosure,
    SignalOrigin,
    SignalStatus,
    SignalStatusChange,
)
from wijkteam.community.roles import may_work_on, teams_of_member
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.teams.models import Team

# Who files a signal through ``signal_file``: a team member, for themself or on behalf of a
# partner or a residents' initiative. Residents file through ``signal_file_by_resident``;
# ``detected`` is the detection's alone.
FILING_ORIGINS = (
    SignalOrigin.PROFESSIONAL,
    SignalOrigin.PARTNER,
    SignalOrigin.RESIDENTS_INITIATIVE,
)
# The same as choices, for forms and the API (and its schema's enum name, settings.py).
FILING_ORIGIN_CHOICES = [
    (value, label) for value, label in SignalOrigin.choices if value in FILING_ORIGINS
]
DESCRIPTION_MAX_LENGTH = 2000

logger = logging.getLogger(__name__)


def worker_require(*, actor: User, signal: NeighbourhoodSignal) -> None:
    if not may_work_on(user=actor, team=signal.team_id):
        raise Forbidden(
            _("Only the community workers and the coordinator of the team act on its signals."),
            code="not_community_worker",
        )


@transaction.atomic
def signal_transition(
    *,
    actor: User,
    signal: NeighbourhoodSignal,
    move: str,
    closure: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> NeighbourhoodSignal:
    """Move ``signal`` along ``SIGNAL_TRANSITIONS``, appending the step to its history.

    Closing needs how it ended; closing with no action, and reopening, need the reason in words.
    """
    worker_require(actor=actor, signal=signal)
    target = SIGNAL_TRANSITIONS.get((signal.status, move))
    if target is None:
        raise ConflictError(
            _("This signal is %(status)s; that step is not possible now.")
            % {"status": signal.get_status_display().lower()},
            code="invalid_transition",
        )
    note = (note or "").strip()
    if move == SignalMove.CLOSE:
        if closure not in SignalClosure.values:
            raise DomainError(_("Choose how the signal ended."), code="required", field="closure")
        if closure == SignalClosure.NO_ACTION and not note:
            raise DomainError(
                _("Say why nothing is done with this signal."), code="required", field="note"
            )
    elif move == SignalMove.REOPEN and not note:
        raise DomainError(_("Say why the signal is reopened."), code="required", field="note")
    else:
        closure = ""
    before = signal.status
    update_versioned(
        signal,
        expected_version=expected_version,
        fields={
            "status": target,
            "closure": closure if target == SignalStatus.CLOSED else "",
            "closure_note": note if target == SignalStatus.CLOSED else "",
        },
    )
    SignalStatusChange.objects.create(
        signal=signal, from_status=before, to_status=target, closure=closure, note=note, by=actor
    )
    logger.info("signal_%s signal=%s team=%s", move, signal.pk, signal.team_id)
    return signal


def signal_take_up(*, actor: User, signal: NeighbourhoodSignal) -> NeighbourhoodSignal:
    """Mark ``signal`` as taken up (linking a collective activity does this). A signal already
    taken up stays so; a closed one must be reopened first."""
    if signal.status == SignalStatus.TAKEN_UP:
        worker_require(actor=actor, signal=signal)
        return signal
    return signal_transition(actor=actor, signal=signal, move=SignalMove.TAKE_UP)


def _description_clean(description: str) -> str:
    description = (description or "").strip()
    if not description:
        raise DomainError(
            _("Describe what was noticed, without naming people or house numbers."),
            code="required",
            field="description",
        )
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise DomainError(
            _("Use at most %(n)d characters.") % {"n": DESCRIPTION_MAX_LENGTH},
            code="too_long",
            field="description",
        )
    return description


def _theme_clean(theme: Theme | None) -> Theme | None:
    if theme is not None and not theme.is_active:
        raise DomainError(
            _("This theme is no longer in use; choose another."), code="inactive", field="theme"
        )
    return theme


def _signal_create(
    *,
    actor: User,
    team: Team,
    neighbourhood: Neighbourhood,
    theme: Theme | None,
    origin: str,
    description: str,
    reported_by: str,
) -> NeighbourhoodSignal:
    signal = NeighbourhoodSignal.objects.create(
        team=team,
        neighbourhood=neighbourhood,
        theme=theme,
        origin=origin,
        description=description,
        reported_by=reported_by,
        created_by=actor,
    )
    SignalStatusChange.objects.create(
        signal=signal, from_status="", to_status=SignalStatus.NEW, by=actor
    )
    logger.info("signal_filed signal=%s team=%s origin=%s", signal.pk, team.pk, origin)
    return signal


def filer_require(*, actor: User) -> None:
    """Filing is for members of a neighbourhood team (403 for anyone else)."""
    if not teams_of_member(user=actor).exists():
        raise Forbidden(
            _("Members of a neighbourhood team file signals for their own area."),
            code="not_team_member",
        )


@transaction.atomic
def signal_file(
    *,
    actor: User,
    neighbourhood: Neighbourhood,
    theme: Theme | None = None,
    origin: str,
    description: str,
    reported_by: str = "",
) -> NeighbourhoodSignal:
    """A team member files a signal for a neighbourhood of their own team's area, seen by
    themself (``professional``) or brought to them by a partner or a residents' initiative;
    the signal goes to that area's team. The description is required and names no one."""
    if origin not in FILING_ORIGINS:
        raise DomainError(
            _("Choose who noticed it: the team, a partner or a residents' initiative."),
            code="invalid_origin",
            field="origin",
        )
    filer_require(actor=actor)
    team = teams_of_member(user=actor).filter(area_id=neighbourhood.area_id).first()
    if team is None:
        raise DomainError(
            _("Choose a neighbourhood in the area of your own team."),
            code="outside_area",
            field="neighbourhood",
        )
    reported_by = (reported_by or "").strip()
    if origin != SignalOrigin.PROFESSIONAL and not reported_by:
        raise DomainError(
            _("Name the organisation or initiative that reported it."),
            code="required",
            field="reported_by",
        )
    if len(reported_by) > 150:
        raise DomainError(
            _("Use at most %(n)d characters.") % {"n": 150}, code="too_long", field="reported_by"
        )
    return _signal_create(
        actor=actor,
        team=team,
        neighbourhood=neighbourhood,
        theme=_theme_clean(theme),
        origin=origin,
        description=_description_clean(description),
        reported_by=reported_by,
    )


@transaction.atomic
def signal_file_by_resident(
    *, actor: User, description: str, theme: Theme | None = None
) -> NeighbourhoodSignal:
    """A logged-in resident tells the team of their own neighbourhood what they notice there.
    The neighbourhood and team are those of the resident's household; a household without a
    known neighbourhood cannot file one (the resident is told to call the team)."""
    from wijkteam.residents.selectors import resident_household_of

    household = resident_household_of(user=actor)
    if household is None:
        raise NotFoundOrHidden("not a resident")
    if household.neighbourhood_id is None:
        raise DomainError(
            _(
                "We do not know your neighbourhood. Call or e-mail the neighbourhood team to "
                "tell them what you notice."
            ),
            code="no_neighbourhood",
        )
    neighbourhood = household.neighbourhood
    team = Team.objects.filter(area_id=neighbourhood.area_id).first() or household.team
    return _signal_create(
        actor=actor,
        team=team,
        neighbourhood=neighbourhood,
        theme=_theme_clean(theme),
        origin=SignalOrigin.RESIDENT,
        description=_description_clean(description),
        reported_by="",
    )


def signal_close(
    *,
    actor: User,
    signal: NeighbourhoodSignal,
    closure: str,
    note: str = "",
    expected_version: int | None,
) -> NeighbourhoodSignal:
    """Close ``signal``: how it ended, and why when nothing was done."""
    return signal_transition(
        actor=actor,
        signal=signal,
        move=SignalMove.CLOSE,
        closure=closure,
        note=note,
        expected_version=expected_version,
    )


def signal_reopen(
    *, actor: User, signal: NeighbourhoodSignal, note: str, expected_version: int | None
) -> NeighbourhoodSignal:
    """Reopen a closed signal, saying why."""
    return signal_transition(
        actor=actor,
        signal=signal,
        move=SignalMove.REOPEN,
        note=note,
        expected_version=expected_version,
    )
