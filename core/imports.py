"""CSV / XLSX imports that never drop or garble a row.

1. Read the file: detect its encoding (or take the user's override), decode strictly, read rows with their
   spreadsheet line numbers. Blank rows and unknown columns are reported, never silently skipped.
2. Validate and save every row inside one transaction with the API's own serializers, so a row is judged by the
   same rules as the API; names stand for references (a persona's customer is the customer's name).
3. Any rejected row, or a dry run, rolls the whole file back: all or nothing. Re-importing the same file
   updates nothing: rows are matched on their natural key and identical rows are counted as unchanged.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from rest_framework import serializers

from core.domain.encoding import Detection, EncodingError, decode, detect_encoding
from customers.api.serializers import CustomerSerializer, PersonaSerializer
from customers.models import Customer, Persona
from incidents.api.serializers import IncidentSerializer
from incidents.models import Incident
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer
from roadmap.models import Commitment, CommitmentStatus, Feature, Release, Team

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 50_000
TRUE_WORDS = {"是": "true", "否": "false"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, header)."""


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

    def as_dict(self) -> dict:
        return {**asdict(self), "rejected": self.rejected_lines}


# --- reading -------------------------------------------------------------------------------------------------------


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
        raise ImportFileError(f"The workbook cannot be opened: {exc}") from exc
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


def _rows_csv(text: str) -> list[list[str]]:
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num}: {exc}") from exc


def table_read(data: bytes, *, filename: str = "", encoding: str = "") -> Table:
    """Read a CSV or XLSX file into rows keyed by normalised column names, with their line numbers."""
    detection = None
    if filename.lower().endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        raw, used = _rows_xlsx(data), "xlsx"
    else:
        try:
            detection = None if encoding else detect_encoding(data)
            used = encoding or detection.encoding
            text = decode(data, used)
        except EncodingError as exc:
            raise ImportFileError(str(exc)) from exc
        raw = _rows_csv(text.lstrip("\ufeff"))
    if not raw or not any(c.strip() for c in raw[0]):
        raise ImportFileError("The first row must name the columns.")
    headers = [_header(h) for h in raw[0]]
    while headers and not headers[-1]:
        headers.pop()
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise ImportFileError(f"Columns appear twice: {', '.join(duplicates)}.")
    if "" in headers:
        raise ImportFileError(f"Column {headers.index('') + 1} has no name.")
    rows, blank = [], 0
    for line, cells in enumerate(raw[1:], start=2):
        if not any(str(c).strip() for c in cells):
            blank += 1
            continue
        extra = [c for c in cells[len(headers) :] if str(c).strip()]
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        problems = [f"{len(cells)} cells but the header names {len(headers)} columns"] if extra else []
        problems += [
            f"{h}: the formula {v} has no saved result; save the file in a spreadsheet program or paste values"
            for h, v in row.items()
            if isinstance(v, FormulaCell)
        ]
        if problems:
            row["__problems__"] = "; ".join(problems)
        rows.append((line, row))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has {len(rows):,} rows; import at most {MAX_ROWS:,} at a time.")
    return Table(headers=headers, rows=rows, detection=detection, encoding=used, blank_rows=blank)


# --- what each kind of row means -----------------------------------------------------------------------------------


class Names:
    """Name -> id lookups for reference columns, loaded once per import."""

    def __init__(self):
        self._cache: dict[str, dict[str, list[int]]] = {}

    def ids(self, kind: str, name: str) -> list[int]:
        if kind not in self._cache:
            loaders: dict[str, Callable] = {
                "customer": lambda: Customer.objects.values_list("name", "pk"),
                "team": lambda: Team.objects.values_list("name", "pk"),
                "release": lambda: Release.objects.values_list("name", "pk"),
                "feature": lambda: Feature.objects.values_list("title", "pk"),
            }
            table: dict[str, list[int]] = {}
            for value, pk in loaders[kind]():
                table.setdefault(value.strip().casefold(), []).append(pk)
            self._cache[kind] = table
        return self._cache[kind].get(name.strip().casefold(), [])

    def one(self, kind: str, name: str) -> int:
        found = self.ids(kind, name)
        if not found:
            raise serializers.ValidationError(f"No {kind} is named {name!r}.")
        if len(found) > 1:
            raise serializers.ValidationError(f"Several {kind}s are named {name!r}; give the id column instead.")
        return found[0]


def _split_names(value: str) -> list[str]:
    for sep in ("\uff1b", "|", ","):  # fullwidth semicolon as typed on Chinese keyboards
        value = value.replace(sep, ";")
    return [v.strip() for v in value.split(";") if v.strip()]


@dataclass(frozen=True)
class Kind:
    name: str
    serializer: type[serializers.ModelSerializer]
    required: tuple[str, ...]
    references: dict[str, str]  # column -> kind of name lookup
    find: Callable[[dict], object | None]  # the existing object this row is about, from resolved data


def _find_customer(data):
    return Customer.objects.filter(name=data.get("name")).first()


def _find_persona(data):
    return Persona.objects.filter(customer_id=data.get("customer"), name=data.get("name")).first()


def _find_feature(data):
    return Feature.objects.filter(title=data.get("title"), team_id=data.get("team")).first()


def _find_commitment(data):
    live = [CommitmentStatus.REQUESTED, CommitmentStatus.ACTIVE]
    return Commitment.objects.filter(
        feature_id=data.get("feature"), customer_id=data.get("customer"), status__in=live
    ).first()


def _find_incident(data):
    if data.get("external_id"):
        return Incident.objects.filter(
            external_source=data.get("external_source", ""), external_id=data["external_id"]
        ).first()
    return Incident.objects.filter(title=data.get("title"), reported_at=data.get("reported_at")).first()


KINDS = {
    "customers": Kind("customers", CustomerSerializer, ("name", "tier"), {}, _find_customer),
    "personas": Kind(
        "personas", PersonaSerializer, ("customer", "name", "role"), {"customer": "customer"}, _find_persona
    ),
    "features": Kind(
        "features",
        FeatureSerializer,
        ("title", "team", "effort_weeks"),
        {"team": "team", "release": "release"},
        _find_feature,
    ),
    "commitments": Kind(
        "commitments",
        CommitmentSerializer,
        ("feature", "customer", "promised_date"),
        {"feature": "feature", "customer": "customer"},
        _find_commitment,
    ),
    "incidents": Kind(
        "incidents", IncidentSerializer, ("title", "severity", "reported_at"), {"customers": "customer"}, _find_incident
    ),
}
KIND_CHOICES = tuple(KINDS)


def columns_for(kind: Kind) -> list[str]:
    fields = kind.serializer().fields
    return [name for name, f in fields.items() if not f.read_only and name != "id"] + ["id"]


def _resolve(kind: Kind, row: dict[str, str], names: Names, fields) -> tuple[dict, list[tuple[str, str]]]:
    """Turn a row of text into serializer data: names to ids, empty non-text cells left out."""
    data: dict = {}
    problems: list[tuple[str, str]] = []
    for column, value in row.items():
        if column == "__problems__":
            problems.append(("", value))
            continue
        if column not in fields or (fields[column].read_only and column != "id"):
            continue
        value = value if isinstance(value, str) else str(value)
        if column in kind.references:
            if not value.strip():
                continue
            try:
                if column == "customers":
                    data[column] = [names.one("customer", n) for n in _split_names(value)]
                else:
                    data[column] = names.one(kind.references[column], value)
            except serializers.ValidationError as exc:
                problems.append((column, "; ".join(str(d) for d in exc.detail)))
            continue
        if column == "persona" and value.strip():
            continue  # resolved below, within the row's customer
        if value == "" and not isinstance(fields[column], serializers.CharField):
            continue
        if isinstance(fields[column], serializers.BooleanField):
            value = TRUE_WORDS.get(value.strip(), value)
        data[column] = value
    if kind.name == "commitments" and row.get("persona", "").strip() and "customer" in data:
        persona = Persona.objects.filter(customer_id=data["customer"], name=row["persona"].strip()).first()
        if persona is None:
            problems.append(("persona", f"No persona named {row['persona'].strip()!r} at this customer."))
        else:
            data["persona"] = persona.pk
    for column in kind.required:
        if not str(row.get(column, "")).strip() and not any(p[0] == column for p in problems):
            problems.append((column, "This column is required."))
    return data, problems


def _unchanged(instance, validated: dict) -> bool:
    for name, value in validated.items():
        current = getattr(instance, name)
        if hasattr(current, "all"):  # many-to-many
            if {o.pk for o in current.all()} != {getattr(v, "pk", v) for v in value}:
                return False
        elif current != value:
            return False
    return True


def _flatten(detail, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(detail, dict):
        return [pair for key, value in detail.items() for pair in _flatten(value, str(key))]
    if isinstance(detail, list):
        return [pair for value in detail for pair in _flatten(value, prefix)]
    return [(prefix if prefix != "non_field_errors" else "", str(detail))]


def preview_rows(table: Table, *, first: int = 5, limit: int = 15) -> list[dict[str, str]]:
    """The first rows, then the rows with non-ASCII text (where a wrong encoding shows), with their line numbers."""
    chosen = table.rows[:first]
    chosen += [(line, row) for line, row in table.rows[first:] if any(not str(v).isascii() for v in row.values())]
    return [{"line": str(line), **{h: str(row.get(h, "")) for h in table.headers}} for line, row in chosen[:limit]]


def import_rows(*, kind_name: str, table: Table, user=None, commit: bool, progress=None) -> Report:
    """Validate and save every row; keep them only when all are valid and `commit` is set."""
    if kind_name not in KINDS:
        raise ImportFileError(f"Unknown kind {kind_name!r}; choose one of {', '.join(KINDS)}.")
    kind = KINDS[kind_name]
    fields = kind.serializer().fields
    allowed = set(columns_for(kind)) | ({"persona"} if kind.name == "commitments" else set())
    report = Report(kind=kind.name, total=len(table.rows), headers=table.headers)
    report.encoding = table.encoding
    report.encoding_reason = (
        table.detection.reason if table.detection else ("chosen" if table.encoding != "xlsx" else "")
    )
    report.preview = preview_rows(table)
    unknown = [h for h in table.headers if h not in allowed]
    if unknown:
        report.warnings.append(f"Columns not imported (not known for {kind.name}): {', '.join(unknown)}.")
    missing = [c for c in kind.required if c not in table.headers]
    if missing:
        report.errors.append(RowError(1, ", ".join(missing), "Required columns are missing from the header."))
        return report
    if table.blank_rows:
        report.warnings.append(f"{table.blank_rows} blank rows were skipped.")
    names = Names()
    context = {"request": None}
    with transaction.atomic():
        for line, row in table.rows:
            if progress:
                progress()
            data, problems = _resolve(
                kind, {k: v for k, v in row.items() if k in allowed or k == "__problems__"}, names, fields
            )
            if problems:
                report.errors.extend(RowError(line, col, msg) for col, msg in problems)
                continue
            instance = kind.serializer.Meta.model.objects.filter(pk=data["id"]).first() if data.get("id") else None
            instance = instance or kind.find(data)
            serializer = kind.serializer(instance=instance, data=data, partial=instance is not None, context=context)
            if not serializer.is_valid():
                report.errors.extend(RowError(line, col, msg) for col, msg in _flatten(serializer.errors))
                continue
            if instance is not None and _unchanged(instance, serializer.validated_data):
                report.unchanged += 1
                continue
            try:
                with transaction.atomic():
                    extra = {"promised_by": user} if kind.name == "commitments" and instance is None else {}
                    serializer.save(**extra)
            except IntegrityError as exc:
                report.errors.append(RowError(line, "", f"Rejected by the database: {exc}".splitlines()[0]))
                continue
            if instance is None:
                report.created += 1
            else:
                report.updated += 1
        report.committed = commit and not report.errors
        if not report.committed:
            transaction.set_rollback(True)
    return report


def import_file(*, kind_name: str, data: bytes, filename: str, encoding: str = "", user=None, commit: bool) -> Report:
    table = table_read(data, filename=filename, encoding=encoding)
    return import_rows(kind_name=kind_name, table=table, user=user, commit=commit)
