from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from connectors.models import Connector
from connectors.services.sync import sync_now


class Command(BaseCommand):
    help = "Sync one connector now (by name) with a progress bar, and print its run record."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name, **options):
        connector = Connector.objects.filter(name=name).first()
        if connector is None:
            names = ", ".join(Connector.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"No connector named {name!r} (connectors: {names}).")
        if not connector.is_source:
            raise CommandError(
                f"{name} is a {connector.get_kind_display()} connector: it sends notices, it does not sync."
            )
        bar = tqdm(total=0, unit="item", desc=name, file=self.stderr, disable=options.get("verbosity", 1) == 0)

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.total = total
            bar.n = done
            bar.refresh()

        run = sync_now(connector=connector, trigger="shell", progress=progress)
        bar.close()
        counts = f"created {run.created}, updated {run.updated}, unchanged {run.unchanged}, failed {run.failed}"
        self.stdout.write(f"{run.status}: {counts}")
        for kind, counts in sorted(run.by_kind.items()):
            self.stdout.write(f"  {kind}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for error in run.errors:
            where = " ".join(filter(None, [error.get("kind"), error.get("key")])) or "run"
            self.stdout.write(f"  ! {where}: {error['message']}")
        for gone in run.gone:
            self.stdout.write(f"  - {gone['kind']} {gone['key']} is no longer in the source (kept)")
        if run.status == "failed":
            raise CommandError("The sync failed; nothing was written.")
