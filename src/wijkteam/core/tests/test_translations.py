"""The Dutch catalogue is complete and the committed .mo matches it (ADR 0007)."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_dutch_translation():
    catalogue = polib.pofile(str(PO_PATH))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy (check and clear the flag): {fuzzy[:10]}"


def test_committed_mo_matches_the_catalogue(tmp_path):
    compiled = tmp_path / "django.mo"
    polib.pofile(str(PO_PATH)).save_as_mofile(str(compiled))
    committed = PO_PATH.with_suffix(".mo")
    assert _entries(committed) == _entries(compiled), "django.mo is stale: run `make messages`"


def _entries(mo_path: Path) -> set[tuple]:
    return {
        (entry.msgctxt, entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in polib.mofile(str(mo_path))
    }


def test_the_ui_speaks_dutch_by_default_and_english_on_request():
    with translation.override("nl"):
        assert str(translation.gettext("Social neighbourhood team")) == "Sociaal wijkteam"
    with translation.override("en"):
        assert str(translation.gettext("Social neighbourhood team")) == "Social neighbourhood team"
