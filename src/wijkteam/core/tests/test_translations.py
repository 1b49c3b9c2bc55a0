"""The Dutch catalogue is complete and the committed .mo matches it (ADR 0007)."""

import re
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


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_translations_keep_the_placeholders_of_their_message():
    """A translation that drops or renames a ``%(name)s`` shows no number, or falls back to
    English at run time: every translation names exactly the placeholders of its message."""
    wrong = []
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete or "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            found = [set(PLACEHOLDER.findall(text)) for text in entry.msgstr_plural.values()]
            # The singular may leave out the count ("één voorziening"), never add another name.
            if not found or found[-1] != wanted or any(f - wanted for f in found):
                wrong.append(entry.msgid)
        elif set(PLACEHOLDER.findall(entry.msgid)) != set(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ: {wrong[:10]}"
