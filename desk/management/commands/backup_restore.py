from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from desk.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive (checked first, then all or nothing; restoring twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        bar = tqdm(desc="restore", unit="row", disable=options["verbosity"] < 1)

        def progress(table: str, rows: int) -> None:
            bar.set_postfix_str(table)
            bar.update(rows)

        try:
            stats = backup_restore(path, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        for table, counts in stats.items():
            if counts["created"] or counts["updated"]:
                self.stdout.write(f"{table}: {counts['created']} new, {counts['updated']} updated")
        created = sum(c["created"] for c in stats.values())
        updated = sum(c["updated"] for c in stats.values())
        unchanged = sum(c["unchanged"] for c in stats.values())
        self.stdout.write(self.style.SUCCESS(f"Restored: {created} new, {updated} updated, {unchanged} unchanged."))
