"""Themes (issue 5, part 1): the list the functional administrator keeps, themes on a
registration and on a case, their pages and API, the access log and the subject-access export.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.audit.models import AccessLogEntry
from wijkteam.cases import services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseTheme, Theme
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.cases.themes import (
    case_themes_set,
    theme_create,
    theme_set_active,
    theme_update,
    themes_visible_to,
)
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory


def theme_make(code: str, name: str, *, active: bool = True) -> Theme:
    # get_or_create: a transactional test flushes the themes the migrations made.
    theme, _created = Theme.objects.update_or_create(
        code=code, defaults={"name": name, "is_active": active}
    )
    return theme


@pytest.fixture
def themes(db) -> dict[str, Theme]:
    return {
        "loneliness": theme_make("loneliness", "Eenzaamheid"),
        "debts": theme_make("debts", "Schulden"),
        "poverty": theme_make("poverty", "Armoede"),
        "old": theme_make("old-theme", "Oud thema", active=False),
    }


@pytest.fixture
def admin(db) -> User:
    user = UserFactory(username="beheerder")
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.FUNCTIONAL_ADMIN])[0])
    return user


@pytest.fixture
def resident(db) -> User:
    user = UserFactory(username="bewoner")
    ResidentAccount.objects.create(user=user, person=PersonFactory())
    return user


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def open_case(world, status: str = Status.INTAKE) -> Case:
    return case_in_state(actor=world.director.user, director=world.director, status=status)


def codes_of(case: Case) -> list[str]:
    return sorted(case.case_themes.values_list("theme__code", flat=True))


# Services: registration --------------------------------------------------------------------------


def test_registration_takes_themes_as_codes_or_objects(world, themes):
    actor = world.colleague.user
    case = services.registration_create(
        actor=actor,
        question="Alleen sinds de verhuizing",
        postcode="2035AB",
        themes=["loneliness", themes["debts"], "loneliness"],
    )
    rows = list(case.case_themes.select_related("theme"))
    assert sorted(row.theme.code for row in rows) == ["debts", "loneliness"]
    assert all(row.added_by == actor for row in rows)


@pytest.mark.parametrize("given", [["no-such-theme"], ["old-theme"], [42]])
def test_registration_refuses_unknown_and_inactive_themes(world, themes, given):
    with pytest.raises(DomainError) as refused:
        services.registration_create(
            actor=world.colleague.user, question="Vraag", postcode="2035AB", themes=given
        )
    assert (refused.value.code, refused.value.field) == ("invalid_theme", "themes")
    assert not Case.objects.exists()  # nothing half-registered


# Services: the themes of a case ----------------------------------------------------------------


def test_setting_themes_adds_and_removes_and_keeps_what_stays(world, themes):
    case = open_case(world)
    case_themes_set(
        actor=world.director.user,
        case=case,
        themes=["loneliness", "debts"],
        expected_version=case.version,
    )
    kept = CaseTheme.objects.get(case=case, theme=themes["loneliness"])
    version = Case.objects.get(pk=case.pk).version
    assert version == case.version  # the service refreshed the caller's case

    rows = case_themes_set(
        actor=world.colleague.user,
        case=case,
        themes=[themes["loneliness"], themes["poverty"]],
        expected_version=version,
    )
    assert [row.theme.code for row in rows] == ["poverty", "loneliness"]  # by name
    again = CaseTheme.objects.get(case=case, theme=themes["loneliness"])
    assert (again.pk, again.added_at, again.added_by) == (kept.pk, kept.added_at, kept.added_by)
    assert CaseTheme.objects.get(case=case, theme=themes["poverty"]).added_by == (
        world.colleague.user
    )
    assert Case.objects.get(pk=case.pk).version == version + 1


def test_an_inactive_theme_may_stay_on_a_case_but_not_be_added(world, themes):
    case = open_case(world)
    case_themes_set(
        actor=world.director.user, case=case, themes=["debts"], expected_version=case.version
    )
    theme_set_active(actor=None, theme=themes["debts"], active=False, expected_version=None)

    case_themes_set(
        actor=world.director.user,
        case=case,
        themes=["debts", "poverty"],
        expected_version=case.version,
    )
    assert codes_of(case) == ["debts", "poverty"]
    with pytest.raises(DomainError) as refused:
        case_themes_set(
            actor=world.director.user,
            case=case,
            themes=["debts", "old-theme"],
            expected_version=case.version,
        )
    assert refused.value.code == "invalid_theme"
    assert codes_of(case) == ["debts", "poverty"]


def test_a_stale_version_is_refused_and_changes_nothing(world, themes):
    case = open_case(world)
    seen = case.version
    case_themes_set(actor=world.director.user, case=case, themes=["debts"], expected_version=seen)
    with pytest.raises(ConflictError) as refused:
        case_themes_set(
            actor=world.colleague.user, case=case, themes=["poverty"], expected_version=seen
        )
    assert refused.value.code == "stale_version"
    assert codes_of(case) == ["debts"]


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED])
def test_the_themes_of_an_ended_case_are_history(world, themes, status):
    case = open_case(world, status)
    with pytest.raises(ConflictError) as refused:
        case_themes_set(
            actor=world.director.user, case=case, themes=["debts"], expected_version=case.version
        )
    assert refused.value.code == "case_not_open"
    assert codes_of(case) == []


def test_a_restricted_file_gets_no_themes(world, themes):
    from wijkteam.rights.services import restriction_start

    case = open_case(world)
    restriction_start(
        actor=world.director.user, household=case.household, reason="Bewoner betwist de gegevens"
    )
    with pytest.raises(DomainError) as refused:
        case_themes_set(
            actor=world.director.user, case=case, themes=["debts"], expected_version=None
        )
    assert refused.value.code == "restricted"
    assert codes_of(case) == []


def test_adding_and_removing_a_theme_is_in_the_access_log(world, themes):
    case = open_case(world)
    case_themes_set(
        actor=world.director.user, case=case, themes=["debts"], expected_version=case.version
    )
    case_themes_set(actor=world.director.user, case=case, themes=[], expected_version=case.version)
    entries = AccessLogEntry.objects.filter(object_type="cases.casetheme").order_by("id")
    assert [(e.action, e.event, e.household_id) for e in entries] == [
        ("create", "case_changed", case.household_id),
        ("delete", "case_changed", case.household_id),
    ]


# Services: the list ----------------------------------------------------------------------------


def test_only_the_functional_administrator_keeps_the_list(world, themes, admin):
    for user in (world.director.user, world.backoffice):
        with pytest.raises(Forbidden):
            theme_create(actor=user, name="Vereenzaming")
        with pytest.raises(Forbidden):
            theme_update(actor=user, theme=themes["debts"], expected_version=None, name="X")
        with pytest.raises(Forbidden):
            theme_set_active(actor=user, theme=themes["debts"], active=False, expected_version=None)
    theme = theme_create(actor=admin, name="Digitale vaardigheden", description="Computer, DigiD")
    assert (theme.code, theme.is_active) == ("digitale-vaardigheden", True)


@pytest.mark.parametrize(
    ("name", "code", "field"),
    [("eenzaamheid", "", "name"), ("Nieuw thema", "debts", "code")],
)
def test_names_ignoring_case_and_codes_are_unique(admin, themes, name, code, field):
    with pytest.raises(ConflictError) as refused:
        theme_create(actor=admin, name=name, code=code)
    assert (refused.value.code, refused.value.field) == ("theme_exists", field)


@pytest.mark.parametrize(
    ("name", "code", "error"),
    [("", "", "required"), ("Goed", "Niet Goed!", "invalid_code"), ("x" * 101, "", "max_length")],
)
def test_bad_input_is_refused_on_its_field(admin, themes, name, code, error):
    with pytest.raises(DomainError) as refused:
        theme_create(actor=admin, name=name, code=code)
    assert refused.value.code == error


def test_a_change_is_versioned_and_keeps_the_code(admin, themes):
    theme = themes["debts"]
    seen = theme.version
    theme_update(actor=admin, theme=theme, expected_version=seen, name="Schulden en betalen")
    assert (theme.name, theme.code, theme.version) == ("Schulden en betalen", "debts", seen + 1)
    with pytest.raises(ConflictError) as refused:
        theme_update(actor=admin, theme=theme, expected_version=seen, description="Anders")
    assert refused.value.code == "stale_version"
    with pytest.raises(ConflictError):
        theme_update(actor=admin, theme=theme, expected_version=theme.version, name="ARMOEDE")


def test_a_theme_in_use_is_deactivated_never_deleted(world, admin, themes):
    case = open_case(world)
    case_themes_set(
        actor=world.director.user, case=case, themes=["debts"], expected_version=case.version
    )
    theme_set_active(actor=admin, theme=themes["debts"], active=False, expected_version=None)
    assert codes_of(case) == ["debts"]
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        themes["debts"].delete()


def test_staff_read_the_active_themes_the_administrator_all(world, admin, themes, resident):
    staff = set(themes_visible_to(user=world.outsider.user).values_list("code", flat=True))
    assert "old-theme" not in staff and {"debts", "loneliness"} <= staff
    assert "old-theme" in themes_visible_to(user=admin).values_list("code", flat=True)
    assert not themes_visible_to(user=resident).exists()


# Concurrency -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_people_setting_themes_at_once_do_not_overwrite_each_other(world, round_):
    from wijkteam.cases.tests.test_concurrency import race, split

    theme_make("debts", "Schulden")
    theme_make("loneliness", "Eenzaamheid")
    case = open_case(world)
    seen = case.version

    results = race(
        lambda: case_themes_set(
            actor=world.director.user,
            case=Case.objects.get(pk=case.pk),
            themes=["debts"],
            expected_version=seen,
        ),
        lambda: case_themes_set(
            actor=world.colleague.user,
            case=Case.objects.get(pk=case.pk),
            themes=["loneliness"],
            expected_version=seen,
        ),
    )

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError) and lost[0].code == "stale_version", repr(lost[0])
    assert len(codes_of(case)) == 1
    assert Case.objects.get(pk=case.pk).version == seen + 1


# Pages -----------------------------------------------------------------------------------------


def test_the_registration_form_offers_the_active_themes_and_keeps_them(en, world, themes):
    en.force_login(world.colleague.user)
    page = en.get(reverse("cases:register"))
    assert 'value="debts"' in page.text and "Oud thema" not in page.text

    # A refused form (no question) comes back with the themes still checked.
    response = en.post(
        reverse("cases:register"), {"question": "", "themes": ["debts", "poverty"], "urgency": 1}
    )
    assert response.status_code == 200 and not Case.objects.exists()
    checked = response.text.count("checked")
    assert 'value="debts"' in response.text and checked >= 2
    for code in ("debts", "poverty"):
        field = response.text.split(f'value="{code}"')[1].split(">")[0]
        assert "checked" in field, code


def test_registering_with_themes(en, world, themes):
    en.force_login(world.colleague.user)
    response = en.post(
        reverse("cases:register"),
        {
            "question": "Vraagt hulp bij de post",
            "source": "resident",
            "channel": "phone",
            "urgency": 1,
            "postcode": "2035AB",
            "themes": ["debts"],
        },
    )
    assert response.status_code == 302, response.content
    assert codes_of(Case.objects.get()) == ["debts"]


def test_an_inactive_theme_posted_to_the_registration_is_refused_with_the_form(en, world, themes):
    en.force_login(world.colleague.user)
    response = en.post(
        reverse("cases:register"),
        {"question": "Vraag", "urgency": 1, "postcode": "2035AB", "themes": ["old-theme"]},
    )
    assert not Case.objects.exists()
    assert "A theme that is no longer in use cannot be added." in response.text
    assert "Vraag" in response.text


def test_the_case_page_shows_and_sets_the_themes(en, world, themes):
    case = open_case(world)
    en.force_login(world.director.user)
    page = en.get(reverse("cases:detail", args=[case.pk]))
    assert reverse("cases:case_themes", args=[case.pk]) in page.text

    response = en.post(
        reverse("cases:case_themes", args=[case.pk]),
        {"themes-themes": ["debts", "loneliness"], "themes-expected_version": case.version},
    )
    assert response.status_code == 302
    page = en.get(reverse("cases:detail", args=[case.pk]))
    assert "Eenzaamheid, Schulden" in page.text


def test_a_stale_theme_form_is_a_409_with_the_choice_kept(en, world, themes):
    case = open_case(world)
    en.force_login(world.director.user)
    case_themes_set(
        actor=world.colleague.user, case=case, themes=["poverty"], expected_version=case.version
    )
    response = en.post(
        reverse("cases:case_themes", args=[case.pk]),
        {"themes-themes": ["debts"], "themes-expected_version": case.version - 1},
    )
    assert response.status_code == 409
    assert "Someone else changed this case in the meantime." in response.text
    field = response.text.split('value="debts"')[1].split(">")[0]
    assert "checked" in field
    assert f'name="themes-expected_version" value="{case.version}"' in response.text
    assert codes_of(case) == ["poverty"]


def test_an_ended_case_shows_its_themes_without_a_form(en, world, themes):
    case = open_case(world, Status.STOPPED)
    en.force_login(world.director.user)
    page = en.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert reverse("cases:case_themes", args=[case.pk]) not in page.text
    response = en.post(
        reverse("cases:case_themes", args=[case.pk]),
        {"themes-themes": ["debts"], "themes-expected_version": case.version},
    )
    assert response.status_code == 409
    assert "The themes of an ended case are part of its history" in response.text


def test_who_does_not_see_the_file_cannot_set_its_themes(en, world, themes):
    case = open_case(world)
    for user in (world.outsider.user, world.colleague.user):
        en.force_login(user)
        response = en.post(
            reverse("cases:case_themes", args=[case.pk]),
            {"themes-themes": ["debts"], "themes-expected_version": case.version},
        )
        assert response.status_code == 404
    assert codes_of(case) == []


def test_the_list_pages_are_for_the_functional_administrator(en, world, admin, themes, resident):
    urls = [
        reverse("cases:themes"),
        reverse("cases:theme_create"),
        reverse("cases:theme_edit", args=[themes["debts"].pk]),
    ]
    for user in (world.director.user, world.backoffice, resident):
        en.force_login(user)
        for url in urls:
            assert en.get(url).status_code == 403, (user, url)
    en.force_login(admin)
    listing = en.get(urls[0])
    assert listing.status_code == 200
    assert "Oud thema" in listing.text and "Inactive" in listing.text


def test_the_administrator_adds_changes_and_deactivates_a_theme(en, admin, themes):
    en.force_login(admin)
    response = en.post(
        reverse("cases:theme_create"), {"name": "Digitale vaardigheden", "code": "digitaal"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(code="digitaal")

    response = en.post(
        reverse("cases:theme_edit", args=[theme.pk]),
        {"name": "Digitale zelfredzaamheid", "description": "DigiD", "version": theme.version},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.code) == ("Digitale zelfredzaamheid", "digitaal")

    response = en.post(
        reverse("cases:theme_set_active", args=[theme.pk]),
        {"active": "false", "version": theme.version},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert not theme.is_active


def test_a_name_clash_is_shown_at_the_field_with_what_was_typed(en, admin, themes):
    en.force_login(admin)
    response = en.post(
        reverse("cases:theme_create"), {"name": "SCHULDEN", "description": "Mijn omschrijving"}
    )
    assert response.status_code == 409
    assert "There is already a theme called “Schulden”." in response.text
    assert "Mijn omschrijving" in response.text and 'value="SCHULDEN"' in response.text


def test_a_stale_edit_is_a_409(en, admin, themes):
    theme = themes["debts"]
    en.force_login(admin)
    theme_update(actor=admin, theme=theme, expected_version=theme.version, name="Geldzorgen")
    response = en.post(
        reverse("cases:theme_edit", args=[theme.pk]),
        {"name": "Schulden!", "version": theme.version - 1},
    )
    assert response.status_code == 409
    assert 'value="Schulden!"' in response.text
    theme.refresh_from_db()
    assert theme.name == "Geldzorgen"


def test_the_list_page_needs_a_constant_number_of_queries(
    en, admin, themes, django_assert_max_num_queries
):
    for number in range(30):
        theme_make(f"thema-{number}", f"Thema {number:02d}")
    en.force_login(admin)
    with django_assert_max_num_queries(15):  # 13 now, whatever the number of themes
        response = en.get(reverse("cases:themes"))
    assert "Thema 29" in response.text


def test_the_start_page_links_the_administrator_to_the_themes(en, admin):
    en.force_login(admin)
    assert reverse("cases:themes") in en.get("/").text


# API -------------------------------------------------------------------------------------------


def test_registration_and_case_detail_carry_themes(world, themes):
    client = api_as(world.director.user)
    response = client.post(
        "/api/registrations/",
        {"question": "Geldzorgen", "postcode": "2035AB", "themes": ["debts", "poverty"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    case_id = response.json()["case"]["id"]
    detail = client.get(f"/api/cases/{case_id}/").json()
    assert [(t["code"], t["name"]) for t in detail["themes"]] == [
        ("poverty", "Armoede"),
        ("debts", "Schulden"),
    ]

    refused = client.post(
        "/api/registrations/",
        {"question": "Geldzorgen", "postcode": "2035AC", "themes": ["old-theme"]},
        format="json",
    )
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == ("invalid_theme", "themes")


def test_put_themes_answers_200_400_and_409(world, themes):
    case = open_case(world)
    client = api_as(world.director.user)
    url = f"/api/cases/{case.pk}/themes/"
    ok = client.put(url, {"themes": ["loneliness"], "version": case.version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert [t["code"] for t in ok.json()["themes"]] == ["loneliness"]
    version = ok.json()["version"]

    bad = client.put(url, {"themes": ["nope"], "version": version}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_theme"
    missing = client.put(url, {"themes": []}, format="json")
    assert missing.status_code == 400
    stale = client.put(url, {"themes": [], "version": version - 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert codes_of(case) == ["loneliness"]

    hidden = api_as(world.outsider.user).put(url, {"themes": [], "version": version}, format="json")
    assert hidden.status_code == 404


def test_the_theme_list_in_the_api(world, admin, themes, resident):
    staff = api_as(world.outsider.user).get("/api/themes/").json()["results"]
    assert "old-theme" not in [t["code"] for t in staff]
    everything = api_as(admin).get("/api/themes/").json()["results"]
    assert "old-theme" in [t["code"] for t in everything]
    assert api_as(resident).get("/api/themes/").status_code == 403


def test_only_the_administrator_writes_themes_in_the_api(world, admin, themes):
    theme = themes["debts"]
    for user in (world.director.user, world.backoffice):
        client = api_as(user)
        assert client.post("/api/themes/", {"name": "Nieuw"}, format="json").status_code == 403
        patch = client.patch(
            f"/api/themes/{theme.pk}/", {"name": "X", "version": theme.version}, format="json"
        )
        assert patch.status_code == 403

    client = api_as(admin)
    created = client.post("/api/themes/", {"name": "Digitale vaardigheden"}, format="json")
    assert created.status_code == 201 and created.json()["code"] == "digitale-vaardigheden"
    clash = client.post("/api/themes/", {"name": "schulden"}, format="json")
    assert clash.status_code == 409 and clash.json()["code"] == "theme_exists"

    changed = client.patch(
        f"/api/themes/{theme.pk}/", {"is_active": False, "version": theme.version}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["is_active"] is False
    stale = client.patch(
        f"/api/themes/{theme.pk}/", {"name": "Y", "version": theme.version}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


# The subject-access export ------------------------------------------------------------------------


def test_the_export_names_the_themes_of_each_case(world, themes):
    from wijkteam.rights.selectors import subject_access_export
    from wijkteam.rights.tests.conftest import make_file

    file = make_file(world)
    case_themes_set(
        actor=world.director.user,
        case=file.case,
        themes=["debts", "loneliness"],
        expected_version=file.case.version,
    )
    export = subject_access_export(user=world.director.user, person=file.person)
    assert export["cases"][0]["themes"] == ["Eenzaamheid", "Schulden"]


def test_the_export_leaves_out_the_themes_of_another_household(world, themes):
    """The themes of one case are not another household's: the export lists its own only."""
    from wijkteam.rights.selectors import subject_access_export
    from wijkteam.rights.tests.conftest import make_file

    file = make_file(world)
    other = open_case(world)
    case_themes_set(
        actor=world.director.user, case=other, themes=["poverty"], expected_version=other.version
    )
    export = subject_access_export(user=world.director.user, person=file.person)
    assert all("Armoede" not in case["themes"] for case in export["cases"])
