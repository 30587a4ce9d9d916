from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from desk.domain.encoding import CHOICES as ENCODINGS
from desk.imports import KIND_CHOICES, EncodingUnsure, ImportFileError, import_rows, table_read


class Command(BaseCommand):
    help = "Import customers, personas, features, commitments or incidents from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KIND_CHOICES)
        parser.add_argument("path", type=Path)
        parser.add_argument("--encoding", choices=ENCODINGS, default="", help="Override the detected encoding.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and keep nothing.")

    def handle(self, *args, kind, path, encoding, dry_run, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        limit = settings.PLEDGEBOARD["IMPORT_MAX_BYTES"]
        if path.stat().st_size > limit:
            raise CommandError(f"{path}: larger than {limit} bytes (PLEDGEBOARD_IMPORT_MAX_BYTES).")
        try:
            table = table_read(path.read_bytes(), filename=path.name, encoding=encoding)
        except EncodingUnsure as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.\n{self._readings(exc)}") from exc
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if table.detection:
            self.stdout.write(f"Encoding: {table.encoding} ({table.detection.confidence}: {table.detection.reason})")
        bar = tqdm(total=len(table.rows), desc=f"{kind}", unit="row", disable=options["verbosity"] < 1)
        report = import_rows(kind_name=kind, table=table, commit=not dry_run, progress=lambda: bar.update(1))
        bar.close()
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for error in report.errors:
            column = f" [{error.column}]" if error.column else ""
            self.stdout.write(f"line {error.line}{column}: {error.message}")
        summary = (
            f"{report.total} rows: {report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected_lines} rejected."
        )
        if report.errors:
            raise CommandError(f"{summary} Nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"{summary} {'Dry run: nothing kept.' if dry_run else 'Imported.'}"))

    @staticmethod
    def _readings(unsure: EncodingUnsure) -> str:
        """Each candidate with its first rows as it reads them, and the command line that chooses it."""
        blocks = []
        for reading in unsure.readings:
            rows = "\n".join("    " + ",".join(row) for row in reading.rows)
            blocks.append(f"--encoding {reading.encoding}  ({reading.name}):\n{rows}")
        return "\n".join(blocks)
