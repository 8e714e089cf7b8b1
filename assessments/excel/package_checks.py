"""Check an uploaded .xlsx as a package before openpyxl builds anything: size, zip bombs, macros, DTDs, counts.

A workbook from the field is untrusted input. These checks run from the cheapest to the most
expensive, against the ``UploadBounds`` of the kind of file (``upload_bounds``), and openpyxl
only sees a file that passed them:

1. the bytes: size, a zip archive (not an old .xls or an encrypted file);
2. the archive, from its directory alone: member count, total uncompressed size and each
   member's compression ratio (zip bombs), macros (``vbaProject.bin``, macro sheets, a
   macro-enabled content type), external links and data connections;
3. every part, streamed (``xml_parts``): no DOCTYPE or entity declarations (Excel never writes
   them) whatever the part's name or encoding, and no more rows, cells, styles, shared strings
   or elements than the bounds allow.

``zipfile`` stops each member at the size its header declares (and checks the CRC), so the
sizes checked in step 2 also bound what openpyxl decompresses.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from openpyxl import Workbook, load_workbook

from assessments.excel.problems import WorkbookRejected, problem
from assessments.excel.upload_bounds import OFFLINE_FORM, UploadBounds
from assessments.excel.xml_parts import scan_parts

MAX_FILE_BYTES = OFFLINE_FORM.file_bytes  # what the upload page and the command read at most
RATIO_FLOOR = 64 * 1024  # tiny members may compress better than the bound without harm

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# What zipfile raises for a damaged archive: a broken directory, CRC or deflate stream, an
# unsupported zip version or compression, an encrypted member.
BROKEN_ARCHIVE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
                  NotImplementedError, RuntimeError)


def check_package(data: bytes, bounds: UploadBounds) -> None:
    """Refuse what is not a plain .xlsx within ``bounds`` before openpyxl builds anything."""
    if len(data) == 0:
        raise WorkbookRejected([problem(None, "the file is empty")])
    if len(data) > bounds.file_bytes:
        raise WorkbookRejected([problem(
            None, "the file is larger than %(limit)s MB", limit=bounds.file_bytes // 2**20)])
    if data.startswith(_OLE_MAGIC):
        raise WorkbookRejected([problem(
            None, "this is an old .xls file or a password-protected workbook; save it as .xlsx without a password")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except BROKEN_ARCHIVE:
        raise WorkbookRejected([problem(None, "the file is not an Excel workbook (.xlsx)")]) from None
    with archive:
        members = archive.infolist()
        _check_members(members, bounds)
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookRejected([problem(None, "the file is not an Excel workbook (.xlsx)")])
        _check_contents(archive, members, bounds)


def _check_members(members: list[zipfile.ZipInfo], bounds: UploadBounds) -> None:
    if len(members) > bounds.members:
        raise WorkbookRejected([problem(None, "the workbook has too many parts (%(count)d)", count=len(members))])
    total = sum(m.file_size for m in members)
    if total > bounds.uncompressed_bytes:
        raise WorkbookRejected([problem(
            None, "the workbook unpacks to %(size)d MB, more than the %(limit)d MB allowed (a zip bomb?)",
            size=total // 2**20, limit=bounds.uncompressed_bytes // 2**20)])
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > bounds.compression_ratio:
            raise WorkbookRejected([problem(
                None, "the part %(name)s is compressed %(ratio)d times, more than a workbook ever is (a zip bomb?)",
                name=member.filename, ratio=int(ratio))])
    problems = []
    lowered = [m.filename.lower() for m in members]
    if any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in lowered):
        problems.append(problem(None, "the workbook contains macros; washfit accepts only the .xlsx it exported"))
    if any(n.startswith("xl/externallinks/") or n == "xl/connections.xml" for n in lowered):
        problems.append(problem(None, "the workbook links to other files or data sources; fill in a fresh template"))
    if problems:
        raise WorkbookRejected(problems)


def _check_contents(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], bounds: UploadBounds) -> None:
    try:
        content_types = archive.read("[Content_Types].xml")
        if b"macroenabled" in content_types.lower():
            raise WorkbookRejected([problem(
                None, "the workbook is macro-enabled (.xlsm); save it as .xlsx (Excel Workbook)")])
        scan_parts(archive, members, bounds)
    except BROKEN_ARCHIVE:
        raise WorkbookRejected([problem(None, "the file is not an Excel workbook (.xlsx)")]) from None


@contextmanager
def checked_workbook(data: bytes, bounds: UploadBounds, *, data_only: bool = False) -> Iterator[Workbook]:
    """The workbook in ``data``, opened read-only once its package passed ``check_package``.

    Every upload reads its workbook through here: any failure inside openpyxl, while opening or
    while rows are read in the ``with`` block (malformed XML surfaces only then), becomes the one
    refusal "not a readable workbook"; a ``WorkbookRejected`` raised in the block passes as it is.
    """
    check_package(data, bounds)
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (extensions, print settings); none matter here.
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
        except Exception:  # noqa: BLE001 - any failure inside openpyxl means "not a readable workbook"
            raise _unreadable() from None
        try:
            yield workbook
        except WorkbookRejected:
            raise
        except Exception:  # noqa: BLE001 - malformed XML surfaces only while rows are read
            raise _unreadable() from None
        finally:
            workbook.close()


def _unreadable() -> WorkbookRejected:
    return WorkbookRejected([problem(None, "the file could not be read as an Excel workbook")])
