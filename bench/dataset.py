"""The benchmark dataset: load a scale into the configured database (if it is not there yet) and report rows.

`python -m bench dataset --scale large` on an empty PostgreSQL database loads 10,000 customers, 30,000 personas,
10,000 deployments x 365 daily samples, 100,000 incidents, 5,000 features on 20 teams and 20,000 commitments,
then forecasts the fleet and scores everything, as `manage.py load_demo --scale large` does. The big tables are
written with COPY on PostgreSQL. On a database that already holds the demo it only counts.

On PostgreSQL the tables are vacuumed and analysed after loading, as autovacuum does on a production server (a
server with autovacuum off would otherwise plan every query on a freshly loaded table blind).
"""

import time

from django.core.management import call_command
from django.db import connection

from customers.models import CapacityForecast, CapacitySample, Customer, Deployment, Persona
from desk.demo import DEMO, LARGE
from incidents.models import AffectedCustomer, Incident
from roadmap.models import Commitment, Feature, PriorityScore, Team

COUNTED = {
    "customers": Customer,
    "personas": Persona,
    "deployments": Deployment,
    "capacity_samples": CapacitySample,
    "forecasts": CapacityForecast,
    "incidents": Incident,
    "incident_customer_links": AffectedCustomer,
    "teams": Team,
    "features": Feature,
    "commitments": Commitment,
    "priority_scores": PriorityScore,
}


def _never_analysed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE n_live_tup > 0"
            " AND last_analyze IS NULL AND last_autoanalyze IS NULL"
        )
        return cursor.fetchone()[0] > 0


def run(*, scale: str = "demo") -> dict:
    call_command("migrate", verbosity=0)  # a new machine's database is empty
    wanted = LARGE if scale == "large" else DEMO
    loaded = Customer.objects.count() >= wanted.customers
    figures: dict = {"loaded_now": not loaded}
    if not loaded:
        started = time.perf_counter()
        call_command("load_demo", scale=scale, verbosity=0)
        figures["load_seconds"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql" and (not loaded or _never_analysed()):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        figures["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)
    rows = {name: model.objects.count() for name, model in COUNTED.items()}
    figures["rows"] = rows
    figures["total_rows"] = sum(rows.values())
    for name, count in rows.items():
        print(f"  {name:<25} {count:>10,}")
    return figures
