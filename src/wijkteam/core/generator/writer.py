"""Rows into tables, fast: PostgreSQL's ``COPY``, SQLite's ``executemany``.

The generator builds millions of rows; one ``save()`` a row would take a day. It gives every row
its primary key itself (counting on from the table's highest id), so rows can point at each other
before anything is written. Nothing here validates: the generator writes only what the models'
constraints allow, the database's check and unique constraints check every row, and foreign keys
are checked by the database or, in bulk mode, afterwards (``build._references_check``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, models
from django.db.models import Max

_REQUIRED = object()


class Table:
    """One model's table: its columns in a fixed order and the next free id."""

    def __init__(self, model: type[models.Model], *, offset: int = 0, step: int = 1) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.attnames = [field.attname for field in self.fields]
        self.json_columns = {
            index for index, field in enumerate(self.fields) if isinstance(field, models.JSONField)
        }
        # What a field not given takes: its default when that is a plain value, None when it may
        # be null; a callable default (``timezone.now``, ``list``) must be given, so no row
        # silently gets the moment of generation.
        self.defaults = [
            (field.default if not callable(field.default) else _REQUIRED)
            if field.has_default()
            else (None if field.null else _REQUIRED)
            for field in self.fields
        ]
        self.required = {
            attname
            for attname, default in zip(self.attnames, self.defaults, strict=True)
            if default is _REQUIRED
        }
        self.known = set(self.attnames)
        highest = model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        # Job ``offset`` of ``step`` jobs writing side by side takes every ``step``-th id.
        self.next_id = highest + 1 + offset
        self.step = step
        self.rows: list[tuple] = []
        self.written = 0

    def new_id(self) -> int:
        allocated = self.next_id
        self.next_id += self.step
        return allocated

    def add(self, **values) -> int:
        """Queue a row given by attribute name (``case_id``, not ``case``); fields not given
        take their model default. Returns the row's id."""
        if "id" not in values:
            values["id"] = self.new_id()
        keys = values.keys()
        if not (self.required <= keys and keys <= self.known):
            missing, unknown = sorted(self.required - keys), sorted(keys - self.known)
            raise KeyError(f"{self.name}: missing {missing}, unknown {unknown}")
        row = tuple([values.get(a, d) for a, d in zip(self.attnames, self.defaults, strict=True)])
        self.rows.append(row)
        return values["id"]


class Writer:
    """Queues rows per table and writes them in dependency order when asked to."""

    def __init__(
        self, models_in_order: Iterable[type[models.Model]], *, offset: int = 0, step: int = 1
    ) -> None:
        self.tables = {model: Table(model, offset=offset, step=step) for model in models_in_order}
        self.postgres = connection.vendor == "postgresql"

    def __getitem__(self, model: type[models.Model]) -> Table:
        return self.tables[model]

    @property
    def queued(self) -> int:
        return sum(len(table.rows) for table in self.tables.values())

    def flush(self) -> None:
        """Write everything queued, parents before children (the order given)."""
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.rows:
                    self._write(cursor, table)
                    table.written += len(table.rows)
                    table.rows = []

    def _write(self, cursor, table: Table) -> None:
        columns = ", ".join(connection.ops.quote_name(column) for column in table.columns)
        if self.postgres:
            quoted = connection.ops.quote_name(table.name)
            # psycopg's COPY: rows as Python values, adapted per column by the server.
            with cursor.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                for row in table.rows:
                    copy.write_row(self._jsonified(table, row))
            return
        prepared = [
            tuple(
                field.get_db_prep_save(value, connection)
                if index not in table.json_columns
                else (None if value is None else json.dumps(value))
                for index, (field, value) in enumerate(zip(table.fields, row, strict=True))
            )
            for row in table.rows
        ]
        placeholders = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table.name)} ({columns}) "  # noqa: S608
            f"VALUES ({placeholders})",
            prepared,
        )

    @staticmethod
    def _jsonified(table: Table, row: tuple) -> tuple:
        if not table.json_columns:
            return row
        return tuple(
            json.dumps(value) if index in table.json_columns and value is not None else value
            for index, value in enumerate(row)
        )

    def written(self) -> dict[str, int]:
        """Rows written so far, per table name."""
        return {table.name: table.written for table in self.tables.values()}
