"""Priority scores at two sizes: a full recompute, and re-scoring only what a handful of changes reach
(a customer's ARR, a person's role, an incident's severity, a feature's progress, a promise's date). Seconds
and SQL queries; both query counts must stay flat as the data grows.

Goal: 5,000 features and 100,000 incidents in under 10 s on PostgreSQL for the full run; the incremental run
well under a second. Rows are generated with bulk_create inside a transaction that is rolled back, so the
benchmark leaves the database as it found it.
"""

import random
import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

SIZES = {
    "demo": [(500, 10_000), (5_000, 100_000)],
    "large": [(500, 10_000), (5_000, 100_000)],
}
GOAL_SECONDS = 10.0
ANALYZED = [
    "customers_customer",
    "customers_persona",
    "customers_capacityforecast",
    "incidents_incident",
    "incidents_affectedcustomer",
    "roadmap_feature",
    "roadmap_feature_incidents",
    "roadmap_featurerequest",
    "roadmap_commitment",
    "roadmap_priorityscore",
]


class _Rollback(Exception):
    pass


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _generate(*, features: int, incidents: int, seed: int = 7) -> None:
    from customers.models import CapacityForecast, Customer, Deployment, Persona
    from incidents.models import AffectedCustomer, Incident
    from roadmap.models import Commitment, Feature, FeatureRequest, Team

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    tag = f"bench-{features}-{incidents}"
    customers = Customer.objects.bulk_create(
        [
            Customer(
                name=f"{tag} customer {n}",
                tier=rng.choice(["strategic", "key", "standard", "standard"]),
                arr=Decimal(rng.randint(5, 800) * 1000),
            )
            for n in range(max(200, features // 2))
        ]
    )
    personas = Persona.objects.bulk_create(
        [Persona(customer=c, name=f"p{c.pk}-{role}", role=role) for c in customers for role in ("EB", "TB", "UB")]
    )
    deployments = Deployment.objects.bulk_create(
        [Deployment(customer=c, name=f"{tag}-prod", capacity_bytes=10**12) for c in customers[:50]]
    )
    CapacityForecast.objects.bulk_create(
        [
            CapacityForecast(
                deployment=d,
                status="filling",
                method="bench",
                capacity_bytes=d.capacity_bytes,
                full_at=now + timedelta(days=rng.randint(5, 300)),
                computed_at=now,
            )
            for d in deployments
        ]
    )
    team = Team.objects.create(name=f"{tag} team", engineers=6)
    feats = Feature.objects.bulk_create(
        [
            Feature(
                title=f"{tag} feature {n}",
                team=team,
                kind="stabilization" if n % 50 == 0 else "feature",
                effort_weeks=Decimal(rng.randint(2, 20)),
                progress=Decimal(rng.choice(["0", "0.1", "0.5"])),
                status=rng.choice(["idea", "planned", "in_progress"]),
            )
            for n in range(features)
        ]
    )
    taken = set()
    commitments, requests = [], []
    for n in range(features * 4):
        f, c = rng.choice(feats), rng.choice(customers)
        if (f.pk, c.pk) in taken:
            continue
        taken.add((f.pk, c.pk))
        persona = personas[customers.index(c) * 3 + rng.randint(0, 2)] if n % 3 else None
        if n % 4 == 0:
            requests.append(FeatureRequest(feature=f, customer=c, persona=persona, requested_at=now))
        else:
            commitments.append(
                Commitment(
                    feature=f,
                    customer=c,
                    persona=persona,
                    promised_date=today + timedelta(days=rng.randint(-20, 300)),
                    strength=rng.choice(["contractual", "firm", "soft"]),
                )
            )
    FeatureRequest.objects.bulk_create(requests)
    Commitment.objects.bulk_create(commitments)
    incs = Incident.objects.bulk_create(
        [
            Incident(
                title=f"{tag} incident {n}",
                severity=rng.choice(["SEV1", "SEV2", "SEV3", "SEV3", "SEV4", "SEV4"]),
                status="open" if rng.random() < 0.2 else "resolved",
                reported_at=now - timedelta(days=rng.randint(0, 400)),
            )
            for n in range(incidents)
        ],
        batch_size=10_000,
    )
    AffectedCustomer.objects.bulk_create(
        [
            AffectedCustomer(incident=i, customer=c, vip_affected=rng.random() < 0.1)
            for i in incs
            for c in rng.sample(customers, k=rng.randint(1, 3))
        ],
        batch_size=20_000,
    )
    Feature.incidents.through.objects.bulk_create(
        [Feature.incidents.through(feature=f, incident=rng.choice(incs)) for f in feats[::5]], ignore_conflicts=True
    )


def _changes_make() -> None:
    """One change of each kind through the services, as the pages and the API make them."""
    from customers.models import Customer, Persona
    from customers.services.customers import customer_update, persona_update
    from incidents.models import Incident
    from incidents.services.incidents import incident_update
    from roadmap.models import Commitment, Feature
    from roadmap.services.commitments import commitment_update
    from roadmap.services.features import feature_update

    customer = Customer.objects.filter(name__startswith="bench-").order_by("pk")[7]
    customer_update(customer=customer, data={"arr": customer.arr + 250_000})
    persona = Persona.objects.filter(customer__name__startswith="bench-", role="TB").order_by("pk")[3]
    persona_update(persona=persona, data={"role": "EB"})
    incident = Incident.objects.filter(title__startswith="bench-", status="open").order_by("pk")[11]
    incident_update(incident=incident, data={"severity": "SEV1"})
    feature = Feature.objects.filter(title__startswith="bench-").order_by("pk")[5]
    feature_update(feature=feature, data={"progress": "0.6"})
    commitment = Commitment.objects.filter(feature__title__startswith="bench-").order_by("pk")[9]
    commitment_update(commitment=commitment, data={"promised_date": timezone.localdate() + timedelta(days=3)})


def _measure(*, features: int, incidents: int) -> dict:
    from roadmap.services.scoring import scores_recompute_all, scores_recompute_changes

    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            _generate(features=features, incidents=incidents)
            figures["generate_seconds"] = round(time.perf_counter() - started, 2)
            if connection.vendor == "postgresql":
                # Production tables have planner statistics; fresh bulk rows do not until analysed.
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")
            for run in ("first", "again"):
                counter = _QueryCounter()
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    result = scores_recompute_all()
                    figures[f"{run}_seconds"] = round(time.perf_counter() - started, 2)
                figures[f"{run}_queries"] = counter.count
            figures["scored_features"] = result["features"]
            figures["scored_incidents"] = result["incidents"]
            _changes_make()
            counter = _QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                changed = scores_recompute_changes()
                figures["incremental_seconds"] = round(time.perf_counter() - started, 3)
            figures["incremental_queries"] = counter.count
            figures["incremental_changes"] = changed["changes"]
            figures["incremental_features"] = changed["features"]
            figures["incremental_incidents"] = changed["incidents"]
            raise _Rollback
    except _Rollback:
        pass
    return figures


def run(*, scale: str) -> dict:
    figures: dict = {"database": connection.vendor, "goal_seconds": GOAL_SECONDS}
    if connection.vendor == "postgresql":
        # COPY goes around Django's execute wrappers: one per kind of score, on top of the counted queries.
        figures["copy_statements_per_run"] = 2
    for features, incidents in SIZES[scale]:
        size = _measure(features=features, incidents=incidents)
        label = f"f{features}_i{incidents}"
        for key, value in size.items():
            figures[f"{label}_{key}"] = value
    small, large = (f"f{f}_i{i}" for f, i in SIZES[scale])
    figures["queries_flat"] = figures[f"{large}_first_queries"] == figures[f"{small}_first_queries"]
    figures["incremental_queries_flat"] = (
        figures[f"{large}_incremental_queries"] == figures[f"{small}_incremental_queries"]
    )
    figures["under_goal"] = max(figures[f"{large}_first_seconds"], figures[f"{large}_again_seconds"]) < GOAL_SECONDS
    return figures
