"""Read a CSV or XLSX file into rows with their spreadsheet line numbers, never dropping or garbling one."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from desk.domain.encoding import NAMES, Detection, EncodingError, decode, detect_encoding

XLSX_MAGIC = b"PK\x03\x04"
BROKEN = "__broken__"  # a row the CSV reader could not read: its only key, holding why
MAX_ROWS = 50_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, header)."""


@dataclass
class Reading:
    """One way to read the file: an encoding, what it is, and the first rows as it reads them."""

    encoding: str
    name: str
    rows: list[list[str]]


class EncodingUnsure(ImportFileError):
    """Several encodings read the file plausibly and differently: the user chooses, seeing each one's rows."""

    def __init__(self, readings: list[Reading]):
        self.readings = readings
        choices = pgettext("between choices", " or ").join(f"{r.encoding} ({r.name})" for r in readings)
        super().__init__(
            _(
                "The encoding of the file is not certain: it reads as %(choices)s. "
                "Choose the encoding whose rows read right."
            )
            % {"choices": choices}
        )


ENCODING_NAMES = {
    "gb18030": gettext_lazy("Chinese, simplified (GB18030/GBK)"),
    "big5": gettext_lazy("Chinese, traditional (Big5)"),
    "shift_jis": gettext_lazy("Japanese (Shift-JIS)"),
    "euc_jp": gettext_lazy("Japanese (EUC-JP)"),
    "euc_kr": gettext_lazy("Korean (EUC-KR)"),
    "cp1250": gettext_lazy("Central European (cp1250)"),
    "cp1251": gettext_lazy("Cyrillic (cp1251)"),
    "cp1252": gettext_lazy("Western European (cp1252)"),
    "koi8_r": gettext_lazy("Cyrillic (KOI8-R)"),
}


def encoding_name(encoding: str) -> str:
    return str(ENCODING_NAMES.get(encoding, NAMES.get(encoding, encoding)))


def reason_text(detection: Detection | None, encoding: str) -> str:
    """Why the file was read in its encoding, in the reader's language."""
    if detection is None:
        return _("chosen") if encoding != "xlsx" else ""
    fixed = {
        "byte-order mark": _("byte-order mark"),
        "valid UTF-8": _("valid UTF-8"),
        "UTF-16 without a byte-order mark": _("UTF-16 without a byte-order mark"),
        "several readings are possible: choose one": _("several readings are possible: choose one"),
        NAMES.get(detection.encoding, ""): encoding_name(detection.encoding),
        f"{NAMES.get(detection.encoding, '')}, the most coherent reading": _("%(name)s, the most coherent reading")
        % {"name": encoding_name(detection.encoding)},
    }
    return fixed.get(detection.reason, detection.reason)


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    detection: Detection | None = None
    encoding: str = ""
    blank_rows: int = 0


@dataclass
class Report:
    kind: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: bool = False
    encoding: str = ""
    encoding_reason: str = ""
    preview: list[dict[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> int:
        return len({e.line for e in self.errors})


def _header(name) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class FormulaCell(str):
    """A formula whose result the file does not hold (never calculated): its value is unknown, not empty."""


def _rows_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        formulas = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    except Exception as exc:
        raise ImportFileError(_("The workbook cannot be opened: %(problem)s") % {"problem": exc}) from exc
    rows = []
    for value_row, formula_row in zip(
        values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False
    ):
        cells = []
        for value, formula in zip(value_row, formula_row, strict=False):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                cells.append(FormulaCell(formula))
            else:
                cells.append(_cell(value))
        rows.append(cells)
    return rows


class BrokenRecord(list):
    """A record the CSV reader cannot read (a quote that never closes): where it starts in the file, and why."""

    def __init__(self, line: int, text: str, problem: str):
        super().__init__()
        self.line, self.text, self.problem = line, text, problem

    @property
    def message(self) -> str:
        return _(
            "Line %(line)s of the file cannot be read: %(problem)s. Put a cell that holds a quote or a comma in "
            'double quotes and double each quote inside it ("Acme ""Big"" Corp"). The line reads: %(text)s'
        ) % {"line": self.line, "problem": self.problem, "text": self.text[:120]}


def _quote_problem(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return _("a quote opens a cell and never closes")
    return _("a quote ends a cell but more text follows it")


def _records_recovered(text: str, delimiter: str) -> list[list[str]]:
    """Read record by record, so one broken quote is reported on its line and the other rows are still read.

    1. Read from a line; while the reader needs more (a quoted cell spans lines), add the next line.
    2. A record that cannot be read, or that spans lines but has not the header's number of cells (a stray quote
       swallowed the next lines), is broken: it is kept as a BrokenRecord and reading resumes on the next line.
    """
    lines = text.splitlines(keepends=True)
    records: list[list[str]] = []
    start = 0
    while start < len(lines):
        end, record, problem = start + 1, None, ""
        while True:
            try:
                found = list(
                    csv.reader(io.StringIO("".join(lines[start:end]), newline=""), delimiter=delimiter, strict=True)
                )
            except csv.Error as exc:
                if "unexpected end of data" in str(exc) and end < len(lines):
                    end += 1
                    continue
                problem = _quote_problem(exc)
                break
            record = found[0] if len(found) == 1 else None
            break
        width = len(records[0]) if records else None
        spans = end - start > 1
        if record is None or (spans and width is not None and len(record) != width):
            problem = _("a quote opens a cell and never closes") if spans or not problem else problem
            records.append(BrokenRecord(start + 1, lines[start].rstrip("\r\n"), problem))
            start += 1
            continue
        records.append(record)
        start = end
    return records


def _rows_csv(text: str) -> list[list[str]]:
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return _records_recovered(text, delimiter)


PREVIEW_ROWS = 6


def _readings(data: bytes, encodings: tuple[str, ...]) -> list[Reading]:
    """The first rows (the header and those with non-ASCII text first) of the file in each candidate encoding."""
    readings = []
    for encoding in encodings:
        try:
            rows = _rows_csv(decode(data, encoding).lstrip("\ufeff"))
        except (EncodingError, ImportFileError):
            continue
        telling = [r for r in rows[1:] if not all(c.isascii() for c in r)]
        readings.append(Reading(encoding, encoding_name(encoding), (rows[:1] + telling)[:PREVIEW_ROWS]))
    return readings


def table_read(data: bytes, *, filename: str = "", encoding: str = "") -> Table:
    """Read a CSV or XLSX file into rows keyed by normalised column names, with their line numbers."""
    detection = None
    if filename.lower().endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        raw, used = _rows_xlsx(data), "xlsx"
    else:
        try:
            detection = None if encoding else detect_encoding(data)
            if detection is not None and detection.confidence == "unsure":
                raise EncodingUnsure(_readings(data, detection.candidates))
            used = encoding or detection.encoding
            text = decode(data, used)
        except EncodingError as exc:
            raise ImportFileError(str(exc)) from exc
        raw = _rows_csv(text.lstrip("\ufeff"))
    if raw and isinstance(raw[0], BrokenRecord):
        raise ImportFileError(raw[0].message)
    if not raw or not any(c.strip() for c in raw[0]):
        raise ImportFileError(_("The first row must name the columns."))
    headers = [_header(h) for h in raw[0]]
    while headers and not headers[-1]:
        headers.pop()
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise ImportFileError(_("Columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    if "" in headers:
        raise ImportFileError(_("Column %(n)s has no name.") % {"n": headers.index("") + 1})
    rows, blank = [], 0
    for line, cells in enumerate(raw[1:], start=2):
        if isinstance(cells, BrokenRecord):
            rows.append((line, {BROKEN: cells.message}))
            continue
        if not any(str(c).strip() for c in cells):
            blank += 1
            continue
        extra = [c for c in cells[len(headers) :] if str(c).strip()]
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        problems = (
            [
                _("%(cells)s cells but the header names %(columns)s columns")
                % {"cells": len(cells), "columns": len(headers)}
            ]
            if extra
            else []
        )
        problems += [
            _(
                "%(column)s: the formula %(formula)s has no saved result; "
                "save the file in a spreadsheet program or paste values"
            )
            % {"column": h, "formula": v}
            for h, v in row.items()
            if isinstance(v, FormulaCell)
        ]
        if problems:
            row["__problems__"] = "; ".join(problems)
        rows.append((line, row))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(rows)s rows; import at most %(most)s at a time.")
            % {"rows": f"{len(rows):,}", "most": f"{MAX_ROWS:,}"}
        )
    return Table(headers=headers, rows=rows, detection=detection, encoding=used, blank_rows=blank)
