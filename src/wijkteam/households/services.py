"""Writes on households and persons."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.accounts.models import User
from wijkteam.areas.selectors import neighbourhood_for_postcode, postcode_normalize
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.rights.services import (
    ADDRESS_TRACKED,
    PERSON_TRACKED,
    household_require_unrestricted,
    rectification_changes,
    rectification_record,
)
from wijkteam.teams.models import Team


def bsn_clean(raw: str) -> str:
    """A BSN as nine digits, or ``""`` when none was given; refuses one failing the 11-test."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return stdnum_bsn.validate(raw)
    except Exception:  # stdnum raises several ValidationError subclasses
        raise DomainError(
            _(
                "This is not a valid BSN: it must be 9 digits and pass the "
                "11-test. Leave it empty if you do not know it."
            ),
            code="invalid_bsn",
            field="bsn",
        ) from None


def address_clean(*, postcode: str = "", house_number: int | None = None) -> dict[str, Any]:
    """Normalised postcode with the neighbourhood and team it belongs to.

    An empty postcode is fine (anonymous first contact); a postcode outside the municipality is
    not.
    """
    if not postcode:
        if house_number:
            raise DomainError(
                _("Enter the postcode with the house number."),
                code="postcode_required",
                field="postcode",
            )
        return {"postcode": "", "neighbourhood": None, "team": None}
    normalized = postcode_normalize(postcode)
    neighbourhood = neighbourhood_for_postcode(postcode=normalized)
    return {"postcode": normalized, "neighbourhood": neighbourhood, "team": neighbourhood.area.team}


def _role_clean(role: str) -> str:
    if role not in HouseholdRole.values:
        raise DomainError(_("Choose a role in the household."), code="invalid_role", field="role")
    return role


def _email_clean(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("Enter a valid e-mail address, or leave it empty."),
                code="invalid_email",
                field="email",
            ) from None
    return email


def _date_of_birth_clean(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise DomainError(
            _("The date of birth lies in the future."),
            code="invalid_date_of_birth",
            field="date_of_birth",
        )
    return value


def household_create(
    *,
    actor: User,
    team: Team,
    postcode: str = "",
    house_number: int | None = None,
    house_number_suffix: str = "",
    street: str = "",
    city: str = "",
) -> Household:
    address = address_clean(postcode=postcode, house_number=house_number)
    return Household.objects.create(
        team=address["team"] or team,
        neighbourhood=address["neighbourhood"],
        postcode=address["postcode"],
        house_number=house_number,
        house_number_suffix=house_number_suffix.strip(),
        street=street.strip(),
        city=city.strip(),
        created_by=actor,
    )


def household_update(
    *,
    actor: User,
    household: Household,
    expected_version: int | None,
    postcode: str = "",
    house_number: int | None = None,
    house_number_suffix: str = "",
    street: str = "",
    city: str = "",
    reason: str = "",
) -> Household:
    """Change the address. A new postcode may route the household to another team's area; the
    team itself changes only through a transfer, so the work is never moved silently.

    Replacing a recorded part of the address needs a ``reason`` (a move, a correction); every
    change is kept as rectification history (AVG art. 16).
    """
    household_require_unrestricted(household_id=household.pk)
    address = address_clean(postcode=postcode, house_number=house_number)
    fields = {
        "postcode": address["postcode"],
        "neighbourhood": address["neighbourhood"],
        "house_number": house_number,
        "house_number_suffix": house_number_suffix.strip(),
        "street": street.strip(),
        "city": city.strip(),
    }
    changes = rectification_changes(
        instance=household,
        fields=fields,
        tracked=ADDRESS_TRACKED,
        reason=reason,
        expected_version=expected_version,
    )
    with transaction.atomic():
        household = update_versioned(household, expected_version=expected_version, fields=fields)
        rectification_record(
            actor=actor, household_id=household.pk, person=None, changes=changes, reason=reason
        )
    return household


def _bsn_unique(bsn: str, *, exclude_pk: int | None = None) -> None:
    if bsn and Person.objects.filter(bsn=bsn).exclude(pk=exclude_pk).exists():
        raise ConflictError(
            _(
                "A person with this BSN is already registered. Search for them "
                "instead of adding them again."
            ),
            code="bsn_exists",
            field="bsn",
        )


def person_add(
    *,
    actor: User,
    household: Household,
    role: str = HouseholdRole.MAIN,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    bsn: str = "",
    phone: str = "",
    email: str = "",
) -> Person:
    household_require_unrestricted(household_id=household.pk)
    _role_clean(role)
    bsn = bsn_clean(bsn)
    _bsn_unique(bsn)
    try:
        with transaction.atomic():
            return Person.objects.create(
                household=household,
                role=role,
                given_name=given_name.strip(),
                family_name=family_name.strip(),
                date_of_birth=_date_of_birth_clean(date_of_birth),
                bsn=bsn,
                phone=phone.strip(),
                email=_email_clean(email),
            )
    except IntegrityError:  # the same BSN added at the same moment by someone else
        _bsn_unique(bsn)
        raise


def person_update(
    *,
    actor: User,
    person: Person,
    expected_version: int | None,
    role: str,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    bsn: str = "",
    phone: str = "",
    email: str = "",
    reason: str = "",
) -> Person:
    """Change a person's details. Replacing or clearing a recorded name, date of birth, BSN,
    phone or e-mail is a correction and needs a ``reason``; filling in what was empty does not.
    Every change is kept as rectification history (AVG art. 16)."""
    household_require_unrestricted(household_id=person.household_id)
    _role_clean(role)
    bsn = bsn_clean(bsn)
    _bsn_unique(bsn, exclude_pk=person.pk)
    fields = {
        "role": role,
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "date_of_birth": _date_of_birth_clean(date_of_birth),
        "bsn": bsn,
        "phone": phone.strip(),
        "email": _email_clean(email),
    }
    changes = rectification_changes(
        instance=person,
        fields=fields,
        tracked=PERSON_TRACKED,
        reason=reason,
        expected_version=expected_version,
    )
    with transaction.atomic():
        person = update_versioned(person, expected_version=expected_version, fields=fields)
        rectification_record(
            actor=actor,
            household_id=person.household_id,
            person=person,
            changes=changes,
            reason=reason,
        )
    return person
