"""Backup and restore in a portable format: gzip-compressed JSON Lines, one table after another.

Layout (documented in README, "Backup and restore")::

    {"format": "washfit-backup", "version": 1, "schema": "<alembic revision>", "created_at": "..."}
    {"table": "facilities", "columns": ["id", "code", ...], "rows": N}
    [1, "KPG01", ...]                       # N rows, ordered by primary key
    {"table": "assessment_rounds", ...}
    ...

Values are JSON: dates and datetimes as ISO 8601 (datetimes in UTC), decimals as strings. Tables
come in foreign-key order, so a restore inserts them as they come. Being plain JSON, a backup of
SQLite restores into PostgreSQL and back, and the same content always gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, Numeric, Table, func, select, text

from assessments.database import schema_revision
from assessments.errors import InvalidInput
from assessments.models import Base

FORMAT = "washfit-backup"
VERSION = 1
BATCH = 5000


def _to_json(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)  # SQLite drops the zone; it was UTC
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(table: Table, column: str, value: Any) -> object:
    if value is None:
        return None
    kind = table.c[column].type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal(value)
    return value


def _nothing() -> None:
    return None


def write_backup(
    connection: Connection, out: IO[bytes], created_at: dt.datetime, step: Callable[[], None] = _nothing
) -> dict[str, int]:
    """Write every table to ``out``; return the row count per table. ``step`` is called after each table."""
    counts: dict[str, int] = {}
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as archive:
        def line(obj: object) -> None:
            archive.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")

        line({"format": FORMAT, "version": VERSION, "schema": schema_revision(connection),
              "created_at": _to_json(created_at)})
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            total = connection.scalar(select(func.count()).select_from(table)) or 0
            line({"table": table.name, "columns": columns, "rows": total})
            query = select(*table.columns).order_by(*table.primary_key.columns)
            for row in connection.execution_options(yield_per=BATCH).execute(query):
                line([_to_json(v) for v in row])
            counts[table.name] = total
            step()
    return counts


def _lines(source: IO[bytes]) -> Iterator[Any]:
    try:
        with gzip.GzipFile(fileobj=source, mode="rb") as archive:
            for raw in archive:
                yield json.loads(raw)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput("not a washfit backup (the file is damaged or of another kind)") from None


def restore_backup(connection: Connection, source: IO[bytes], step: Callable[[], None] = _nothing) -> dict[str, int]:
    """Load a backup into an empty database at the same schema; all or nothing (caller's transaction).

    ``step`` is called after each table.
    """
    lines = _lines(source)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInput("not a washfit backup (the file is damaged or of another kind)")
    if header.get("version") != VERSION:
        raise InvalidInput("backup format version %(version)s is not supported", version=header.get("version"))
    current = schema_revision(connection)
    if header.get("schema") != current:
        raise InvalidInput("the backup is of schema %(theirs)s but the database is at %(ours)s; run washfit init-db "
                           "with the matching version", theirs=header.get("schema"), ours=current)
    for table in Base.metadata.sorted_tables:
        if connection.scalar(select(func.count()).select_from(table)):
            raise InvalidInput("the database is not empty (table %(table)s has rows); restore into an empty database",
                               table=table.name)
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    counts: dict[str, int] = {}
    for section in lines:
        if not isinstance(section, dict) or section.get("table") not in tables:
            raise InvalidInput("not a washfit backup (the file is damaged or of another kind)")
        table = tables[section["table"]]
        columns = section["columns"]
        if set(columns) != {c.name for c in table.columns}:
            raise InvalidInput("the columns of table %(table)s do not match this schema", table=table.name)
        batch: list[dict[str, object]] = []
        for _ in range(section["rows"]):
            row = next(lines, None)
            if not isinstance(row, list) or len(row) != len(columns):
                raise InvalidInput("the backup ends early or is damaged (table %(table)s)", table=table.name)
            batch.append({c: _from_json(table, c, v) for c, v in zip(columns, row, strict=True)})
            if len(batch) >= BATCH:
                connection.execute(table.insert(), batch)
                batch = []
        if batch:
            connection.execute(table.insert(), batch)
        counts[table.name] = section["rows"]
        step()
    _reset_sequences(connection)
    return counts


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences must continue after the restored ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ))


def table_count() -> int:
    """How many tables a backup holds: the length of a bar that steps once per table."""
    return len(Base.metadata.sorted_tables)
