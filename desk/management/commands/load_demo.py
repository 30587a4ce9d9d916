from django.core.management.base import BaseCommand
from tqdm import tqdm

from core.reasons import reason_code
from desk.demo import DEMO, DEMO_PASSWORD, DEMO_USERS, LARGE, demo_load
from desk.reasons import DEMO_LOADED


class Command(BaseCommand):
    help = "Load the demo story and generated bulk data (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large"], default="demo")

    def handle(self, *args, scale, **options):
        steps = [
            "customers",
            "personas",
            "deployments",
            "capacity samples",
            "incidents",
            "teams and features",
            "commitments",
            "done",
        ]
        bar = tqdm(total=len(steps), desc="demo data", unit="step", disable=options["verbosity"] < 1)

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        loaded = demo_load(scale=LARGE if scale == "large" else DEMO, progress=progress)
        bar.close()
        if loaded:
            # Forecasts and scores are ready at once; afterwards the background jobs keep them current.
            from customers.services.forecasts import fleet_refresh
            from roadmap.services.scoring import scores_recompute_all

            self.stdout.write(f"Forecast {fleet_refresh()} deployments.")
            scores_recompute_all()
            self.stdout.write("Scored features and incidents.")
            from roadmap.services.plan_versions import plan_version_record

            plan_version_record(kind="daily", reason=reason_code(DEMO_LOADED))
        if loaded:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing to do.")
        logins = ", ".join(username for username, _role in DEMO_USERS)
        self.stdout.write(f"Demo logins: {logins}, admin — password '{DEMO_PASSWORD}' (demo only).")
