"""Reads on ZRM assessments: the series per domain that shows progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Household
from wijkteam.zrm.models import Assessment


@dataclass(frozen=True)
class ScorePoint:
    assessed_on: date
    score: int
    kind: str


def zrm_progress(
    *, household: Household, person_id: int | None = None
) -> dict[str, list[ScorePoint]]:
    """Per life domain, the scores over time for the household as a whole (or one member),
    across all its cases, oldest first. The caller has already checked the household is
    visible to the user."""
    assessments = (
        Assessment.objects.filter(case__household=household, person_id=person_id)
        .prefetch_related("scores")
        .order_by("assessed_on", "created_at", "pk")
    )
    series: dict[str, list[ScorePoint]] = {domain: [] for domain in LifeDomain.values}
    for assessment in assessments:
        for score in assessment.scores.all():
            series[score.domain].append(
                ScorePoint(assessment.assessed_on, score.score, assessment.kind)
            )
    return series
