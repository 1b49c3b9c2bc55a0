"""Writes on the social map: add, change, (de)activate provisions, and CSV import and export.

Only the functional administrator keeps the catalogue (``may_manage``). Every rule of a
provision is checked in one place, ``_fields_check``, which collects all problems instead of
stopping at the first, so the CSV import reports every bad cell of a file at once (all or
nothing, like the area and team imports) and a form shows the first problem at its field.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from wijkteam.access.roles import Role, has_role
from wijkteam.accounts.models import User
from wijkteam.areas.models import Municipality, Neighbourhood, TeamArea
from wijkteam.areas.selectors import municipality_current
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.csvio import (
    ImportRefused,
    ImportSummary,
    RowCheck,
    csv_rows_read,
    csv_rows_write,
    row_error,
)
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.socialmap.models import KIND_STEPS, Provision, ProvisionKind

logger = logging.getLogger(__name__)

# The CSV format of import_social_map and export_social_map (docs/social-map.md). Lists inside a
# cell (life domains, team areas, neighbourhoods) are separated by "|".
PROVISION_COLUMNS = (
    "municipality_code",
    "name",
    "provider",
    "kind",
    "step",
    "life_domains",
    "team_areas",
    "neighbourhoods",
    "description",
    "conditions",
    "phone",
    "email",
    "website",
    "address",
    "active",
)
LIST_SEPARATOR = "|"
# Which CSV column shows a problem with which field.
FIELD_COLUMNS = {
    "municipality": "municipality_code",
    "domains": "life_domains",
    "areas": "team_areas",
    "is_active": "active",
}
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")

# Fields a change may set (besides the areas and neighbourhoods).
EDITABLE = (
    "name",
    "description",
    "kind",
    "step",
    "domains",
    "provider",
    "phone",
    "email",
    "website",
    "address",
    "conditions",
    "is_active",
)


def may_manage(*, user: User) -> bool:
    """The functional administrator keeps the social map; every staff member reads it."""
    return has_role(user, Role.FUNCTIONAL_ADMIN)


def manager_require(*, actor: User | None) -> None:
    """Refuse (403 ``not_allowed``) anyone but the functional administrator; ``None`` is the
    operator running a command."""
    if actor is not None and not may_manage(user=actor):
        raise Forbidden(
            _("Only the functional administrator changes the social map."), code="not_allowed"
        )


def _exists_conflict() -> ConflictError:
    """The unique constraint caught the same name and provider added at the same moment."""
    return ConflictError(
        _("The social map already has this provision of this provider."),
        code="provision_exists",
        field="name",
    )


# Checking ----------------------------------------------------------------------------------------


@dataclass
class _Checked:
    values: dict[str, Any] = field(default_factory=dict)
    areas: list[TeamArea] = field(default_factory=list)
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    errors: list[DomainError] = field(default_factory=list)

    def fail(self, field_name: str, message: str, code: str = "invalid") -> None:
        self.errors.append(DomainError(message, code=code, field=field_name))


def _text(checked: _Checked, name: str, value: Any, *, max_length: int, required: bool) -> None:
    value = (value or "").strip()
    if required and not value:
        checked.fail(name, _("Fill this in."), "required")
    elif len(value) > max_length:
        checked.fail(name, _("At most %(max)d characters.") % {"max": max_length}, "max_length")
    checked.values[name] = value


def domains_clean(values: list[str]) -> list[str]:
    """Stored life domains in catalogue order, without doubles; unknown values refused."""
    unknown = sorted(set(values) - set(LifeDomain.values))
    if unknown:
        raise DomainError(
            _("Unknown life domain: %(values)s. Use: %(known)s.")
            % {"values": ", ".join(unknown), "known": ", ".join(LifeDomain.values)},
            code="invalid_domain",
            field="domains",
        )
    if not values:
        raise DomainError(
            _("Choose at least one life domain, so the provision is found from a plan goal."),
            code="required",
            field="domains",
        )
    chosen = set(values)
    return [value for value in LifeDomain.values if value in chosen]


def _fields_check(
    *,
    municipality: Municipality,
    data: dict[str, Any],
    areas: list[TeamArea],
    neighbourhoods: list[Neighbourhood],
    pk: int | None = None,
    twin_check: bool = True,
) -> _Checked:
    """Every rule of a provision; all problems collected in ``errors``. ``twin_check=False``
    for the import, which matches on name and provider: the twin is the row's own provision."""
    checked = _Checked()
    _text(checked, "name", data.get("name"), max_length=150, required=True)
    _text(checked, "provider", data.get("provider"), max_length=150, required=True)
    _text(checked, "description", data.get("description"), max_length=2000, required=False)
    _text(checked, "conditions", data.get("conditions"), max_length=1000, required=False)
    _text(checked, "address", data.get("address"), max_length=200, required=False)

    kind = data.get("kind") or ""
    if kind not in ProvisionKind.values:
        checked.fail(
            "kind",
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(ProvisionKind.values)},
            "invalid_kind",
        )
    checked.values["kind"] = kind
    step = data.get("step")
    expected = KIND_STEPS.get(kind)
    if step in (None, ""):
        step = expected
    else:
        try:
            step = int(step)
        except (TypeError, ValueError):
            step = 0
        if expected is not None and step != expected:
            checked.fail(
                "step",
                _("A provision of the kind “%(kind)s” is at step %(step)d of stepped care.")
                % {"kind": ProvisionKind(kind).label, "step": expected},
                "step_not_kind",
            )
    checked.values["step"] = step

    try:
        checked.values["domains"] = domains_clean(list(data.get("domains") or []))
    except DomainError as error:
        checked.errors.append(error)

    phone = (data.get("phone") or "").strip()
    if phone and not PHONE_RE.match(phone):
        checked.fail(
            "phone", _("Enter a phone number of digits, e.g. 023-5123456."), "invalid_phone"
        )
    checked.values["phone"] = phone
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            checked.fail("email", _("Enter a valid e-mail address."), "invalid_email")
    checked.values["email"] = email
    website = (data.get("website") or "").strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            checked.fail(
                "website",
                _("Enter a full web address, starting with https://."),
                "invalid_website",
            )
        if len(website) > 200:
            checked.fail("website", _("At most %(max)d characters.") % {"max": 200})
    checked.values["website"] = website
    checked.values["is_active"] = bool(data.get("is_active", True))

    # Where: areas of this municipality; a neighbourhood inside a chosen area adds nothing.
    if any(area.municipality_id != municipality.pk for area in areas):
        checked.fail("areas", _("Choose team areas of this municipality."), "invalid_area")
    area_ids = {area.pk for area in areas}
    if any(n.area.municipality_id != municipality.pk for n in neighbourhoods):
        checked.fail(
            "neighbourhoods",
            _("Choose neighbourhoods of this municipality."),
            "invalid_neighbourhood",
        )
    checked.areas = list({area.pk: area for area in areas}.values())
    checked.neighbourhoods = [
        n for n in {n.pk: n for n in neighbourhoods}.values() if n.area_id not in area_ids
    ]

    name, provider = checked.values["name"], checked.values["provider"]
    if twin_check and name and provider:
        twin = _provision_find(municipality, name, provider)
        if twin is not None and twin.pk != pk:
            checked.errors.append(
                ConflictError(
                    _("The social map already has “%(name)s” of %(provider)s.")
                    % {"name": twin.name, "provider": twin.provider},
                    code="provision_exists",
                    field="name",
                    extra={"provision": twin.pk},
                )
            )
    return checked


def _raise_first(checked: _Checked) -> None:
    if checked.errors:
        raise checked.errors[0]


# Writes -----------------------------------------------------------------------------------------


@transaction.atomic
def provision_create(
    *,
    actor: User | None,
    name: str,
    provider: str,
    kind: str,
    domains: list[str],
    step: int | None = None,
    description: str = "",
    conditions: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    address: str = "",
    areas: list[TeamArea] = (),
    neighbourhoods: list[Neighbourhood] = (),
    is_active: bool = True,
    municipality: Municipality | None = None,
) -> Provision:
    """Add a provision to the social map (the functional administrator). ``step`` follows from
    ``kind`` when left out; no areas and no neighbourhoods means the whole municipality."""
    manager_require(actor=actor)
    municipality = municipality or municipality_current()
    data = {
        "name": name,
        "provider": provider,
        "kind": kind,
        "step": step,
        "domains": domains,
        "description": description,
        "conditions": conditions,
        "phone": phone,
        "email": email,
        "website": website,
        "address": address,
        "is_active": is_active,
    }
    checked = _fields_check(
        municipality=municipality,
        data=data,
        areas=list(areas),
        neighbourhoods=list(neighbourhoods),
    )
    _raise_first(checked)
    try:
        with transaction.atomic():
            provision = Provision.objects.create(municipality=municipality, **checked.values)
    except IntegrityError:  # the same name and provider added at the same moment
        raise _exists_conflict() from None
    provision.areas.set(checked.areas)
    provision.neighbourhoods.set(checked.neighbourhoods)
    logger.info("provision_created provision=%s step=%s", provision.pk, provision.step)
    return provision


@transaction.atomic
def provision_update(
    *,
    actor: User | None,
    provision: Provision,
    expected_version: int | None,
    areas: list[TeamArea] | None = None,
    neighbourhoods: list[Neighbourhood] | None = None,
    **changes: Any,
) -> Provision:
    """Change a provision, only if nobody changed it since ``expected_version`` (409
    ``stale_version`` otherwise). Fields left out keep their value."""
    manager_require(actor=actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"provision_update() got unexpected fields: {sorted(unknown)}")
    data = {name: getattr(provision, name) for name in EDITABLE}
    data.update(changes)
    if "kind" in changes and "step" not in changes:
        data["step"] = None  # follows the new kind
    current_areas = list(provision.areas.all())
    current_neighbourhoods = list(provision.neighbourhoods.select_related("area"))
    checked = _fields_check(
        municipality=provision.municipality,
        data=data,
        areas=current_areas if areas is None else list(areas),
        neighbourhoods=current_neighbourhoods if neighbourhoods is None else list(neighbourhoods),
        pk=provision.pk,
    )
    _raise_first(checked)
    try:
        with transaction.atomic():
            provision = update_versioned(
                provision, expected_version=expected_version, fields=checked.values
            )
    except IntegrityError:
        raise _exists_conflict() from None
    provision.areas.set(checked.areas)
    provision.neighbourhoods.set(checked.neighbourhoods)
    logger.info("provision_updated provision=%s version=%s", provision.pk, provision.version)
    return provision


def provision_set_active(
    *, actor: User | None, provision: Provision, active: bool, expected_version: int | None
) -> Provision:
    """Deactivate a provision that is no longer offered (plans that used it keep showing it), or
    activate it again. Provisions are never deleted from the UI or the API."""
    manager_require(actor=actor)
    provision = update_versioned(
        provision, expected_version=expected_version, fields={"is_active": active}
    )
    logger.info("provision_active_set provision=%s active=%s", provision.pk, active)
    return provision


# CSV --------------------------------------------------------------------------------------------


@dataclass
class _Row:
    row: int
    municipality: Municipality
    checked: _Checked
    existing: Provision | None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


@dataclass
class _Places:
    """A municipality's team areas and neighbourhoods by code, read once per import."""

    areas: dict[str, TeamArea]
    neighbourhoods: dict[str, list[Neighbourhood]]  # a code is unique within its area only


def _places_of(municipality: Municipality) -> _Places:
    neighbourhoods: dict[str, list[Neighbourhood]] = {}
    for neighbourhood in Neighbourhood.objects.filter(
        area__municipality=municipality
    ).select_related("area"):
        neighbourhoods.setdefault(neighbourhood.code, []).append(neighbourhood)
    return _Places(
        areas={area.code: area for area in TeamArea.objects.filter(municipality=municipality)},
        neighbourhoods=neighbourhoods,
    )


def _row_parse(
    number: int,
    values: dict[str, str],
    errors: list[DomainError],
    municipalities: dict[str, Municipality | None],
    places: dict[int, _Places],
) -> _Row | None:
    check = RowCheck(row=number, values=values, errors=errors)
    errors_before = len(errors)
    code = values.get("municipality_code", "") or settings.WIJKTEAM_MUNICIPALITY_CODE
    if code not in municipalities:
        municipalities[code] = Municipality.objects.filter(code=code).first()
    municipality = municipalities[code]
    if municipality is None:
        check.fail(
            "municipality_code",
            _("There is no municipality with this code. Import the areas first."),
            "unknown_municipality",
        )
        return None

    if municipality.pk not in places:
        places[municipality.pk] = _places_of(municipality)
    known = places[municipality.pk]
    area_codes = set(_split(values.get("team_areas", "")))
    areas = [known.areas[code] for code in area_codes if code in known.areas]
    missing = sorted(area_codes - set(known.areas))
    if missing:
        check.fail(
            "team_areas",
            _("No team area with the code %(codes)s.") % {"codes": ", ".join(missing)},
            "unknown_area",
        )
    neighbourhood_codes = set(_split(values.get("neighbourhoods", "")))
    neighbourhoods = [n for code in neighbourhood_codes for n in known.neighbourhoods.get(code, [])]
    missing = sorted(neighbourhood_codes - set(known.neighbourhoods))
    if missing:
        check.fail(
            "neighbourhoods",
            _("No neighbourhood with the code %(codes)s.") % {"codes": ", ".join(missing)},
            "unknown_neighbourhood",
        )
    step = values.get("step", "")
    if step and step not in {"1", "2", "3", "4"}:
        check.fail(
            "step", _("Enter a whole number from %(min)d to %(max)d.") % {"min": 1, "max": 4}
        )
        step = ""
    active = values.get("active", "")
    is_active = True if active == "" else check.boolean("active")
    existing = _provision_find(municipality, values.get("name", ""), values.get("provider", ""))
    checked = _fields_check(
        municipality=municipality,
        data={
            "name": values.get("name"),
            "provider": values.get("provider"),
            "kind": values.get("kind"),
            "step": step or None,
            "domains": _split(values.get("life_domains", "")),
            "description": values.get("description"),
            "conditions": values.get("conditions"),
            "phone": values.get("phone"),
            "email": values.get("email"),
            "website": values.get("website"),
            "address": values.get("address"),
            "is_active": is_active,
        },
        areas=areas,
        neighbourhoods=neighbourhoods,
        pk=existing.pk if existing else None,
        twin_check=False,
    )
    for error in checked.errors:
        errors.append(
            row_error(
                row=number,
                column=FIELD_COLUMNS.get(error.field or "", error.field),
                message=str(error.message),
                code=error.code,
            )
        )
    if len(errors) > errors_before:
        return None
    return _Row(row=number, municipality=municipality, checked=checked, existing=existing)


def provisions_import(*, stream: TextIO, actor: User | None = None) -> ImportSummary:
    """Load provisions from CSV (``PROVISION_COLUMNS``), all or nothing.

    Provisions are matched on municipality, name and provider (ignoring capitals) and created or
    updated; provisions the file leaves out stay as they are (deactivate them with
    ``active=false``). Raises ``ImportRefused`` listing every bad row. ``actor`` is who imports
    through the UI or API (the functional administrator); the command runs as the operator.
    """
    manager_require(actor=actor)
    raw = csv_rows_read(stream=stream, columns=PROVISION_COLUMNS)
    errors: list[DomainError] = []
    municipalities: dict[str, Municipality | None] = {}
    places: dict[int, _Places] = {}
    rows = []
    first_row: dict[tuple, int] = {}
    for number, values in raw:
        row = _row_parse(number, values, errors, municipalities, places)
        if row is None:
            continue
        key = (
            row.municipality.pk,
            row.checked.values["name"].lower(),
            row.checked.values["provider"].lower(),
        )
        first = first_row.setdefault(key, number)
        if first != number:
            errors.append(
                row_error(
                    row=number,
                    column="name",
                    message=_("Row %(row)d already describes this provision of this provider.")
                    % {"row": first},
                    code="duplicate_row",
                )
            )
            continue
        rows.append(row)
    if errors:
        errors.sort(key=lambda error: error.extra["row"])
        raise ImportRefused(errors)

    created = updated = 0
    with transaction.atomic():
        for row in rows:
            values = row.checked.values
            area_ids = {area.pk for area in row.checked.areas}
            neighbourhood_ids = {n.pk for n in row.checked.neighbourhoods}
            provision = row.existing
            if provision is None:
                provision = Provision.objects.create(municipality=row.municipality, **values)
                provision.areas.set(row.checked.areas)
                provision.neighbourhoods.set(row.checked.neighbourhoods)
                created += 1
                continue
            fields = {k: v for k, v in values.items() if getattr(provision, k) != v}
            same_places = (
                set(provision.areas.values_list("pk", flat=True)) == area_ids
                and set(provision.neighbourhoods.values_list("pk", flat=True)) == neighbourhood_ids
            )
            if fields or not same_places:
                # Unconditional, but the version goes up: an edit started before the import
                # gets its 409 instead of overwriting what the file said.
                provision = update_versioned(provision, expected_version=None, fields=fields)
                provision.areas.set(row.checked.areas)
                provision.neighbourhoods.set(row.checked.neighbourhoods)
                updated += 1
    logger.info("provisions_imported rows=%s created=%s updated=%s", len(rows), created, updated)
    return ImportSummary(rows=len(rows), created=created, updated=updated)


def _provision_find(municipality: Municipality, name: str, provider: str) -> Provision | None:
    """The provision with this name and provider, ignoring capitals (as the constraint does)."""
    return (
        Provision.objects.filter(municipality=municipality)
        .annotate(lname=Lower("name"), lprovider=Lower("provider"))
        .filter(lname=name.lower(), lprovider=provider.lower())
        .first()
    )


def provisions_export(*, stream: TextIO) -> int:
    """Write every provision (active or not) as CSV in the import format; the number of rows."""
    provisions = (
        Provision.objects.select_related("municipality")
        .prefetch_related("areas", "neighbourhoods")
        .order_by("municipality__code", "name", "provider", "pk")
    )
    rows = [
        {
            "municipality_code": provision.municipality.code,
            "name": provision.name,
            "provider": provision.provider,
            "kind": provision.kind,
            "step": str(provision.step),
            "life_domains": LIST_SEPARATOR.join(provision.domains),
            "team_areas": LIST_SEPARATOR.join(sorted(area.code for area in provision.areas.all())),
            "neighbourhoods": LIST_SEPARATOR.join(
                sorted(n.code for n in provision.neighbourhoods.all())
            ),
            "description": provision.description,
            "conditions": provision.conditions,
            "phone": provision.phone,
            "email": provision.email,
            "website": provision.website,
            "address": provision.address,
            "active": "true" if provision.is_active else "false",
        }
        for provision in provisions
    ]
    csv_rows_write(stream=stream, columns=PROVISION_COLUMNS, rows=rows)
    return len(rows)
