"""The themes a municipality starts with (issue 5's examples and a few the seeds name). Names
are data in Dutch, the language of the people who keep the list; the functional administrator
renames, adds and deactivates them on the themes page."""

from django.db import migrations

DEFAULT_THEMES = (
    ("loneliness", "Eenzaamheid", "Mensen die alleen zijn en weinig contact hebben."),
    ("debts", "Schulden", "Betalingsachterstanden, schuldeisers, vroegsignalering."),
    (
        "poor-housing-maintenance",
        "Slecht onderhoud van woningen",
        "Vocht, schimmel, achterstallig onderhoud.",
    ),
    ("youth-nuisance", "Jeugdoverlast", "Overlast van jongeren op straat."),
    ("language-barrier", "Taalbarrière", "Moeite met Nederlands spreken, lezen of schrijven."),
    (
        "informal-carer-overburdened",
        "Overbelaste mantelzorger",
        "Mantelzorgers die de zorg niet meer volhouden.",
    ),
    ("poverty", "Armoede", "Te weinig geld om van rond te komen."),
    ("neighbour-nuisance", "Burenoverlast", "Conflicten en overlast tussen buren."),
    ("parenting", "Opvoedvragen", "Zorgen over opvoeden en opgroeien."),
)


def themes_add(apps, schema_editor):
    Theme = apps.get_model("cases", "Theme")
    for code, name, description in DEFAULT_THEMES:
        Theme.objects.get_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_theme_casetheme_case_themes_and_more")]

    operations = [migrations.RunPython(themes_add, migrations.RunPython.noop)]
