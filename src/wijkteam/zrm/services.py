"""Writes on ZRM assessments."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.cases.models import Case
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError
from wijkteam.households.models import Person
from wijkteam.rights.services import household_require_unrestricted
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

logger = logging.getLogger(__name__)


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    scores: dict[str, int],
    assessed_on: date | None = None,
    person: Person | None = None,
    note: str = "",
) -> Assessment:
    """A new dated ZRM assessment; domains left out were not scored this time."""
    household_require_unrestricted(household_id=case.household_id)
    if kind not in AssessmentKind.values:
        raise DomainError(_("Choose the kind of assessment."), code="invalid_kind", field="kind")
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise DomainError(
            _("An assessment cannot lie in the future."), code="date_in_future", field="assessed_on"
        )
    cleaned = {domain: score for domain, score in scores.items() if score not in (None, "")}
    if not cleaned:
        raise DomainError(_("Score at least one domain."), code="scores_required", field="scores")
    for domain, score in cleaned.items():
        if domain not in LifeDomain.values:
            raise DomainError(_("Unknown life domain."), code="invalid_domain", field="scores")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise DomainError(
                _("A ZRM score is a whole number from 1 to 5."),
                code="invalid_score",
                field=f"score_{domain}",
            )
    if person is not None and person.household_id != case.household_id:
        raise DomainError(
            _("That person is not a member of this household."),
            code="invalid_person",
            field="person",
        )
    assessment = Assessment.objects.create(
        case=case,
        kind=kind,
        assessed_on=assessed_on,
        person=person,
        note=note.strip(),
        created_by=actor,
    )
    Score.objects.bulk_create(
        Score(assessment=assessment, domain=domain, score=score)
        for domain, score in cleaned.items()
    )
    logger.info("zrm_assessed case=%s kind=%s domains=%s", case.pk, kind, len(cleaned))
    return assessment
