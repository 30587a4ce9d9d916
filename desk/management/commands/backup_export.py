from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from desk.services.backup import backup_export


class Command(BaseCommand):
    help = "Write every row to a versioned backup archive (zip with per-table counts and checksums)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Archive to write, e.g. pledgeboard-2026-11-23.zip")

    def handle(self, *args, path, **options):
        bar = tqdm(desc="export", unit="row", disable=options["verbosity"] < 1)

        def progress(table: str, rows: int) -> None:
            bar.set_postfix_str(table)
            bar.update(rows)

        manifest = backup_export(path, progress=progress)
        bar.close()
        total = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(f"Wrote {total} rows in {len(manifest['tables'])} tables to {path}."))
