"""`python manage.py prometheus_pull [--days 90] [--step 1h]`: pull capacity samples from Prometheus now."""

import dataclasses

from django.core.management.base import BaseCommand, CommandError

from customers.services.prometheus import PrometheusError, PrometheusSource, prometheus_pull


class Command(BaseCommand):
    help = "Store capacity samples read from Prometheus query_range (settings PLEDGEBOARD_PROMETHEUS_*)."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Prometheus base URL (default PLEDGEBOARD_PROMETHEUS_URL)")
        parser.add_argument("--days", type=int, help="how far back (default PLEDGEBOARD_PROMETHEUS_LOOKBACK_DAYS)")
        parser.add_argument("--step", help="1d or 1h (default PLEDGEBOARD_PROMETHEUS_STEP)")

    def handle(self, *args, **options):
        source = PrometheusSource.from_settings()
        changes = {k: options[k] for k in ("url", "days", "step") if options[k]}
        source = dataclasses.replace(source, **changes)
        try:
            report = prometheus_pull(source=source)
        except PrometheusError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{report.created} new samples for {report.deployments} deployments")
        for name in report.unknown:
            self.stdout.write(f"  no single deployment named {name!r}")
        for name, why in report.refused.items():
            self.stdout.write(f"  {name}: refused: {why}")
