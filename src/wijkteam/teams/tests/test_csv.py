"""Importing and exporting teams and memberships as CSV."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wijkteam.accounts.models import User
from wijkteam.areas.tests.factories import TeamAreaFactory
from wijkteam.core.csvio import ImportRefused
from wijkteam.teams.models import Function, Membership, Organisation, Team
from wijkteam.teams.services import TEAM_COLUMNS, teams_export, teams_import
from wijkteam.teams.tests.factories import MembershipFactory, TeamFactory, UserFactory

HEADER = ",".join(TEAM_COLUMNS)
S1 = "Schalkwijk 1,schalkwijk-1,023 000 0101,s1@example.org"
O2 = "Oost 2,oost-2,023 000 0104,o2@example.org"
VALID = (
    f"{HEADER}\n"
    f"{S1},rosa,Rosa,Demo-Visser,rosa@example.org,social_worker,Haarlem Effect,1,false\n"
    f'{S1},karim,Karim,Demo-Bakker,,work_income_debt,Gemeente – W&I,"0,5",no\n'
    f"{S1},chantal,Chantal,Demo-Smit,,cjg_coach,CJG,0.2,true\n"
    f"{O2},chantal,Chantal,Demo-Smit,,cjg_coach,CJG,0.20,ja\n"
    "Zuid-West,zuid-west,,,,,,,,,,\n"
)


@pytest.fixture
def areas(db):
    return {
        code: TeamAreaFactory(code=code, name=code)
        for code in ("schalkwijk-1", "oost-2", "zuid-west")
    }


def _import(text: str):
    return teams_import(stream=io.StringIO(text))


def _export() -> str:
    buffer = io.StringIO()
    teams_export(stream=buffer)
    return buffer.getvalue()


def test_import_creates_teams_users_and_memberships(areas):
    summary = _import(VALID)
    assert summary.rows == 5
    schalkwijk = Team.objects.get(name="Schalkwijk 1")
    assert schalkwijk.area == areas["schalkwijk-1"] and schalkwijk.phone == "023 000 0101"
    assert Team.objects.get(name="Zuid-West").memberships.count() == 0
    karim = Membership.objects.get(user__username="karim")
    assert karim.function == Function.WORK_INCOME_DEBT
    assert karim.fte == Decimal("0.50") and not karim.is_expert
    assert karim.organisation.name == "Gemeente – W&I"
    chantal = User.objects.get(username="chantal")
    assert chantal.memberships.filter(is_expert=True).count() == 2
    # New users choose their own password; none travels in the file.
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_import_twice_changes_nothing_and_updates_what_differs(areas):
    _import(VALID)
    counts = (Team.objects.count(), User.objects.count(), Membership.objects.count())
    again = _import(VALID)
    assert (again.created, again.updated) == (0, 0)
    assert (Team.objects.count(), User.objects.count(), Membership.objects.count()) == counts

    changed = _import(
        f"{HEADER}\n{S1},karim,Karim,Demo-Bakker,,work_income_debt,Gemeente – W&I,0.8,false\n"
    )
    assert (changed.created, changed.updated) == (0, 1)
    assert Membership.objects.get(user__username="karim").fte == Decimal("0.80")


def test_import_keeps_the_password_of_an_existing_user(areas):
    UserFactory(username="rosa")
    _import(VALID)
    assert User.objects.get(username="rosa").check_password("test-password-123")


def test_import_reports_every_bad_row_with_its_row_number_and_writes_nothing(areas):
    TeamFactory(name="Al bezet", area=areas["oost-2"])
    text = (
        f"{HEADER}\n"
        f"{S1},rosa,Rosa,Demo-Visser,,social_worker,Haarlem Effect,1,false\n"
        "Noord 1,noord-1,,,anna,Anna,Demo,,social_worker,X,0.5,false\n"  # 3: unknown area
        f"{S1},bob,Bob,Demo,,chef,X,0.5,false\n"  # 4: unknown function
        f"{S1},cor,Cor,Demo,cor@,wmo_consultant,X,1.5,maybe\n"  # 5: e-mail, fte, boolean
        f"{S1},rosa,Rosa,Demo-Visser,,social_worker,Haarlem Effect,1,false\n"  # 6: twice
        "Schalkwijk 1,schalkwijk-1,023 999,s1@example.org,dirk,Dirk,Demo,,mee_consultant,X,0.5,\n"
        f"{O2},eva,Eva,Demo,,mee_consultant,X,0.5,false\n"  # 8: area has another team
        f"{S1},rosa,Roos,Demo-Visser,,social_worker,Haarlem Effect,1,false\n"  # 9: name, twice
    )
    with pytest.raises(ImportRefused) as refused:
        _import(text)
    problems = sorted((e.extra["row"], e.field, e.code) for e in refused.value.errors)
    assert problems == [
        (3, "area_code", "unknown_area"),
        (4, "function", "invalid_choice"),
        (5, "email", "invalid_email"),
        (5, "fte", "invalid"),
        (5, "is_expert", "invalid"),
        (6, "username", "duplicate_membership"),
        (7, "team_phone", "inconsistent"),
        (8, "area_code", "area_has_team"),
        (9, "first_name", "inconsistent"),
        (9, "username", "duplicate_membership"),
    ]
    assert Team.objects.count() == 1 and not User.objects.exists()
    assert not Organisation.objects.exists()


def test_export_import_export_round_trip_is_identical(areas):
    _import(VALID)
    MembershipFactory(
        team=Team.objects.get(name="Oost 2"), user=UserFactory(username="weg"), is_active=False
    )
    exported = _export()
    Membership.objects.all().delete()
    Team.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()

    _import(exported)
    assert _export() == exported
    assert exported.splitlines()[0] == HEADER
    assert "weg" not in exported  # inactive memberships are not exported
    assert "Zuid-West,zuid-west,,,,,,,,,," in exported.splitlines()


def test_commands_round_trip_through_files(areas, tmp_path):
    source = tmp_path / "teams.csv"
    source.write_text(VALID, encoding="utf-8")
    call_command("import_teams", str(source), stdout=io.StringIO())
    target = tmp_path / "export.csv"
    call_command("export_teams", str(target), stdout=io.StringIO())
    stdout = io.StringIO()
    call_command("export_teams", "-", stdout=stdout)
    assert target.read_text(encoding="utf-8") == stdout.getvalue() == _export()


def test_import_command_exits_non_zero_listing_each_bad_row(areas, tmp_path):
    source = tmp_path / "teams.csv"
    source.write_text(f"{HEADER}\n{S1},rosa,Rosa,Demo,,boss,X,0.5,false\n", encoding="utf-8")
    stderr = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_teams", str(source), stdout=io.StringIO(), stderr=stderr)
    assert "1 problem" in str(error.value)
    assert stderr.getvalue().startswith("Row 2, column function: Choose one of: wmo_consultant")
    assert not Team.objects.exists()
