"""Retention: files past their term are pseudonymised (or deleted) by a scheduled command,
with a dry run and a report; monitoring data stays; running twice changes nothing more."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.audit.services import CHANGE_EVENTS
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, Contact, StatusChange
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.services import person_add
from wijkteam.plans.models import Action, Goal, PlanRevision
from wijkteam.rights.models import Erasure
from wijkteam.rights.retention import SCRUB, SCRUB_KEEP, retention_apply
from wijkteam.rights.tests.conftest import (
    CONTACT_NOTE,
    FAMILY_NAME,
    HOUSEHOLD_GOAL,
    QUESTION,
    STREET,
    make_file,
)
from wijkteam.zrm.models import Score

TZ = timezone.get_default_timezone()
SIXTEEN_YEARS_AGO = datetime(2010, 2, 1, 10, tzinfo=TZ)
LAST_YEAR = datetime(2025, 1, 1, 10, tzinfo=TZ)
NOW = datetime(2026, 6, 1, 10, tzinfo=TZ)


@pytest.fixture
def files(world):
    """An old closed file (past the 15-year term), a recent closed one and an open one."""
    with time_machine.travel(SIXTEEN_YEARS_AGO, tick=False):
        old = make_file(world, status=Status.CLOSED)
    with time_machine.travel(LAST_YEAR, tick=False):
        recent = make_file(world, status=Status.CLOSED, bsn="100000009", partner_bsn="100000010")
        open_ = make_file(world, status=Status.PLAN_ACTIVE, bsn="100000022", partner_bsn="")
    return old, recent, open_


def snapshot() -> dict:
    """Every row that matters, to prove a dry run changes nothing."""
    return {
        "persons": list(Person.objects.order_by("pk").values()),
        "households": list(Household.objects.order_by("pk").values()),
        "cases": list(Case.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "goals": list(Goal.objects.order_by("pk").values()),
        "log": AccessLogEntry.objects.count(),
        "erasures": Erasure.objects.count(),
    }


def test_dry_run_changes_nothing_and_reports(world, files):
    before = snapshot()
    report = retention_apply(dry_run=True, now=NOW)
    assert snapshot() == before
    assert (report.dry_run, report.households, report.cases) == (True, 1, 1)
    assert report.per_team == {"Schalkwijk 1": {"pseudonymise": 1}}


def test_the_real_run_pseudonymises_only_files_past_their_term(world, files):
    old, recent, open_ = files
    case_before = Case.objects.values().get(pk=old.case.pk)
    scores_before = sorted(
        Score.objects.filter(assessment__case=old.case).values_list("domain", "score")
    )
    steps_before = sorted(
        Action.objects.filter(goal__plan__case=old.case).values_list("step", flat=True)
    )
    last_log = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    with access_context(origin="apply_retention"):
        report = retention_apply(dry_run=False, now=NOW)
    assert (report.dry_run, report.households, report.cases) == (False, 1, 1)

    # Identifying data and free text are gone.
    for person in Person.objects.filter(household=old.household):
        assert (person.given_name, person.family_name, person.bsn, person.phone, person.email) == (
            "",
            "",
            "",
            "",
            "",
        )
    person = Person.objects.get(pk=old.person.pk)
    assert (person.date_of_birth, person.role) == (date(1980, 1, 1), HouseholdRole.MAIN)
    household = Household.objects.get(pk=old.household.pk)
    assert (household.street, household.house_number, household.postcode) == ("", None, "2035")
    assert household.neighbourhood.name == "Boerhaavewijk" and household.team == world.schalkwijk
    case = Case.objects.values().get(pk=old.case.pk)
    assert case["question"] == ""
    assert not StatusChange.objects.filter(case=old.case).exclude(note="").exists()
    assert set(Contact.objects.filter(case=old.case).values_list("note", flat=True)) == {""}
    assert set(Goal.objects.filter(plan__case=old.case).values_list("description", flat=True)) == {
        ""
    }
    assert set(
        Action.objects.filter(goal__plan__case=old.case).values_list("description", flat=True)
    ) == {""}
    snapshot_text = json.dumps(
        list(PlanRevision.objects.filter(plan__case=old.case).values_list("snapshot", flat=True))
    )
    assert HOUSEHOLD_GOAL not in snapshot_text and '"step": 1' in snapshot_text

    # What the monitoring counts use stays as it was.
    for name in ("status", "registered_at", "closed_at", "domains", "source", "channel", "team_id"):
        assert case[name] == case_before[name], name
    assert (
        sorted(Score.objects.filter(assessment__case=old.case).values_list("domain", "score"))
        == scores_before
    )
    assert (
        sorted(Action.objects.filter(goal__plan__case=old.case).values_list("step", flat=True))
        == steps_before
    )
    assert set(Goal.objects.filter(plan__case=old.case).values_list("outcome", flat=True)) == {
        "reached"
    }

    # The others are untouched.
    for kept in (recent, open_):
        assert Person.objects.get(pk=kept.person.pk).family_name == FAMILY_NAME
        assert Household.objects.get(pk=kept.household.pk).street == STREET
        assert Case.objects.get(pk=kept.case.pk).question == QUESTION
        assert Contact.objects.get(case=kept.case).note == CONTACT_NOTE

    # One access-log entry for the household, from the command; nothing else.
    [entry] = AccessLogEntry.objects.filter(id__gt=last_log)
    assert (entry.event, entry.household_id, entry.channel, entry.origin) == (
        "retention_applied",
        old.household.pk,
        "command",
        "apply_retention",
    )
    erasure = Erasure.objects.get()
    assert (erasure.household_id, erasure.ground, erasure.action) == (
        old.household.pk,
        "retention",
        "pseudonymise",
    )


def test_retention_is_idempotent(world, files):
    retention_apply(dry_run=False, now=NOW)
    after_first = snapshot()
    report = retention_apply(dry_run=False, now=NOW)
    assert report.households == 0 and report.per_team == {}
    assert snapshot() == after_first


def test_a_restricted_file_is_kept_until_the_restriction_is_lifted(world, files):
    from wijkteam.rights.services import restriction_lift, restriction_start

    old = files[0]
    restriction_start(actor=world.director.user, household=old.household, reason="Rechtszaak")
    report = retention_apply(dry_run=False, now=NOW)
    assert (report.households, report.restricted) == (0, 1)
    assert report.per_team == {"Schalkwijk 1": {"kept_restricted": 1}}
    assert Person.objects.get(pk=old.person.pk).family_name == FAMILY_NAME
    restriction_lift(actor=world.director.user, household=old.household, reason="Afgerond")
    assert retention_apply(dry_run=False, now=NOW).households == 1


def test_youth_files_keep_the_longer_term(world):
    with time_machine.travel(SIXTEEN_YEARS_AGO, tick=False):
        file = make_file(world, status=Status.CLOSED)
    # A child of five when the case was registered: the Jeugdwet's 20 years apply.
    person_add(
        actor=world.director.user,
        household=file.household,
        role=HouseholdRole.CHILD,
        date_of_birth=date(2005, 3, 3),
    )
    assert retention_apply(dry_run=True, now=NOW).households == 0
    in_twenty_one_years = datetime(2031, 3, 1, tzinfo=TZ)
    assert retention_apply(dry_run=True, now=in_twenty_one_years).households == 1


def test_the_delete_action_removes_the_file(world, files, settings):
    settings.WIJKTEAM_RETENTION_ACTION = "delete"
    old, recent, _open = files
    report = retention_apply(dry_run=False, now=NOW)
    assert report.per_team == {"Schalkwijk 1": {"delete": 1}}
    assert not Household.objects.filter(pk=old.household.pk).exists()
    assert not Person.objects.filter(pk=old.person.pk).exists()
    assert not Case.objects.filter(pk=old.case.pk).exists()
    assert Household.objects.filter(pk=recent.household.pk).exists()
    erasure = Erasure.objects.get()
    assert (erasure.household_id, erasure.action) == (old.household.pk, "delete")
    assert (
        AccessLogEntry.objects.filter(
            event="retention_applied", household_id=old.household.pk, action="delete"
        ).count()
        == 1
    )
    assert retention_apply(dry_run=False, now=NOW).households == 0


def test_the_command_is_a_dry_run_by_default_and_writes_a_report(world, files, tmp_path, capsys):
    report_file = tmp_path / "retention.json"
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention")
        out = capsys.readouterr().out
        assert out.startswith("DRY RUN: 1 households")
        assert Erasure.objects.count() == 0
        call_command("apply_retention", "--apply", "--report", str(report_file))
        out = capsys.readouterr().out
    assert "Schalkwijk 1: pseudonymise 1" in out
    data = json.loads(report_file.read_text())
    assert (data["dry_run"], data["households"], data["action"]) == (False, 1, "pseudonymise")
    assert data["per_team"] == {"Schalkwijk 1": {"pseudonymise": 1}}
    # Counts, never names.
    assert FAMILY_NAME not in out and FAMILY_NAME not in report_file.read_text()
    assert Erasure.objects.count() == 1
    assert AccessLogEntry.objects.get(event="retention_applied").channel == "command"


def test_every_free_text_of_a_client_model_is_scrubbed():
    """A new client model or text field must be added to ``SCRUB`` (or, if it holds no client
    text, to ``SCRUB_KEEP``), or pseudonymisation would leave it behind."""
    from django.apps import apps

    scrubbed = {f"{label}.{name}" for label, _path, values in SCRUB for name in values}
    missing = []
    labels = set(CHANGE_EVENTS) | {label for label, _path, _values in SCRUB}
    for label in sorted(labels):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                key = f"{label}.{field.name}"
                if key not in scrubbed and key not in SCRUB_KEEP:
                    missing.append(key)
    assert missing == []
