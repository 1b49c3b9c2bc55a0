"""The log is append-only and its hash chain detects an altered or removed entry."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry, AppendOnlyError
from wijkteam.audit.services import (
    GENESIS_HASH,
    access_log_chain_check,
    access_log_record,
    access_log_verify,
)


def append(count: int) -> list[AccessLogEntry]:
    with access_context(origin="test"):
        return [
            access_log_record(event="household_viewed", action="read", household_id=n)
            for n in range(1, count + 1)
        ]


def verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify_access_log", stdout=out)
    except CommandError as error:
        return 1, str(error)
    return 0, out.getvalue()


def raw(sql: str, params: list) -> None:
    """Bypass the ORM, as someone with database access would. On PostgreSQL the trigger must be
    switched off first: replica mode skips ordinary triggers (the test role is a superuser)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.django_db
def test_an_intact_chain_passes():
    entries = append(5)
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert verify() == (0, "5 entries, chain intact\n")


@pytest.mark.django_db
def test_an_altered_entry_breaks_the_chain_at_that_entry():
    entries = append(5)
    raw(
        "UPDATE audit_accesslogentry SET household_id = %s WHERE id = %s",
        [999, entries[2].id],
    )
    code, message = verify()
    assert code == 1
    assert f"entry {entries[2].id}:" in message and "altered" in message


@pytest.mark.django_db
def test_an_altered_entry_with_a_recomputed_hash_breaks_the_next_link():
    entries = append(4)
    raw("UPDATE audit_accesslogentry SET hash = %s WHERE id = %s", ["f" * 64, entries[1].id])
    report = access_log_verify()
    assert report.broken_at == entries[1].id  # its own hash no longer matches its contents


@pytest.mark.django_db
def test_a_deleted_entry_breaks_the_chain_at_the_next_one():
    entries = append(5)
    raw("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[2].id])
    code, message = verify()
    assert code == 1
    assert f"entry {entries[3].id}:" in message
    assert access_log_verify().reason == "link"


@pytest.mark.django_db
def test_a_deleted_first_entry_is_detected():
    entries = append(3)
    raw("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[0].id])
    assert access_log_verify().broken_at == entries[1].id


@pytest.mark.django_db
def test_the_check_works_on_a_copy_too():
    entries = append(3)
    assert access_log_chain_check(entries=entries).intact
    entries[1].origin = "elsewhere"
    assert access_log_chain_check(entries=entries).broken_at == entries[1].id


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_delete_entries():
    [entry] = append(1)
    entry.origin = "elsewhere"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(origin="elsewhere")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_create([AccessLogEntry(event="x")])
    assert AccessLogEntry.objects.get().origin == "test"


@pytest.mark.django_db
def test_postgresql_itself_refuses_update_and_delete():
    [entry] = append(1)
    if connection.vendor != "postgresql":
        # SQLite has no roles or such triggers: the ORM guard and the chain protect it.
        assert connection.vendor == "sqlite"
        return
    for sql in (
        "UPDATE audit_accesslogentry SET origin = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslogentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.id])
    assert AccessLogEntry.objects.get().origin == "test"


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    per_thread = 15
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            barrier.wait()
            with access_context(origin=name):
                for n in range(per_thread):
                    # Each in a transaction that does something else first, like a request.
                    with transaction.atomic():
                        AccessLogEntry.objects.count()
                        access_log_record(event="household_viewed", action="read", object_id=n)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = access_log_verify()
    assert report.intact and report.count == 2 * per_thread
    hashes = list(AccessLogEntry.objects.values_list("prev_hash", flat=True))
    assert len(set(hashes)) == len(hashes)  # no two entries claim the same predecessor
    assert set(AccessLogEntry.objects.values_list("origin", flat=True)) == {"t0", "t1"}
