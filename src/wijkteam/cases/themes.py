"""Themes: the municipality's managed list, and the themes a case carries.

A theme says what a question is about beyond the life domains (loneliness, debts, poor housing
maintenance, …), so that community work can see patterns per neighbourhood
(``wijkteam.community``) and the area analysis its top themes — always as counts of
households, never as names. The functional administrator keeps the list: adds, renames,
(de)activates. A theme that cases carry is deactivated, never deleted (``CaseTheme.theme`` is
``PROTECT``). Which themes a case carries is client data: who sees the file sets them, and every
change is in the access log (``wijkteam.audit``, ``cases.casetheme``).

Writes and reads are together here because they are small and belong to one concept;
``services.registration_create`` takes themes through ``themes_clean``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wijkteam.access.roles import Role, has_role, is_staff_member
from wijkteam.accounts.models import User
from wijkteam.audit.services import access_log_record_change
from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case, CaseTheme, Theme
from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.rights.services import household_require_unrestricted

logger = logging.getLogger(__name__)

NAME_MAX = 100
DESCRIPTION_MAX = 300
CODE_MAX = 50


# Who may ------------------------------------------------------------------------------------------


def may_manage_themes(*, user: User) -> bool:
    """The functional administrator keeps the list of themes (as the social map:
    ``socialmap.services.may_manage``); every staff member reads the active ones."""
    return has_role(user, Role.FUNCTIONAL_ADMIN)


def theme_manager_require(*, actor: User | None) -> None:
    """Refuse (403 ``not_allowed``) anyone but the functional administrator; ``None`` is the
    operator running a command or a data migration."""
    if actor is not None and not may_manage_themes(user=actor):
        raise Forbidden(
            _("Only the functional administrator changes the list of themes."),
            code="not_allowed",
        )


# Reads --------------------------------------------------------------------------------------------


def themes_visible_to(*, user: User) -> QuerySet[Theme]:
    """The list as ``user`` may read it: all themes for the functional administrator, the
    active ones for other staff, none for residents and anonymous users. By name."""
    if not user.is_authenticated or not user.is_active or not is_staff_member(user):
        return Theme.objects.none()
    if may_manage_themes(user=user):
        return Theme.objects.order_by("-is_active", "name")
    return themes_active()


def theme_get(*, user: User, pk: int) -> Theme:
    theme = themes_visible_to(user=user).filter(pk=pk).first()
    if theme is None:
        raise NotFoundOrHidden("not found")
    return theme


def themes_active() -> QuerySet[Theme]:
    """The themes that can be chosen now (reference data, no client data)."""
    return Theme.objects.filter(is_active=True).order_by("name")


def case_theme_rows(*, case: Case) -> list[CaseTheme]:
    """The themes of ``case`` (which the caller got through ``case_get``), by name."""
    return list(case.case_themes.select_related("theme").order_by("theme__name"))


def case_themes_and_choices(*, case: Case) -> tuple[list[Theme], list[Theme]]:
    """For the case page, in one query: the themes ``case`` carries, and what its form offers
    (the active themes and the carried ones). Both by name."""
    carried = CaseTheme.objects.filter(case=case, theme=OuterRef("pk"))
    themes = list(
        Theme.objects.annotate(carried=Exists(carried))
        .filter(Q(is_active=True) | Q(carried=True))
        .order_by("name")
    )
    return [theme for theme in themes if theme.carried], themes


# Writes on a case --------------------------------------------------------------------------------


def _unknown_themes() -> DomainError:
    return DomainError(
        _("Choose themes from the list. A theme that is no longer in use cannot be added."),
        code="invalid_theme",
        field="themes",
    )


def themes_clean(
    themes: Iterable[Theme | str] | None, *, allowed_inactive: Iterable[int] = ()
) -> list[Theme]:
    """Themes (objects or codes) as active ``Theme`` rows, without doubles; an unknown code or an
    inactive theme is refused with one message on ``themes``. ``allowed_inactive`` are ids of
    inactive themes that may stay (those a case already carries)."""
    wanted = list(themes or [])
    if not wanted:
        return []
    if any(not isinstance(item, Theme | str) for item in wanted):
        raise _unknown_themes()
    codes = {item for item in wanted if isinstance(item, str)}
    ids = {item.pk for item in wanted if isinstance(item, Theme)}
    found = {theme.pk: theme for theme in Theme.objects.filter(Q(code__in=codes) | Q(pk__in=ids))}
    if codes - {theme.code for theme in found.values()} or ids - found.keys():
        raise _unknown_themes()
    keep = set(allowed_inactive)
    if any(not theme.is_active and theme.pk not in keep for theme in found.values()):
        raise _unknown_themes()
    return sorted(found.values(), key=lambda theme: theme.name)


def case_themes_add(*, actor: User, case: Case, themes: list[Theme]) -> None:
    """Put ``themes`` (already cleaned) on a case that has none of them yet: for the
    registration, inside its transaction."""
    now = timezone.now()
    for theme in themes:
        CaseTheme.objects.create(case=case, theme=theme, added_at=now, added_by=actor)


@transaction.atomic
def case_themes_set(
    *, actor: User, case: Case, themes: Iterable[Theme | str], expected_version: int | None
) -> list[CaseTheme]:
    """Make the themes of ``case`` exactly ``themes``: new ones are added (by ``actor``, now),
    missing ones removed, kept ones keep when and by whom they were added.

    For whoever sees the file (the caller got ``case`` through ``case_get``). Only on an open
    case: the themes of an ended case are its history. A change of themes is a change of the
    case, so its version goes up; two people setting themes at once do not overwrite each other
    (409 ``stale_version``).
    """
    household_require_unrestricted(household_id=case.household_id)
    current = {row.theme_id: row for row in case.case_themes.select_related("theme")}
    wanted = themes_clean(themes, allowed_inactive=current.keys())
    if case.status not in OPEN_STATES:
        raise _not_open()
    # One conditional UPDATE decides: still open, and still the version the actor saw.
    query = Case.objects.filter(pk=case.pk, status__in=OPEN_STATES)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if not query.update(version=F("version") + 1):
        case.refresh_from_db()
        if case.status not in OPEN_STATES:
            raise _not_open()
        raise ConflictError(
            _(
                "Someone else changed this case in the meantime. Reload the page "
                "to see their change, then try again."
            ),
            code="stale_version",
        )
    case.refresh_from_db()
    access_log_record_change(instance=case, action="update")  # .update() sends no signal
    wanted_ids = {theme.pk for theme in wanted}
    # One by one, so each removal is in the access log (a queryset delete would be too, but
    # this keeps the same path for adding and removing).
    for theme_id, row in current.items():
        if theme_id not in wanted_ids:
            row.delete()
    case_themes_add(
        actor=actor, case=case, themes=[theme for theme in wanted if theme.pk not in current]
    )
    logger.info(
        "case_themes_set case=%s added=%s removed=%s",
        case.pk,
        len(wanted_ids - current.keys()),
        len(current.keys() - wanted_ids),
    )
    return case_theme_rows(case=case)


def _not_open() -> ConflictError:
    return ConflictError(
        _(
            "The themes of an ended case are part of its history and cannot be changed. "
            "Reopen the case, or register a new question."
        ),
        code="case_not_open",
        field="themes",
    )


# The list ----------------------------------------------------------------------------------------


def _text(value: str | None, *, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("Fill this in."), code="required", field=field)
    if len(value) > max_length:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": max_length},
            code="max_length",
            field=field,
        )
    return value


def _code_clean(code: str | None, *, name: str) -> str:
    """A short stable code of lowercase letters, digits and hyphens; from the name if empty."""
    raw = (code or "").strip()
    cleaned = slugify(raw or name)[:CODE_MAX].strip("-")
    if raw and cleaned != raw.lower():
        raise DomainError(
            _("Use lowercase letters, digits and hyphens only, e.g. “debts”."),
            code="invalid_code",
            field="code",
        )
    if not cleaned:
        raise DomainError(
            _("Fill in a code of lowercase letters, digits and hyphens."),
            code="required",
            field="code",
        )
    return cleaned


def _name_taken(name: str, *, pk: int | None = None) -> ConflictError | None:
    twin = Theme.objects.filter(name__iexact=name).exclude(pk=pk).first()
    if twin is None:
        return None
    return ConflictError(
        _("There is already a theme called “%(name)s”.") % {"name": twin.name},
        code="theme_exists",
        field="name",
        extra={"theme": twin.pk},
    )


def _exists_conflict(field: str = "name") -> ConflictError:
    """The database caught a twin added at the same moment."""
    return ConflictError(
        _("There is already a theme with this name or code."), code="theme_exists", field=field
    )


@transaction.atomic
def theme_create(
    *,
    actor: User | None,
    name: str,
    code: str = "",
    description: str = "",
    is_active: bool = True,
) -> Theme:
    """Add a theme to the list (the functional administrator). The code follows from the name
    when left empty; name (ignoring case) and code are unique."""
    theme_manager_require(actor=actor)
    name = _text(name, field="name", max_length=NAME_MAX, required=True)
    description = _text(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    code = _code_clean(code, name=name)
    taken = _name_taken(name)
    if taken:
        raise taken
    if Theme.objects.filter(code=code).exists():
        raise ConflictError(
            _("There is already a theme with the code “%(code)s”.") % {"code": code},
            code="theme_exists",
            field="code",
        )
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                code=code, name=name, description=description, is_active=bool(is_active)
            )
    except IntegrityError:
        raise _exists_conflict() from None
    logger.info("theme_created theme=%s", theme.pk)
    return theme


@transaction.atomic
def theme_update(
    *,
    actor: User | None,
    theme: Theme,
    expected_version: int | None,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> Theme:
    """Rename or describe a theme, only if nobody changed it since ``expected_version`` (409
    ``stale_version``). Fields left ``None`` keep their value. The code does not change: it is
    what programs (the API, imports) know the theme by."""
    theme_manager_require(actor=actor)
    fields: dict = {}
    if name is not None:
        fields["name"] = _text(name, field="name", max_length=NAME_MAX, required=True)
        taken = _name_taken(fields["name"], pk=theme.pk)
        if taken:
            raise taken
    if description is not None:
        fields["description"] = _text(
            description, field="description", max_length=DESCRIPTION_MAX, required=False
        )
    if is_active is not None:
        fields["is_active"] = bool(is_active)
    try:
        with transaction.atomic():
            theme = update_versioned(theme, expected_version=expected_version, fields=fields)
    except IntegrityError:
        raise _exists_conflict() from None
    logger.info("theme_updated theme=%s version=%s", theme.pk, theme.version)
    return theme


def theme_set_active(
    *, actor: User | None, theme: Theme, active: bool, expected_version: int | None
) -> Theme:
    """Deactivate a theme that is no longer used for new questions (cases that carry it keep
    it), or activate it again. Themes are never deleted from the UI or the API."""
    theme_manager_require(actor=actor)
    theme = update_versioned(theme, expected_version=expected_version, fields={"is_active": active})
    logger.info("theme_active_set theme=%s active=%s", theme.pk, active)
    return theme
