"""Backups: a round trip between SQLite and PostgreSQL gives identical content, audit log included."""

import datetime as dt
import gzip
import io
import json

import pytest
from sqlalchemy.orm import Session

from assessments.backup import restore_backup, write_backup
from assessments.demo import load_demo
from assessments.errors import InvalidInput
from assessments.models import Base
from tests.conftest import empty_tables

WHEN = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def dump(engine) -> bytes:
    out = io.BytesIO()
    with engine.connect() as connection:
        write_backup(connection, out, WHEN)
    return out.getvalue()


def test_backup_is_documented_json_lines_with_every_table(engine, session, seed_set):
    load_demo(session, password="demo-password-1")
    session.commit()
    lines = [json.loads(line) for line in gzip.decompress(dump(engine)).splitlines()]
    assert lines[0]["format"] == "washfit-backup" and lines[0]["schema"]
    tables = [line["table"] for line in lines if isinstance(line, dict) and "table" in line]
    assert tables == [t.name for t in Base.metadata.sorted_tables]
    assert next(line for line in lines if isinstance(line, dict) and line.get("table") == "facilities")["rows"] == 26


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_gives_identical_content(both_engines, seed_set):
    source, target = both_engines
    with Session(source) as s:
        load_demo(s, password="demo-password-1")
        s.commit()
    first = dump(source)
    with target.begin() as connection:
        counts = restore_backup(connection, io.BytesIO(first))
    assert counts["audit_log"] > 0 and counts["responses"] > 1000
    assert dump(target) == first


def test_restore_refuses_a_non_empty_database(engine, session, seed_set):
    load_demo(session, password="demo-password-1")
    session.commit()
    backup = dump(engine)
    with engine.connect() as connection, pytest.raises(InvalidInput, match="not empty"):
        restore_backup(connection, io.BytesIO(backup))


@pytest.mark.parametrize("content", [b"not gzip at all", gzip.compress(b'{"format": "other"}\n'),
                                     gzip.compress(b"[1, 2]\n"), b""])
def test_restore_refuses_files_that_are_not_backups(engine, content):
    with engine.connect() as connection, pytest.raises(InvalidInput, match="not a washfit backup"):
        restore_backup(connection, io.BytesIO(content))


def test_truncated_backup_restores_nothing(engine, session, seed_set):
    load_demo(session, password="demo-password-1")
    session.commit()
    raw = gzip.decompress(dump(engine)).splitlines()
    truncated = gzip.compress(b"\n".join(raw[: len(raw) // 2]) + b"\n")
    empty_tables(engine)
    connection = engine.connect()
    transaction = connection.begin()
    with pytest.raises(InvalidInput, match="ends early"):
        restore_backup(connection, io.BytesIO(truncated))
    transaction.rollback()
    connection.close()
    with engine.connect() as check:
        assert all(check.execute(t.select().limit(1)).first() is None for t in Base.metadata.sorted_tables)
