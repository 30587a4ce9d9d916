"""Generated bulk at a chosen scale: customers, people, deployments with daily samples, incidents, features and
promises around the story."""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from simple_history.utils import bulk_create_with_history

from customers.models import CapacitySample, Customer, Deployment, DeploymentModel, Persona, PersonaRole, Tier
from desk.demo.story import at
from desk.demo.words import (
    CITIES,
    CN_NAMES,
    FEATURE_AREAS,
    FEATURE_WORDS,
    GIVEN,
    INCIDENT_WORDS,
    INDUSTRIES,
    NAME_A,
    NAME_B,
    REGIONS,
    SURNAMES,
    TITLES,
)
from incidents.models import AffectedCustomer, Incident, IncidentStatus, Severity
from roadmap.models import Commitment, CommitmentStatus, Feature, FeatureKind, FeatureStatus, Strength, Team

GIB = 1024**3
Progress = Callable[[str], None]


def no_progress(_message: str) -> None:
    return None


@dataclass(frozen=True)
class Scale:
    customers: int
    personas_per_customer: int
    deployments: int
    days: int
    incidents: int
    teams: int
    features: int
    commitments: int


# The demo: enough around the story to look like a real book of business, few enough that the story stands out.
DEMO = Scale(
    customers=80,
    personas_per_customer=3,
    deployments=120,
    days=365,
    incidents=60,
    teams=5,
    features=40,
    commitments=60,
)
LARGE = Scale(
    customers=10_000,
    personas_per_customer=3,
    deployments=10_000,
    days=365,
    incidents=100_000,
    teams=20,
    features=5_000,
    commitments=20_000,
)


def _company_name(i: int, taken: set[str]) -> str:
    """A believable company name not in `taken`; once a name is used, its city tells the next one apart."""
    if i % 17 == 0:
        base = CN_NAMES[(i // 17) % len(CN_NAMES)]
    else:
        base = f"{NAME_A[i % len(NAME_A)]} {NAME_B[(i * 7 // len(NAME_A)) % len(NAME_B)]}"
    name, k = base, 0
    while name in taken:
        name = f"{base} ({CITIES[k % len(CITIES)]})" if k < len(CITIES) else f"{base} ({CITIES[k % len(CITIES)]} {k})"
        k += 1
    taken.add(name)
    return name


def _email(name: str, company: str) -> str:
    domain = "".join(ch for ch in company.split(" (")[0].lower() if ch.isascii() and ch.isalnum()) or "customer"
    return f"{name.replace(' ', '.').lower()}@{domain}.example.com"


def _feature_title(n: int) -> str:
    """Feature names from the word list; past it, the same ideas for an area ("Dark mode for mobile"), then
    numbered phases (large datasets only)."""
    word = FEATURE_WORDS[n % len(FEATURE_WORDS)]
    rounds = n // len(FEATURE_WORDS)
    if rounds == 0:
        return word
    area = FEATURE_AREAS[(rounds - 1) % len(FEATURE_AREAS)]
    phase = (rounds - 1) // len(FEATURE_AREAS)
    return f"{word} for {area}" + (f", phase {phase + 1}" if phase else "")


def rows_write(model, columns: list[str], rows: Iterable[tuple], *, batch_size: int = 10_000) -> int:
    """Insert plain tuples into a model's table: COPY on PostgreSQL (millions of rows in seconds), else bulk_create."""
    count = 0
    if connection.vendor == "postgresql":
        fields = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({fields}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch, batch_size=batch_size)
            count, batch = count + len(batch), []
    model.objects.bulk_create(batch, batch_size=batch_size)
    return count + len(batch)


def bulk_load(*, today: date, scale: Scale, seed: int = 42, progress: Progress = no_progress) -> None:
    """Add generated customers, people, deployments with daily samples, incidents, features and promises."""
    rng = random.Random(seed)
    existing = set(Customer.objects.values_list("name", flat=True))

    progress("customers")
    customers = []
    i = 0
    while len(customers) < scale.customers:
        i += 1
        name = _company_name(i, existing)
        tier = rng.choices(Tier.values, weights=[1, 3, 8])[0]
        arr = {"strategic": rng.randint(200, 800), "key": rng.randint(60, 250), "standard": rng.randint(5, 70)}[tier]
        customers.append(
            Customer(
                name=name,
                industry=rng.choice(INDUSTRIES),
                tier=tier,
                arr=Decimal(arr * 1000),
                deployment_model=rng.choices(DeploymentModel.values, weights=[2, 3])[0],
                region=rng.choice(REGIONS),
                employee_count=rng.randint(50, 20000),
            )
        )
    Customer.objects.bulk_create(customers, batch_size=2000)
    customers = list(Customer.objects.filter(name__in=[c.name for c in customers]).order_by("id"))

    progress("personas")
    personas = []
    for customer in customers:
        roles = [PersonaRole.EB, PersonaRole.TB, PersonaRole.UB][: scale.personas_per_customer]
        names = rng.sample([f"{g} {s}" for g in GIVEN for s in SURNAMES], k=len(roles))  # distinct per customer
        for role, name in zip(roles, names, strict=True):
            personas.append(
                Persona(
                    customer=customer,
                    role=role,
                    name=name,
                    title=rng.choice(TITLES[role]),
                    is_vip=role == PersonaRole.EB and rng.random() < 0.3,
                    influence=rng.randint(3, 5) if role == PersonaRole.EB else rng.randint(1, 4),
                    email=_email(name, customer.name) if rng.random() < 0.7 else "",
                    department=rng.choice(["IT", "Operations", "Management", ""]),
                )
            )
    Persona.objects.bulk_create(personas, batch_size=5000)

    progress("deployments")
    deployments = [
        Deployment(
            customer=customers[k % len(customers)],
            name=f"prod-{k // len(customers) + 1}",
            capacity_bytes=rng.choice([500, 1000, 2000, 4000]) * GIB,
        )
        for k in range(scale.deployments)
    ]
    Deployment.objects.bulk_create(deployments, batch_size=5000)
    deployments = list(Deployment.objects.filter(customer__in=customers).order_by("id"))

    progress("capacity samples")
    start = today - timedelta(days=scale.days - 1)
    stamps = [at(start + timedelta(days=d)) for d in range(scale.days)]

    def sample_rows():
        for dep in deployments:
            used = dep.capacity_bytes * rng.uniform(0.1, 0.45)
            growth = dep.capacity_bytes * rng.uniform(0.0, 0.0007)
            change_at = rng.randint(0, scale.days) if rng.random() < 0.3 else None
            for d, stamp in enumerate(stamps):
                if change_at is not None and d == change_at:
                    growth *= rng.uniform(1.5, 2.5)
                used = min(dep.capacity_bytes, max(0.0, used + growth * rng.uniform(0.5, 1.5)))
                yield dep.pk, stamp, int(used)

    rows_write(CapacitySample, ["deployment_id", "taken_at", "used_bytes"], sample_rows())

    progress("incidents")
    incidents, affected, hit = [], [], []
    before = Incident.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _n in range(scale.incidents):
        reported = at(today - timedelta(days=rng.randint(0, 400)), rng.randint(0, 23))
        resolved = rng.random() < 0.8
        what, category = rng.choice(INCIDENT_WORDS)
        customers_hit = rng.sample(customers, k=rng.randint(1, 3))
        hit.append(customers_hit)
        incidents.append(
            Incident(
                title=f"{customers_hit[0].name.split(' (')[0]}: {what[0].lower()}{what[1:]}",
                severity=rng.choices(Severity.values, weights=[1, 4, 10, 10])[0],
                status=IncidentStatus.RESOLVED
                if resolved
                else rng.choice([IncidentStatus.OPEN, IncidentStatus.RESPONDING, IncidentStatus.SOLVING]),
                category=category,
                reported_at=reported,
                resolved_at=reported + timedelta(hours=rng.randint(1, 200)) if resolved else None,
                ticket_count=rng.randint(0, 20),
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=5000)
    incidents = list(Incident.objects.filter(pk__gt=before).order_by("pk"))
    for incident, customers_hit in zip(incidents, hit, strict=True):
        for customer in customers_hit:
            affected.append((incident.pk, customer.pk, rng.random() < 0.1, ""))
    rows_write(AffectedCustomer, ["incident_id", "customer_id", "vip_affected", "impact"], affected)

    progress("teams and features")
    teams = list(Team.objects.all())
    for t in range(len(teams), scale.teams):
        teams.append(
            Team.objects.create(
                name=f"Team {t + 1:02d}",
                engineers=rng.randint(3, 8),
                focus_factor=Decimal(rng.choice(["0.70", "0.75", "0.80"])),
            )
        )
    existing_features = Feature.objects.count()
    features = []
    for n in range(max(0, scale.features - existing_features)):
        effort = rng.randint(2, 16)
        features.append(
            Feature(
                title=_feature_title(n),
                team=teams[n % len(teams)],
                effort_weeks=Decimal(effort),
                effort_low_weeks=Decimal(max(1, effort - rng.randint(0, 2))),
                effort_high_weeks=Decimal(effort + rng.randint(1, effort)),
                status=rng.choices([FeatureStatus.PLANNED, FeatureStatus.IN_PROGRESS, FeatureStatus.IDEA], [5, 2, 2])[
                    0
                ],
                priority_rank=n + 10 if rng.random() < 0.5 else None,
            )
        )
    Feature.objects.bulk_create(features, batch_size=5000)
    features = list(
        Feature.objects.filter(kind=FeatureKind.FEATURE, release__isnull=True)
        .exclude(status=FeatureStatus.IDEA)
        .order_by("id")
    )

    progress("commitments")
    taken = set(Commitment.objects.values_list("feature_id", "customer_id"))
    commitments = []
    while len(commitments) < scale.commitments and len(taken) < len(features) * len(customers):
        feature, customer = rng.choice(features), rng.choice(customers)
        if (feature.pk, customer.pk) in taken:
            continue
        taken.add((feature.pk, customer.pk))
        commitments.append(
            Commitment(
                feature=feature,
                customer=customer,
                promised_date=today + timedelta(days=rng.randint(150, 420)),
                strength=rng.choices(Strength.values, weights=[1, 3, 3])[0],
                status=CommitmentStatus.ACTIVE,
            )
        )
    # The generated promises were made months ago, not this week: their history says so.
    made = at(today - timedelta(days=90))
    bulk_create_with_history(commitments, Commitment, batch_size=5000, default_date=made)
    progress("done")
