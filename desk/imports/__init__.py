"""Spreadsheet imports: read the file (reading), judge each row by its kind (kinds), keep all or nothing (rows)."""

from desk.imports.kinds import KIND_CHOICES, KINDS, columns_for
from desk.imports.reading import EncodingUnsure, ImportFileError, Report, RowError, Table, table_read
from desk.imports.rows import import_file, import_rows, preview_rows

__all__ = [
    "KINDS",
    "KIND_CHOICES",
    "EncodingUnsure",
    "ImportFileError",
    "Report",
    "RowError",
    "Table",
    "columns_for",
    "import_file",
    "import_rows",
    "preview_rows",
    "table_read",
]
