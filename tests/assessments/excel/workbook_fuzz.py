"""Generated and mutated workbooks for fuzzing the importer (the test suite and benchmarks/fuzz_import.py).

Mutations work at three depths: bytes of the file, parts of the zip archive, and cells typed into
a valid filled template. A fixed seed gives the same cases every run.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator

from tests.assessments.excel.workbook_files import filled, with_members

NASTY_VALUES: list[object] = [
    "=1+1", "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)", "\t2", "\r2", "ya", "", " ", "2 ",
    "Memenuhi", "memenuhi sebagian", "TIDAK BERLAKU", "na", 2, 1, 0, 3, -1, 1.5, 2.0, True, None,
    "<script>alert(1)</script>", "' OR 1=1 --", "x" * 40_000, "🙂", "١", "NaN", "1e309",  # noqa: RUF001 - Arabic-Indic 1
]


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _splice(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + rng.randbytes(rng.randint(1, 500)) + data[start:]


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        name = rng.choice(names)
        content = bytearray(archive.read(name))
    choice = rng.random()
    if choice < 0.4 and content:
        for _ in range(rng.randint(1, 10)):
            content[rng.randrange(len(content))] = rng.choice(b"<>\"'&=/ 0123456789abcdefg")
    elif choice < 0.6:
        content = content[: rng.randrange(len(content) + 1)]
    elif choice < 0.8:
        content = bytearray(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "ee">]><x>&e;</x>')
    else:
        content = bytearray(rng.randbytes(rng.randint(0, 2000)))
    return with_members(data, {}, {name: bytes(content)})


def _extra_member(data: bytes, rng: random.Random) -> bytes:
    extra = rng.choice([
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + rng.randbytes(100)},
        {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
        {"xl/worksheets/sheet99.xml": b"0" * rng.choice([10, 10_000, 3_000_000])},
        {f"junk/{rng.randrange(10**6)}.bin": rng.randbytes(100)},
    ])
    return with_members(data, extra)


def _cells(data: bytes, rng: random.Random, sheets: list[str]) -> bytes:
    cells: dict[str, object] = {}
    for _ in range(rng.randint(1, 8)):
        sheet = rng.choice(sheets)
        column = rng.choice("ABCDEFZ")
        row = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 20, 200, 600])
        cells[f"'{sheet}'!{column}{row}"] = rng.choice(NASTY_VALUES)
    return filled(data, cells)


def mutations(template: bytes, filled_template: bytes, sheets: list[str], seed: int) -> Iterator[tuple[str, bytes]]:
    """An endless stream of (kind, file) cases, deterministic for a seed."""
    rng = random.Random(seed)
    byte_level: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
        ("flip bytes", _flip_bytes), ("truncate", _truncate), ("splice", _splice),
        ("mutate part", _mutate_member), ("extra part", _extra_member),
    ]
    while True:
        base = rng.choice([template, filled_template])
        if rng.random() < 0.35:
            kind, mutate = "cells", lambda data, r: _cells(data, r, sheets)
        else:
            kind, mutate = rng.choice(byte_level)
        try:
            yield kind, mutate(base, rng)
        except (zipfile.BadZipFile, OSError, ValueError):
            continue  # the generator could not build this case; it is not the importer's failure
