"""Demo themes: every demo case gets 0–2 themes that fit its question, as the registrar would
have chosen them at registration (``added_at`` is the registration's moment, ``added_by`` the
registrar), so the neighbourhood-signal detection and the area analysis have something to count.

Deterministic: which story a case tells follows from its question, and the choice among a
story's themes from a private ``random.Random`` over the cases in creation order, so the shared
demo ``rng`` is left untouched for the modules that follow.
"""

from __future__ import annotations

import random

from wijkteam.cases.models import Case, CaseTheme, Theme
from wijkteam.core.demo.stories import FOLLOW_UP_QUESTION, STORIES

SEED = "wijkteam-demo-themes"

# Per story: the themes that fit it, most fitting first (codes of the default list,
# cases/migrations/0005_default_themes.py).
STORY_THEMES: dict[str, tuple[str, ...]] = {
    "schulden": ("debts", "poverty"),
    "eenzaamheid": ("loneliness", "informal-carer-overburdened"),
    "gezin": ("parenting", "youth-nuisance"),
    "verslaving": ("neighbour-nuisance", "debts"),
    "werk": ("poverty", "debts"),
    "mantelzorg": ("informal-carer-overburdened", "loneliness"),
    "woning": ("poor-housing-maintenance", "poverty"),
    "statushouder": ("language-barrier", "loneliness"),
}
FOLLOW_UP_THEMES = ("poverty", "debts")


def demo_themes_build(*, team_names: list[str] | None = None) -> int:
    """Give the demo cases their themes; returns the number of themes put on cases. Cases that
    already carry themes keep them. Themes missing from the list (renamed codes) are skipped."""
    themes = {theme.code: theme for theme in Theme.objects.filter(is_active=True)}
    by_question = {story.question: STORY_THEMES.get(key, ()) for key, story in STORIES.items()}
    by_question[FOLLOW_UP_QUESTION[0]] = FOLLOW_UP_THEMES
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
    cases = Case.objects.filter(case_themes__isnull=True).order_by("pk")
    if team_names is not None:
        cases = cases.filter(team__name__in=team_names)
    added = 0
    for case in cases.only("pk", "question", "registered_at", "registered_by_id"):
        fitting = [themes[code] for code in by_question.get(case.question, ()) if code in themes]
        # Most registrations get the theme that fits best, some a second, a few none.
        draw = rng.random()
        count = 0 if draw < 0.15 else 2 if draw > 0.7 else 1
        for theme in fitting[:count]:
            CaseTheme.objects.create(
                case=case,
                theme=theme,
                added_at=case.registered_at,
                added_by_id=case.registered_by_id,
            )
            added += 1
    return added
