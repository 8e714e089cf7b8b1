"""What every washfit workbook shares: text that Excel never runs, sheet names, header styles, print setup.

Every export writes its text through ``put`` or ``text_cell``, so no value can become a formula
(OWASP's CSV/formula injection guidance), whatever a comment or an action text holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol, TypeAlias, cast
from weakref import WeakKeyDictionary

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder, RowDimension
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PrintPageSetup
from openpyxl.worksheet.properties import WorksheetProperties
from openpyxl.worksheet.worksheet import Worksheet

# What washfit writes into a cell (bool is an int).
CellValue: TypeAlias = str | float | Decimal | date | datetime | None

# Characters that make a spreadsheet treat typed text as a formula (OWASP), tab and CR included.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = "0.0%"
CHANGE_FORMAT = '+0.0" pp";-0.0" pp";0.0" pp"'
SHEET_TITLE_LIMIT = 31
LINE_HEIGHT = 15  # points per line of 11-point text
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\']")
_DANGLING_WORDS = {"dan", "and", "serta", "atau", "or"}

FONT_NAME = "Calibri"  # the default body font; styled cells name it too, or LibreOffice falls back to a serif
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
BOLD = Font(name=FONT_NAME, bold=True)
MUTED_FONT = Font(name=FONT_NAME, italic=True, color="595959")
WARNING_FONT = Font(name=FONT_NAME, bold=True, color="9C0006")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
THIN_BOTTOM = Border(bottom=Side(style="thin", color="808080"))
# Single-hue (blue) scale, readable by people with any colour vision; black text stays legible.
SCALE_LOW, SCALE_HIGH = "F7FBFF", "6BAED6"


class SheetLayout(Protocol):
    """The layout of a sheet: what ``Worksheet._setup`` gives every sheet, a write-only one too.

    openpyxl copies ``_setup`` onto ``WriteOnlyWorksheet``, but the openpyxl stubs leave these
    attributes off that class; ``layout`` says so once instead of at every use.
    """

    @property
    def row_dimensions(self) -> DimensionHolder[int, RowDimension]: ...
    @property
    def column_dimensions(self) -> DimensionHolder[str, ColumnDimension]: ...
    @property
    def page_setup(self) -> PrintPageSetup: ...
    @property
    def sheet_properties(self) -> WorksheetProperties: ...
    @property
    def auto_filter(self) -> AutoFilter: ...
    @property
    def conditional_formatting(self) -> ConditionalFormattingList: ...


def layout(ws: Worksheet | WriteOnlyWorksheet) -> SheetLayout:
    """``ws``'s layout (column widths, row heights, page setup, filter, conditional formats)."""
    return cast(SheetLayout, ws)


def clean_text(value: str) -> str:
    """``value`` without the control characters that XML (and so xlsx) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def is_risky(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def put(cell: Cell, value: CellValue) -> Cell:
    """Give ``cell`` its value; text is always stored as text, never as a formula.

    openpyxl turns any string starting with "=" into a formula. Risky text is stored as a string
    with Excel's quote prefix (the stored form of a leading apostrophe), so it shows unchanged
    and stays text even when someone edits the cell.
    """
    if isinstance(value, str):
        value = clean_text(value)
    cell.value = value
    if is_risky(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(ws: WriteOnlyWorksheet, value: CellValue, *, font: Font | None = None, fill: PatternFill | None = None,
              number_format: str | None = None, alignment: Alignment | None = None) -> Cell:
    """A styled cell for a write-only sheet, its value written through ``put``."""
    # rows grow for wrapped text; the rest of the row reads from the top
    style = _style_of(ws, font, fill, number_format, alignment or TOP)
    return put(Cell(ws, row=1, column=1, style_array=style), value)  # as ``WriteOnlyCell`` makes it


# A cell's style is the workbook's numbers for its font, fill, format and alignment. Setting the
# style objects on each cell registers (hashes) every one of them again; a table of hundreds of
# thousands of cells uses a few styles, so each is worked out once per workbook and copied.
_StyleKey: TypeAlias = tuple[int, int, str | None, int]
_STYLES: WeakKeyDictionary[object, dict[_StyleKey, tuple[object, object, object, StyleArray]]] = (
    WeakKeyDictionary())


def _style_of(ws: WriteOnlyWorksheet, font: Font | None, fill: PatternFill | None, number_format: str | None,
              alignment: Alignment) -> StyleArray:
    """The style numbers in ``ws``'s workbook of these style objects (kept by the objects' identity)."""
    styles = _STYLES.setdefault(ws.parent, {})
    key = (id(font), id(fill), number_format, id(alignment))
    found = styles.get(key)
    if found is not None and found[0] is font and found[1] is fill and found[2] is alignment:
        return found[3]
    sample = WriteOnlyCell(ws)  # set in the order text_cell always set them: the workbook lists styles as before
    sample.alignment = alignment
    if font is not None:
        sample.font = font
    if fill is not None:
        sample.fill = fill
    if number_format is not None:
        sample.number_format = number_format
    # The openpyxl stubs leave off the slot holding a cell's style numbers (what Cell(style_array=) takes).
    style = StyleArray(sample._style)  # type: ignore[attr-defined]
    styles[key] = (font, fill, alignment, style)  # holding the objects keeps their ids from being reused
    return style


def is_plain(value: CellValue) -> bool:
    """Whether ``value`` can be written as it is: no text that needs cleaning or a formula guard."""
    return not isinstance(value, str) or (not is_risky(value) and clean_text(value) == value)


def plain(ws: WriteOnlyWorksheet, value: CellValue) -> CellValue | Cell:
    """``value`` as it is when it needs no cell of its own, else a guarded ``text_cell``.

    Styled cells cost far more to write than plain values; a table of hundreds of thousands of
    rows writes plain values wherever no style and no formula guard is needed.
    """
    return value if is_plain(value) else text_cell(ws, value)


class Repeated:
    """Values a long table repeats row after row (a facility's name, an indicator's statement), checked once.

    ``cells`` gives them as they are when none needs a guard (see ``plain``), else through
    ``plain`` each time: a guarded cell belongs to the one row it is written in.
    """

    __slots__ = ("is_plain", "values")

    def __init__(self, values: tuple[CellValue, ...]) -> None:
        self.values = values
        self.is_plain = all(is_plain(v) for v in values)

    def cells(self, ws: WriteOnlyWorksheet) -> Sequence[CellValue | Cell]:
        return self.values if self.is_plain else [plain(ws, v) for v in self.values]


def header_row(ws: WriteOnlyWorksheet, labels: Iterable[str]) -> list[Cell]:
    """The cells of a table's header row."""
    return [text_cell(ws, label, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP) for label in labels]


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name (at most 31 characters) from ``name``, cut at a word.

    Excel forbids ``[]:*?/\\`` and quotes in sheet names; a cut that would leave a dangling
    "dan"/"and" drops it, so "Energi, bangunan dan pengelolaan fasilitas" reads "Energi, bangunan".
    """
    text = " ".join(_INVALID_TITLE.sub(" ", name).split()) or "Sheet"
    if len(text) > SHEET_TITLE_LIMIT:
        words = text[: SHEET_TITLE_LIMIT + 1].split(" ")[:-1] or [text[:SHEET_TITLE_LIMIT]]
        while len(words) > 1 and words[-1].lower().strip(",;") in _DANGLING_WORDS:
            words.pop()
        text = " ".join(words).rstrip(",;- ")
    taken_lower = {t.lower() for t in taken}
    candidate, n = text, 2
    while candidate.lower() in taken_lower:
        suffix = f" ({n})"
        candidate, n = text[: SHEET_TITLE_LIMIT - len(suffix)] + suffix, n + 1
    return candidate


def cell_reference(sheet: str, coordinate: str) -> str:
    """``Air!D14``, or ``'Kebersihan tangan'!D14`` when the name needs quoting, as Excel writes it."""
    quoted = sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{coordinate}"


def set_widths(ws: Worksheet | WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    """Column widths in characters; a write-only sheet needs them before its first row."""
    for index, width in enumerate(widths, start=1):
        layout(ws).column_dimensions[get_column_letter(index)].width = width


def print_landscape(ws: Worksheet | WriteOnlyWorksheet, title_rows: str | None = None) -> None:
    """Landscape, every column on one page wide, the header repeated on each printed page."""
    sheet = layout(ws)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    page = sheet.sheet_properties.pageSetUpPr
    assert page is not None  # WorksheetProperties always makes one
    page.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def print_one_page(ws: Worksheet) -> None:
    """Portrait A4, shrunk to exactly one page, narrow margins: a sheet of instructions to hand out."""
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    page = ws.sheet_properties.pageSetUpPr
    assert page is not None  # WorksheetProperties always makes one
    page.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def fitted_height(cells: Iterable[object], widths: Iterable[float]) -> float | None:
    """The row height (points) that shows every wrapped text in ``cells``; None for one line.

    Neither Excel nor LibreOffice grows a row for wrapped text in a generated file, so the
    height is estimated from the text length and the column width (about a character a unit).
    """
    lines = 1
    for cell, width in zip(cells, widths, strict=False):  # a row may have fewer cells than columns
        alignment = getattr(cell, "alignment", None)  # plain values (see ``plain``) never wrap
        value = getattr(cell, "value", None)
        if not isinstance(value, str) or not (alignment and alignment.wrap_text):
            continue
        per_line = max(int(width * 1.15) - 1, 1)  # proportional text: about 1.15 characters per unit
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return LINE_HEIGHT * lines + 2 if lines > 1 else None


class StreamedSheet:
    """A write-only sheet that counts its rows and sizes the rows holding wrapped text.

    A row's height has to be known when the row is written; it is dropped right after, so the
    sheet keeps nothing per row and memory stays flat however many rows are written.
    """

    def __init__(self, ws: WriteOnlyWorksheet, widths: Iterable[float]) -> None:
        self.ws = ws
        self.widths = tuple(widths)
        self.rows = 0
        set_widths(ws, self.widths)

    def append(self, cells: Sequence[object]) -> None:
        self.rows += 1
        height = fitted_height(cells, self.widths)
        if height is not None:
            layout(self.ws).row_dimensions[self.rows].height = height
        self.ws.append(cells)
        if height is not None:
            del layout(self.ws).row_dimensions[self.rows]

    def append_unwrapped(self, cells: Sequence[object]) -> None:
        """Append a row that holds no wrapped text, so needs no height (the long tables' fast path)."""
        self.rows += 1
        self.ws.append(cells)
