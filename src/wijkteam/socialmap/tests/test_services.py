"""Writes on the social map: the rules of a provision, 409 on a stale edit, CSV import and
export."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from wijkteam.core.csvio import ImportRefused
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.socialmap import services
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.services import PROVISION_COLUMNS, provisions_export, provisions_import
from wijkteam.socialmap.tests.conftest import provision_make

pytestmark = pytest.mark.usefixtures("english")


def test_the_step_follows_from_the_kind(smap):
    assert (smap.buddy.step, smap.centre.step, smap.counselling.step) == (2, 3, 4)
    own = provision_make(name="Geldzaken-test online", kind="self_help")
    assert own.step == 1


def test_a_step_that_does_not_fit_the_kind_is_refused(world):
    with pytest.raises(DomainError) as refused:
        provision_make(kind="tailored", step=2)
    assert refused.value.code == "step_not_kind" and refused.value.field == "step"


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"provider": ""}, "provider", "required"),
        ({"kind": "shop"}, "kind", "invalid_kind"),
        ({"domains": []}, "domains", "required"),
        ({"domains": ["finances", "money"]}, "domains", "invalid_domain"),
        ({"email": "geen-adres"}, "email", "invalid_email"),
        ({"website": "www.example.org"}, "website", "invalid_website"),
        ({"phone": "bel maar"}, "phone", "invalid_phone"),
    ],
)
def test_bad_input_is_refused_at_its_field(world, fields, field, code):
    with pytest.raises(DomainError) as refused:
        provision_make(**fields)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert not Provision.objects.exists()


def test_domains_are_kept_in_catalogue_order_without_doubles(world):
    provision = provision_make(domains=["social_network", "finances", "finances"])
    assert provision.domains == ["finances", "social_network"]


def test_name_and_provider_are_unique_per_municipality_ignoring_capitals(smap):
    with pytest.raises(ConflictError) as refused:
        provision_make(name="SCHULDHULPMAATJE", provider="stichting maatjes (demo)")
    assert refused.value.code == "provision_exists" and refused.value.status_code == 409
    # The same name of another provider is another provision.
    provision_make(provider="Humanitas (demo)")


def test_a_neighbourhood_inside_a_chosen_area_adds_nothing(world):
    area = world.schalkwijk.area
    provision = provision_make(areas=[area], neighbourhoods=list(area.neighbourhoods.all()))
    assert list(provision.areas.all()) == [area]
    assert not provision.neighbourhoods.exists()


def test_only_the_functional_administrator_manages(smap, world):
    with pytest.raises(Forbidden):
        services.provision_create(
            actor=world.director.user, name="X", provider="Y", kind="general", domains=["housing"]
        )
    with pytest.raises(Forbidden):
        services.provision_set_active(
            actor=world.backoffice, provision=smap.buddy, active=False, expected_version=1
        )


def test_update_changes_only_what_is_given_and_raises_the_version(smap):
    provision = services.provision_update(
        actor=smap.admin, provision=smap.centre, expected_version=1, conditions="Gratis"
    )
    assert provision.conditions == "Gratis" and provision.version == 2
    assert provision.name == "Buurtcentrum De Ringvaart"
    assert list(provision.areas.all()) == [smap.centre.areas.get()]


def test_a_stale_edit_is_refused_with_409(smap):
    services.provision_update(
        actor=smap.admin, provision=smap.buddy, expected_version=1, conditions="Gratis"
    )
    stale = Provision.objects.get(pk=smap.buddy.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as refused:
        services.provision_update(
            actor=smap.admin, provision=stale, expected_version=1, conditions="Eigen bijdrage"
        )
    assert refused.value.code == "stale_version"
    assert Provision.objects.get(pk=smap.buddy.pk).conditions == "Gratis"


def test_changing_the_kind_moves_the_step_along(smap):
    provision = services.provision_update(
        actor=smap.admin, provision=smap.cafe, expected_version=1, kind="volunteer"
    )
    assert provision.step == 2


def test_deactivate_and_activate_again(smap):
    provision = services.provision_set_active(
        actor=smap.admin, provision=smap.buddy, active=False, expected_version=1
    )
    assert not provision.is_active
    with pytest.raises(ConflictError):
        services.provision_set_active(
            actor=smap.admin, provision=smap.buddy, active=True, expected_version=1
        )


# CSV --------------------------------------------------------------------------------------------

HEADER = ",".join(PROVISION_COLUMNS)


def _export() -> str:
    buffer = io.StringIO()
    provisions_export(stream=buffer)
    return buffer.getvalue()


def _catalogue() -> list[tuple]:
    return [
        (
            p.municipality.code,
            p.name,
            p.provider,
            p.kind,
            p.step,
            tuple(p.domains),
            tuple(sorted(a.code for a in p.areas.all())),
            tuple(sorted(n.code for n in p.neighbourhoods.all())),
            p.description,
            p.conditions,
            p.phone,
            p.email,
            p.website,
            p.address,
            p.is_active,
        )
        for p in Provision.objects.order_by("name", "provider")
    ]


def test_round_trip_export_then_import_gives_the_same_catalogue(smap):
    services.provision_update(
        actor=smap.admin,
        provision=smap.cafe,
        expected_version=1,
        phone="023-5123456",
        email="taal@example.org",
        website="https://bibliotheek.example.org/taalcafe",
        address="Doelstraat 1 (demo), Haarlem",
        description='Oefenen met praten, "gewoon" aan tafel; iedereen welkom.',
    )
    services.provision_set_active(
        actor=smap.admin, provision=smap.buddy, active=False, expected_version=1
    )
    before = _catalogue()
    text = _export()
    Provision.objects.all().delete()
    summary = provisions_import(stream=io.StringIO(text))
    assert (summary.rows, summary.created, summary.updated) == (4, 4, 0)
    assert _catalogue() == before
    # Importing the same file again changes nothing.
    again = provisions_import(stream=io.StringIO(text))
    assert (again.created, again.updated) == (0, 0)
    assert _export() == text


def test_import_matches_on_name_and_provider_and_updates(smap):
    text = (
        f"{HEADER}\n"
        "0392,schuldhulpmaatje,STICHTING MAATJES (demo),volunteer,,finances|social_network,"
        ",,,Gratis,,,,,\n"
        "0392,Maaltijd aan huis,Zorgbalans (demo),general,3,basic_adl,schalkwijk-1,parkwijk,"
        ",Eigen bijdrage,,,,,nee\n"
    )
    summary = provisions_import(stream=io.StringIO(text))
    assert (summary.rows, summary.created, summary.updated) == (2, 1, 1)
    buddy = Provision.objects.get(pk=smap.buddy.pk)
    assert buddy.domains == ["finances", "social_network"] and buddy.version == 2
    # Matched ignoring capitals; the file's spelling is what the catalogue says now.
    assert (buddy.name, buddy.provider) == ("schuldhulpmaatje", "STICHTING MAATJES (demo)")
    meals = Provision.objects.get(name="Maaltijd aan huis")
    assert not meals.is_active
    assert [a.code for a in meals.areas.all()] == ["schalkwijk-1"]
    assert [n.code for n in meals.neighbourhoods.all()] == ["parkwijk"]


def test_import_reports_every_bad_row_in_dutch_and_saves_nothing(world):
    from django.utils import translation

    text = (
        "# De sociale kaart van Haarlem (demo)\n"
        f"{HEADER}\n"
        "0392,Goed,Aanbieder,general,,housing,,,,,,,,,\n"
        "0392,,Aanbieder,tailored,2,geld,nergens,,,,,geen-mail,,,misschien\n"
        "0392,Goed,aanbieder,general,,housing,,,,,,,,,\n"
        "9999,Ergens,Aanbieder,general,,housing,,,,,,,,,\n"
    )
    with translation.override("nl"), pytest.raises(ImportRefused) as refused:
        provisions_import(stream=io.StringIO(text))
    errors = [(e.extra["row"], e.field, e.code) for e in refused.value.errors]
    assert (4, "name", "required") in errors
    assert (4, "step", "step_not_kind") in errors
    assert (4, "life_domains", "invalid_domain") in errors
    assert (4, "team_areas", "unknown_area") in errors
    assert (4, "email", "invalid_email") in errors
    assert (4, "active", "invalid") in errors
    assert (5, "name", "duplicate_row") in errors
    assert (6, "municipality_code", "unknown_municipality") in errors
    assert not Provision.objects.exists()


def test_a_wrong_header_is_refused(world):
    with pytest.raises(ImportRefused) as refused:
        provisions_import(stream=io.StringIO("name,provider\nA,B\n"))
    assert refused.value.errors[0].code == "header"


def test_the_commands_import_and_export(world, tmp_path):
    path = tmp_path / "kaart.csv"
    path.write_text(
        f"{HEADER}\n0392,Voedselbank,Voedselbank Haarlem (demo),volunteer,2,finances,,,,"
        "Met verwijsbrief,,,,,true\n",
        encoding="utf-8",
    )
    call_command("import_social_map", str(path), stdout=io.StringIO())
    assert Provision.objects.get().name == "Voedselbank"
    out = tmp_path / "uit.csv"
    call_command("export_social_map", str(out), stdout=io.StringIO())
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    path.write_text(f"{HEADER}\n0392,,X,general,,housing,,,,,,,,,\n", encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_social_map", str(path), stdout=io.StringIO(), stderr=stderr)
    assert "2" in stderr.getvalue() and "name" in stderr.getvalue()
