"""How much an uploaded workbook may hold, in one place: bytes, parts, and the elements inside them.

A bound on bytes alone does not bound the work: 5 MB of compressed XML can hold a row of 1.66
million cells, 450,000 cell formats or 700,000 rows all numbered 1, and openpyxl builds every
one of them in memory before any check of ours sees a cell. So an upload is bounded by what it
contains, counted while its XML parts are streamed (``xml_parts``) before openpyxl opens it.

Each kind of upload gets its own ``UploadBounds``: generous next to the real file it stands for,
small next to what hurts a worker. ``OFFLINE_FORM`` is the offline assessment form; submissions
exports, price lists and audits get theirs beside it when they arrive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assessments.i18n.labels import N_


@dataclass(frozen=True)
class UploadBounds:
    """The most an uploaded .xlsx of one kind may hold; anything beyond is refused unread."""

    file_bytes: int
    members: int  # parts in the archive
    uncompressed_bytes: int  # all parts together, unpacked
    compression_ratio: int  # of any part above a small size (zip bombs)
    rows_per_sheet: int
    cells_per_row: int
    cells: int  # in all sheets together
    shared_strings: int
    elements: int  # XML elements in all parts together: bounds what no other figure names
    styles: Mapping[str, int] = field(default_factory=dict)  # per kind of style entry, by element name


# What a style entry is called in a refusal, by its element name in styles.xml.
STYLE_KINDS = MappingProxyType({
    "xf": N_("the workbook defines more than %(limit)d cell formats; a washfit template has a few dozen"),
    "font": N_("the workbook defines more than %(limit)d fonts; a washfit template has a few dozen"),
    "fill": N_("the workbook defines more than %(limit)d fills; a washfit template has a few dozen"),
    "border": N_("the workbook defines more than %(limit)d borders; a washfit template has a few dozen"),
    "numFmt": N_("the workbook defines more than %(limit)d number formats; a washfit template has a few dozen"),
    "dxf": N_("the workbook defines more than %(limit)d conditional formats; a washfit template has a few dozen"),
})

# The offline form as washfit exports it for the shipped set (70 indicators) holds 17 parts, at
# most 24 rows in a sheet (the hidden description: 80 with every answer pre-filled), 5 cells in
# a row, about 450 cells in all (1,000 with the description), 12 cell formats, 5 fonts, 4 fills
# and no shared strings (Excel or LibreOffice write one per distinct text when they save it:
# a few hundred). tests/assessments/excel/test_upload_bounds.py measures it against these.
OFFLINE_FORM = UploadBounds(
    file_bytes=5 * 1024 * 1024,
    members=100,
    uncompressed_bytes=30 * 1024 * 1024,
    compression_ratio=100,  # Excel's own sheets compress about 5 to 20 times
    rows_per_sheet=1000,
    cells_per_row=60,  # six columns written (the score meanings the sixth), ten times over
    cells=20_000,
    shared_strings=20_000,
    elements=200_000,
    styles=MappingProxyType({"xf": 2000, "font": 500, "fill": 500, "border": 500, "numFmt": 500, "dxf": 500}),
)

_OFFICE_STYLES = OFFLINE_FORM.styles

# A KoboToolbox XLSX export of a round's submissions: a few hundred rows, one column per field
# (about 150 for the shipped set), text mostly in shared strings. The CSV and JSON layouts
# have the same row, column and cell bounds in ``assessments.xlsform.upload_tables``.
SUBMISSIONS_EXPORT = UploadBounds(
    file_bytes=10 * 1024 * 1024,
    members=100,
    uncompressed_bytes=30 * 1024 * 1024,
    compression_ratio=100,
    rows_per_sheet=5001,  # MAX_ROWS submissions and the header
    cells_per_row=1000,
    cells=1_000_000,
    shared_strings=1_000_000,
    elements=5_000_000,
    styles=_OFFICE_STYLES,
)

# An XLSForm read as an indicator set (``xlsform.set_import``): a Kobo or ODK form has a few
# hundred survey rows and a few dozen columns (a label, hint and message per language, media);
# washfit's own form of the shipped set has 169 survey rows of 14 cells and 2,265 rows in its mapping
# sheet (tests/assessments/excel/test_upload_bounds.py measures it against these).
XLSFORM = UploadBounds(
    file_bytes=5 * 1024 * 1024,
    members=100,
    uncompressed_bytes=30 * 1024 * 1024,
    compression_ratio=100,
    rows_per_sheet=20_000,
    cells_per_row=200,
    cells=300_000,
    shared_strings=300_000,
    elements=3_000_000,
    styles=_OFFICE_STYLES,
)

# A district's price list (SSH) as the budgeting system exports it: thousands of items, a dozen
# columns. The CSV layout has the same row bound in ``assessments.excel.price_list_reader``.
PRICE_LIST = UploadBounds(
    file_bytes=5 * 1024 * 1024,
    members=100,
    uncompressed_bytes=30 * 1024 * 1024,
    compression_ratio=100,
    rows_per_sheet=20_001,
    cells_per_row=50,
    cells=500_000,
    shared_strings=500_000,
    elements=3_000_000,
    styles=_OFFICE_STYLES,
)

# A district's de-identified death audit summaries: a few hundred cases a year, a dozen columns
# (the CSV layout has the same bounds in ``assessments.excel.death_audit_import``).
DEATH_AUDITS = UploadBounds(
    file_bytes=5 * 1024 * 1024,
    members=100,
    uncompressed_bytes=30 * 1024 * 1024,
    compression_ratio=100,
    rows_per_sheet=2001,
    cells_per_row=50,
    cells=100_000,
    shared_strings=100_000,
    elements=1_000_000,
    styles=_OFFICE_STYLES,
)
