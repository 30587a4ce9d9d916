"""Full backup and restore: a versioned archive of every row, for backups and moving between instances.

The archive is a zip: `manifest.json` (format version, schema migrations, per-table row counts and SHA-256
checksums) and one JSON-lines file per table, rows ordered by primary key, values stored untouched (no formula
escaping, no re-encoding). Users and permissions travel by natural key, so an archive restores into an instance
whose permission ids differ. Restoring checks every checksum before writing anything, writes in one transaction,
and skips rows that are already identical, so restoring the same archive twice changes nothing.
"""

import contextlib
import hashlib
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from core.changes import inputs_changed

FORMAT = "pledgeboard-backup"
VERSION = 1
APPS = ("auth", "core", "customers", "incidents", "roadmap")
SKIPPED = {"auth.permission", "core.job", "core.heartbeat", "roadmap.planchange"}  # per-instance or transient
BATCH = 2000

Progress = Callable[[str, int], None]


class BackupError(ValueError):
    """Why an archive cannot be restored, in one line; nothing was written."""


# What a truncated, corrupt or foreign file raises while its entries are read.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _noop(_table: str, _rows: int) -> None:
    return None


def backup_models() -> list:
    """Every model whose rows are data, in an order where each model comes after those it refers to."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models() if not m._meta.auto_created]
    models = [m for m in models if m._meta.label_lower not in SKIPPED]
    app_list = [(apps.get_app_config(label), [m for m in models if m._meta.app_label == label]) for label in APPS]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


class _ExactEncoder(DjangoJSONEncoder):
    """Like Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _serialize(objects) -> list[str]:
    """One canonical JSON line per object: sorted keys, many-to-many values sorted (their order is not data)."""
    if not objects:
        return []
    many = [f.name for f in objects[0]._meta.many_to_many]
    lines = []
    for record in serializers.serialize("python", objects, use_natural_foreign_keys=True):
        for name in many:
            if name in record["fields"]:
                record["fields"][name] = sorted(record["fields"][name], key=json.dumps)
        lines.append(json.dumps(record, cls=_ExactEncoder, ensure_ascii=False, sort_keys=True))
    return lines


@contextlib.contextmanager
def _snapshot():
    """One consistent view of every table while they are read (PostgreSQL: a repeatable-read transaction)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _batches(model) -> Iterator[list]:
    queryset = model._base_manager.order_by("pk")
    batch = []
    for obj in queryset.iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _schema() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.filter(app__in=APPS).values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def backup_export(path: Path, *, progress: Progress = _noop) -> dict:
    """Write every table to a zip archive; returns the manifest."""
    tables = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive, _snapshot():
        for model in backup_models():
            label = model._meta.label_lower
            name = f"data/{label}.jsonl"
            digest, rows = hashlib.sha256(), 0
            with archive.open(name, "w", force_zip64=True) as out:
                for batch in _batches(model):
                    data = ("\n".join(_serialize(batch)) + "\n").encode()
                    digest.update(data)
                    out.write(data)
                    rows += len(batch)
                    progress(label, len(batch))
            tables.append({"model": label, "file": name, "rows": rows, "sha256": digest.hexdigest()})
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "schema": _schema(),
            "tables": tables,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def manifest_read(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, json.JSONDecodeError, *UNREADABLE) as exc:
        raise BackupError("Not a Pledgeboard backup: manifest.json is missing or unreadable.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Not a Pledgeboard backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"Backup format version {manifest.get('version')} cannot be read (this is version {VERSION})."
        )
    ours = _schema()
    newer = {app: name for app, name in manifest.get("schema", {}).items() if name > ours.get(app, "")}
    if newer:
        raise BackupError(f"The backup comes from a newer version (migrations {newer}); upgrade first.")
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not all(
        isinstance(t, dict) and {"model", "file", "rows", "sha256"} <= set(t) for t in tables
    ):
        raise BackupError("The backup's manifest does not list its tables; the archive is damaged.")
    for table in tables:
        try:
            data = archive.read(table["file"])
        except KeyError as exc:
            raise BackupError(f"{table['file']} is missing from the archive.") from exc
        except UNREADABLE as exc:
            raise BackupError(f"{table['file']} cannot be read ({_one_line(exc)}); the archive is damaged.") from exc
        if hashlib.sha256(data).hexdigest() != table["sha256"]:
            raise BackupError(f"{table['file']}: checksum mismatch; the archive is damaged.")
        if data.count(b"\n") != table["rows"]:
            raise BackupError(f"{table['file']}: expected {table['rows']} rows.")
    return manifest


@contextlib.contextmanager
def _stored_timestamps(models):
    """Keep created_at / updated_at as stored: switch off auto_now while rows are written."""
    switched = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[list[str]]:
    with archive.open(name) as handle:
        batch = []
        for raw in handle:
            batch.append(raw.decode().rstrip("\n"))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _restore_batch(model, lines: list[str]) -> tuple[int, int, int]:
    records = [json.loads(line) for line in lines]
    by_pk = {r["pk"]: line for r, line in zip(records, lines, strict=True)}
    existing = {obj.pk: obj for obj in model._base_manager.filter(pk__in=list(by_pk))}
    current = dict(zip(existing, _serialize(list(existing.values())), strict=True))
    created = updated = unchanged = 0
    new_objects, m2m = [], []
    for item in serializers.deserialize("python", records, handle_forward_references=False):
        obj = item.object
        if obj.pk in existing:
            if current[obj.pk] == by_pk[obj.pk]:
                unchanged += 1
                continue
            item.save()  # raw save: values as stored, no signals' side effects
            updated += 1
            continue
        new_objects.append(obj)
        m2m.append((obj, item.m2m_data))
        created += 1
    model._base_manager.bulk_create(new_objects, batch_size=BATCH)
    for obj, data in m2m:
        for name, values in (data or {}).items():
            getattr(obj, name).set(values)
    return created, updated, unchanged


def _conflict(model, lines: list[str], exc: DatabaseError) -> BackupError:
    """Name the first row of a refused batch that the database refuses on its own, and why."""
    for line in lines:
        try:
            with transaction.atomic():
                _restore_batch(model, [line])
        except DatabaseError as row_exc:
            pk = json.loads(line).get("pk")
            return BackupError(
                f"{model._meta.label_lower}: the row with id {pk} conflicts with the rows already here "
                f"({_one_line(row_exc)}). Restore into an empty instance, or remove the conflicting row first."
            )
    return BackupError(f"{model._meta.label_lower}: the database refused the rows ({_one_line(exc)}).")


def _restore_table(model, archive: zipfile.ZipFile, table: dict, progress: Progress) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    label = model._meta.label_lower
    for lines in _lines(archive, table["file"]):
        try:
            with transaction.atomic():
                created, updated, unchanged = _restore_batch(model, lines)
        except (IntegrityError, DatabaseError) as exc:
            raise _conflict(model, lines, exc) from exc
        except (json.JSONDecodeError, serializers.base.DeserializationError, KeyError, TypeError) as exc:
            raise BackupError(f"{label}: a row cannot be read ({_one_line(exc)}); the archive is damaged.") from exc
        counts["created"] += created
        counts["updated"] += updated
        counts["unchanged"] += unchanged
        progress(table["model"], len(lines))
    return counts


def backup_restore(path: Path, *, progress: Progress = _noop) -> dict[str, dict[str, int]]:
    """Restore an archive (all or nothing); returns per-table created / updated / unchanged counts.

    A broken archive (empty, truncated, corrupt, not a zip) or a row that conflicts with one already here is a
    BackupError in one line that names the file or the table and id; nothing is written.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _restore(archive, progress)
    except UNREADABLE as exc:
        raise BackupError(f"{path.name} is not a readable backup archive ({_one_line(exc)}).") from exc


def _restore(archive: zipfile.ZipFile, progress: Progress) -> dict[str, dict[str, int]]:
    manifest = manifest_read(archive)
    known = {m._meta.label_lower: m for m in backup_models()}
    unknown = [t["model"] for t in manifest["tables"] if t["model"] not in known]
    if unknown:
        raise BackupError(f"Unknown tables in the backup: {', '.join(unknown)}.")
    stats: dict[str, dict[str, int]] = {}
    models = [known[t["model"]] for t in manifest["tables"]]
    with transaction.atomic(), _stored_timestamps(models):
        for table, model in zip(manifest["tables"], models, strict=True):
            stats[table["model"]] = _restore_table(model, archive, table, progress)
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        # Restored rows bypass the services; scores come back as they were stored.
        inputs_changed(plan=True, scores=False)
    return stats
