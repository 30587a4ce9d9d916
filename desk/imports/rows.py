"""CSV / XLSX imports that never drop or garble a row.

1. Read the file: detect its encoding (or take the user's override), decode strictly, read rows with their
   spreadsheet line numbers. Blank rows and unknown columns are reported, never silently skipped.
2. Validate and save every row inside one transaction with the API's own serializers, so a row is judged by the
   same rules as the API; names stand for references (a persona's customer is the customer's name).
3. Any rejected row, or a dry run, rolls the whole file back: all or nothing. Re-importing the same file
   updates nothing: rows are matched on their natural key and identical rows are counted as unchanged.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.changes import batched
from core.serializers import StrictCharField
from desk.domain.cells import CellError, parse_reference
from desk.imports.cells import References, cell_message, cell_read, header_columns, list_join
from desk.imports.kinds import KINDS, Kind, columns_for
from desk.imports.reading import BROKEN, FormulaCell, ImportFileError, Report, RowError, Table, reason_text, table_read


def _resolve(kind: Kind, row: dict[str, str], references: References, fields) -> tuple[dict, list[tuple[str, str]]]:
    """Turn a row of text into serializer data: labels to values, names to ids, empty non-text cells left out."""
    data: dict = {}
    problems: list[tuple[str, str]] = []
    for column, value in row.items():
        if column == "__problems__":
            problems.append(("", value))
            continue
        if column not in fields or (fields[column].read_only and column != "id"):
            continue
        if isinstance(value, FormulaCell):
            continue  # reported with the row's problems
        value = value if isinstance(value, str) else str(value)
        field = fields[column]
        if value.strip() == "" and not (isinstance(field, serializers.CharField) and column != "id"):
            continue
        if column == "persona":
            continue  # read below, among the row's customer's people
        if column == "id":
            field = serializers.IntegerField()
        read, what = cell_read(field, column, value, references=references, serializer_class=kind.serializer)
        if isinstance(read, CellError):
            problems.append((column, cell_message(read, what=what)))
        else:
            data[column] = read
    persona = str(row.get("persona", "")).strip()
    if kind.name == "commitments" and persona and "customer" in data:
        found = parse_reference(persona, references.personas_of(data["customer"]), code="persona")
        if isinstance(found, CellError):
            problems.append(("persona", _persona_message(found)))
        else:
            data["persona"] = found
    for column in kind.required:
        if not str(row.get(column, "")).strip() and not any(p[0] == column for p in problems):
            problems.append((column, _("This column is required.")))
    return data, problems


def _persona_message(error: CellError) -> str:
    if error.code == "ambiguous":
        return cell_message(error, what=_("key person"))
    known = list_join(error.allowed)
    if known:
        return _('No key person named "%(text)s" at this customer; its people: %(known)s.') % {
            "text": error.text,
            "known": known,
        }
    return _('No key person named "%(text)s" at this customer.') % {"text": error.text}


def _keep_spaces(serializer) -> None:
    """A text cell is kept exactly as written; typed columns (e-mail, choices, numbers, dates) still normalise."""
    for field in serializer.fields.values():
        if type(field) in (serializers.CharField, StrictCharField):
            field.trim_whitespace = False


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
    report.encoding_reason = reason_text(table.detection, table.encoding)
    report.preview = preview_rows(table)
    renames = header_columns(kind.serializer.Meta.model, table.headers, allowed)
    headers = [renames.get(h, h) for h in table.headers]
    unknown = [h for h in headers if h not in allowed]
    if unknown:
        report.warnings.append(
            _("Columns not imported (not known for %(kind)s): %(columns)s.")
            % {"kind": kind.name, "columns": list_join(unknown)}
        )
    missing = [c for c in kind.required if c not in headers]
    if missing:
        report.errors.append(RowError(1, ", ".join(missing), _("Required columns are missing from the header.")))
        return report
    if table.blank_rows:
        report.warnings.append(_("%(n)s blank rows were skipped.") % {"n": table.blank_rows})
    references = References()
    context = {"request": None}
    # All or nothing, announced once: the plan and the scores hear of the import as one change.
    with transaction.atomic(), batched():
        for line, row in table.rows:
            if progress:
                progress()
            if BROKEN in row:
                report.errors.append(RowError(line, "", row[BROKEN]))
                continue
            cells = {renames.get(k, k): v for k, v in row.items()}
            data, problems = _resolve(
                kind, {k: v for k, v in cells.items() if k in allowed or k == "__problems__"}, references, fields
            )
            if problems:
                report.errors.extend(RowError(line, col, msg) for col, msg in problems)
                continue
            instance = kind.serializer.Meta.model.objects.filter(pk=data["id"]).first() if data.get("id") else None
            instance = instance or kind.find(data)
            serializer = kind.serializer(instance=instance, data=data, partial=instance is not None, context=context)
            _keep_spaces(serializer)
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
            except serializers.ValidationError as exc:  # the service's rules, as the API states them
                report.errors.extend(RowError(line, col, msg) for col, msg in _flatten(exc.detail))
                continue
            except IntegrityError as exc:
                problem = str(exc).splitlines()[0] if str(exc) else ""
                report.errors.append(
                    RowError(line, "", _("Rejected by the database: %(problem)s") % {"problem": problem})
                )
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
