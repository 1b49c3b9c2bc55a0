"""Writes on teams: importing and exporting teams and their members as CSV, one row per
membership.

Users created by an import get no usable password, so no password ever travels in a
spreadsheet; an administrator gives them one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wijkteam.access.roles import is_coordinator_of
from wijkteam.accounts.models import User
from wijkteam.areas.models import TeamArea
from wijkteam.core.concurrency import stale_version_error, update_versioned
from wijkteam.core.csvio import (
    ImportRefused,
    ImportSummary,
    RowCheck,
    csv_rows_read,
    csv_rows_write,
    record_update,
)
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.teams.models import Function, Membership, Organisation, Team, TeamNorm

TEAM_COLUMNS = (
    "team_name",
    "area_code",
    "team_phone",
    "team_email",
    "username",
    "first_name",
    "last_name",
    "email",
    "function",
    "organisation",
    "fte",
    "is_expert",
)
MEMBER_COLUMNS = TEAM_COLUMNS[4:]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Member:
    username: str
    first_name: str
    last_name: str
    email: str
    function: str
    organisation: str
    fte: Decimal
    is_expert: bool


@dataclass(frozen=True)
class _Row:
    row: int
    team_name: str
    area: TeamArea
    team_phone: str
    team_email: str
    # None for a row that describes a team without members.
    member: _Member | None


def _area_find(code: str) -> TeamArea | None:
    """The area with ``code``; codes are unique per municipality, so with several
    municipalities loaded the one this instance serves wins."""
    areas = list(TeamArea.objects.filter(code=code).select_related("municipality"))
    if len(areas) > 1:
        areas = [a for a in areas if a.municipality.code == settings.WIJKTEAM_MUNICIPALITY_CODE]
    return areas[0] if len(areas) == 1 else None


def _row_parse(check: RowCheck, areas: dict[str, TeamArea | None]) -> _Row | None:
    errors_before = len(check.errors)
    team_name = check.text("team_name", max_length=100)
    area_code = check.slug("area_code")
    if area_code and area_code not in areas:
        areas[area_code] = _area_find(area_code)
    area = areas.get(area_code)
    if area_code and area is None:
        check.fail(
            "area_code",
            _("There is no team area with this code. Import the areas first."),
            "unknown_area",
        )
    team_phone = check.text("team_phone", max_length=30, required=False)
    team_email = check.email("team_email")

    member = None
    if any(check.values.get(column) for column in MEMBER_COLUMNS):
        username = check.text("username", max_length=150)
        if username:
            try:
                User.username_validator(username)
            except ValidationError:
                check.fail(
                    "username",
                    _("A username has only letters, digits and @ . + - _ characters."),
                    "invalid_username",
                )
        member = _Member(
            username=username,
            first_name=check.text("first_name", max_length=150, required=False),
            last_name=check.text("last_name", max_length=150, required=False),
            email=check.email("email"),
            function=check.choice("function", Function.values),
            organisation=check.text("organisation", max_length=150),
            fte=check.fraction("fte"),
            is_expert=check.boolean("is_expert"),
        )
    if len(check.errors) > errors_before:
        return None
    return _Row(
        row=check.row,
        team_name=team_name,
        area=area,
        team_phone=team_phone,
        team_email=team_email,
        member=member,
    )


def _rows_check(raw_rows: list[tuple[int, dict[str, str]]]) -> list[_Row]:
    errors: list[DomainError] = []
    areas: dict[str, TeamArea | None] = {}
    rows = []
    for number, values in raw_rows:
        row = _row_parse(RowCheck(row=number, values=values, errors=errors), areas)
        if row is not None:
            rows.append(row)

    seen: dict = {}
    teams_by_area = dict(Team.objects.values_list("area_id", "name"))
    for row in rows:
        check = RowCheck(row=row.row, values={}, errors=errors)
        check.same_as_before("area_code", row.area.pk, seen, ("team-area", row.team_name))
        check.same_as_before("team_phone", row.team_phone, seen, ("team-phone", row.team_name))
        check.same_as_before("team_email", row.team_email, seen, ("team-email", row.team_name))
        # One area, one team: the file and the database must agree on who serves it.
        check.same_as_before("area_code", row.team_name, seen, ("area-team", row.area.pk))
        serving = teams_by_area.get(row.area.pk)
        if serving is not None and serving != row.team_name:
            check.fail(
                "area_code",
                _("This area is already served by team %(team)s; one area has one team.")
                % {"team": serving},
                "area_has_team",
            )
        member = row.member
        if member is None:
            continue
        person = ("user", member.username)
        check.same_as_before("first_name", member.first_name, seen, (*person, "first"))
        check.same_as_before("last_name", member.last_name, seen, (*person, "last"))
        check.same_as_before("email", member.email, seen, (*person, "email"))
        first = seen.setdefault(("membership", row.team_name, member.username), row.row)
        if first != row.row:
            check.fail(
                "username",
                _("This member is already in this team on row %(row)d.") % {"row": first},
                "duplicate_membership",
            )
    if errors:
        errors.sort(key=lambda error: error.extra["row"])
        raise ImportRefused(errors)
    return rows


def teams_import(*, stream: TextIO) -> ImportSummary:
    """Load teams and memberships from CSV (``TEAM_COLUMNS``), all or nothing.

    Teams are matched on name, users on username, organisations on name, memberships on team
    and user; they are created or updated, and nothing the file leaves out is removed. A row
    with the member columns empty describes a team without members. Raises ``ImportRefused``
    listing every bad row.
    """
    rows = _rows_check(csv_rows_read(stream=stream, columns=TEAM_COLUMNS))
    created = updated = 0

    def count(was_created: bool, was_changed: bool) -> None:
        nonlocal created, updated
        created += was_created
        updated += was_changed and not was_created

    with transaction.atomic():
        teams: dict[str, Team] = {}
        users: dict[str, User] = {}
        organisations: dict[str, Organisation] = {}
        for row in rows:
            if row.team_name not in teams:
                team, was_created = Team.objects.get_or_create(
                    name=row.team_name,
                    defaults={"area": row.area, "phone": row.team_phone, "email": row.team_email},
                )
                count(
                    was_created,
                    record_update(team, area=row.area, phone=row.team_phone, email=row.team_email),
                )
                teams[row.team_name] = team
            member = row.member
            if member is None:
                continue

            if member.username not in users:
                user = User.objects.filter(username=member.username).first()
                if user is None:
                    user = User(
                        username=member.username,
                        first_name=member.first_name,
                        last_name=member.last_name,
                        email=member.email,
                    )
                    user.set_unusable_password()
                    user.save()
                    count(True, False)
                else:
                    count(
                        False,
                        record_update(
                            user,
                            first_name=member.first_name,
                            last_name=member.last_name,
                            email=member.email,
                        ),
                    )
                users[member.username] = user

            if member.organisation not in organisations:
                organisation, was_created = Organisation.objects.get_or_create(
                    name=member.organisation
                )
                count(was_created, False)
                organisations[member.organisation] = organisation

            fields = {
                "function": member.function,
                "organisation": organisations[member.organisation],
                "fte": member.fte,
                "is_expert": member.is_expert,
                "is_active": True,
            }
            membership = Membership.objects.filter(
                team=teams[row.team_name], user=users[member.username]
            ).first()
            if membership is None:
                Membership.objects.create(
                    team=teams[row.team_name], user=users[member.username], **fields
                )
                count(True, False)
            else:
                count(False, record_update(membership, **fields))
    return ImportSummary(rows=len(rows), created=created, updated=updated)


def teams_export(*, stream: TextIO) -> int:
    """Write every team with its active members as CSV in the import format; the number of
    rows. A team without active members gets one row with the member columns empty."""
    rows = []
    teams = Team.objects.select_related("area").order_by("name")
    memberships = (
        Membership.objects.filter(is_active=True)
        .select_related("user", "organisation")
        .order_by("user__username")
    )
    by_team: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_team.setdefault(membership.team_id, []).append(membership)
    for team in teams:
        base = {
            "team_name": team.name,
            "area_code": team.area.code,
            "team_phone": team.phone,
            "team_email": team.email,
        }
        members = by_team.get(team.pk, [])
        if not members:
            rows.append({**base, **dict.fromkeys(MEMBER_COLUMNS, "")})
        for membership in members:
            rows.append(
                {
                    **base,
                    "username": membership.user.username,
                    "first_name": membership.user.first_name,
                    "last_name": membership.user.last_name,
                    "email": membership.user.email,
                    "function": membership.function,
                    "organisation": membership.organisation.name,
                    "fte": f"{membership.fte:.2f}",
                    "is_expert": "true" if membership.is_expert else "false",
                }
            )
    csv_rows_write(stream=stream, columns=TEAM_COLUMNS, rows=rows)
    return len(rows)


# Norms -----------------------------------------------------------------------------------------

# The ranges the database also checks (``TeamNorm.Meta.constraints``), with the field each is
# about: a value outside is refused with a clear message before it gets there.
NORM_RANGES: dict[str, tuple[int, int]] = {
    "caseload_norm": (1, 200),
    "fulltime_hours": (1, 60),
    "first_contact_working_days": (1, 60),
    "plan_term_days": (1, 365),
}


def team_norm_set(
    *,
    actor: User,
    team: Team,
    caseload_norm: int,
    fulltime_hours: int,
    first_contact_working_days: int,
    plan_term_days: int,
    expected_version: int,
) -> TeamNorm:
    """Set the team's norms. Only the team's coordinator may; ``expected_version`` is the
    version the coordinator saw (0 while the team still has the defaults), and a change someone
    made in the meantime is refused with 409 ``stale_version``."""
    if not is_coordinator_of(user=actor, team=team):
        raise Forbidden(_("Only the team coordinator sets the team's norms."), code="not_allowed")
    values = {
        "caseload_norm": caseload_norm,
        "fulltime_hours": fulltime_hours,
        "first_contact_working_days": first_contact_working_days,
        "plan_term_days": plan_term_days,
    }
    for field, value in values.items():
        low, high = NORM_RANGES[field]
        if value is None or not low <= int(value) <= high:
            raise DomainError(
                _("Fill in a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
                code="invalid_norm",
                field=field,
            )
    stale = stale_version_error()
    with transaction.atomic():
        norm = TeamNorm.objects.select_for_update().filter(team=team).first()
        if norm is None:
            if expected_version != 0:
                raise stale
            try:
                with transaction.atomic():
                    norm = TeamNorm.objects.create(team=team, set_by=actor, **values)
            except IntegrityError:
                raise stale from None
        else:
            norm = update_versioned(
                norm, expected_version=expected_version, fields={**values, "set_by": actor}
            )
    team.norm = norm  # what ``team_norm_get`` reads from now on, not a cached older row
    logger.info("team_norm_set team=%s version=%s", team.pk, norm.version)
    return norm
