"""The demo story from the product brief, plus generated bulk at a chosen scale."""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.roles import Role
from customers.models import CapacitySample, Customer, Deployment, DeploymentModel, Persona, PersonaRole, Tier
from incidents.models import AffectedCustomer, Category, Incident, IncidentStatus, Severity, TimelineEvent
from roadmap.models import (
    Commitment,
    CommitmentStatus,
    Feature,
    FeatureKind,
    FeatureRequest,
    FeatureStatus,
    Release,
    ScoringPolicy,
    Strength,
    Team,
)
from roadmap.services.plan_changes import plan_changed

DEMO_PASSWORD = "pledgeboard"
DEMO_USERS = (("pm", Role.PM), ("presales", Role.PRESALES), ("leadership", Role.LEADERSHIP))
STORY_MARKER = "Vantage Logistics"
TB = 1024**4
GB = 1024**3


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


DEMO = Scale(
    customers=200,
    personas_per_customer=3,
    deployments=300,
    days=365,
    incidents=400,
    teams=5,
    features=60,
    commitments=150,
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

Progress = Callable[[str], None]


def _noop(_message: str) -> None:
    return None


def roles_ensure() -> None:
    """Create the role groups and give PMs the admin permissions of the product apps."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    perms = Permission.objects.filter(
        content_type__app_label__in=["customers", "incidents", "roadmap", "django_celery_beat"]
    )
    groups[Role.PM].permissions.set(perms)


def demo_users_ensure() -> list[str]:
    User = get_user_model()
    created = []
    for username, role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "is_staff": role == Role.PM}
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role.value))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
        created.append("admin")
    return created


def scoring_policy_ensure() -> ScoringPolicy:
    policy = ScoringPolicy.objects.filter(is_active=True).first()
    if policy is None:
        policy = ScoringPolicy.objects.create(version=1, name="Default cost of delay", is_active=True, weights={})
    return policy


def _at(day: date, hour: int = 2) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_current_timezone())


def _daily_samples(deployment: Deployment, used_by_day: list[tuple[date, float]]) -> list[CapacitySample]:
    return [CapacitySample(deployment=deployment, taken_at=_at(day), used_bytes=int(used)) for day, used in used_by_day]


@transaction.atomic
def story_load(*, today: date) -> bool:
    """Load customers V, U, W, the storage incidents, five mainline features and the stabilization work."""
    if Customer.objects.filter(name=STORY_MARKER).exists():
        return False
    pm = get_user_model().objects.filter(username="pm").first()
    presales = get_user_model().objects.filter(username="presales").first()

    storage = Team.objects.create(name="Storage & Sync", engineers=6, focus_factor=Decimal("0.80"))
    editor = Team.objects.create(name="Editor", engineers=5, focus_factor=Decimal("0.80"))
    collab = Team.objects.create(name="Collaboration", engineers=5, focus_factor=Decimal("0.75"))
    mobile = Team.objects.create(name="Mobile", engineers=4, focus_factor=Decimal("0.80"))
    platform = Team.objects.create(name="Platform", engineers=4, focus_factor=Decimal("0.70"))
    del editor, collab, mobile
    release = Release.objects.create(name="2027.1 mainline", target_date=today + timedelta(days=90))

    v = Customer.objects.create(
        name=STORY_MARKER,
        industry="Logistics",
        tier=Tier.STRATEGIC,
        arr=Decimal("480000"),
        deployment_model=DeploymentModel.PRIVATE,
        region="East China",
        owner=pm,
        health="at_risk",
        employee_count=4200,
        notes="Customer V. Disk full one morning after image uploads; migration downtime must stay under 1 h.",
    )
    u = Customer.objects.create(
        name="Umbra Securities",
        industry="Finance",
        tier=Tier.STRATEGIC,
        arr=Decimal("360000"),
        deployment_model=DeploymentModel.PRIVATE,
        region="North China",
        owner=pm,
        health="watch",
        employee_count=2600,
        notes="Customer U. Leadership users are VIP and must be protected first.",
    )
    w = Customer.objects.create(
        name="Westlake Medical",
        industry="Healthcare",
        tier=Tier.KEY,
        arr=Decimal("220000"),
        deployment_model=DeploymentModel.PRIVATE,
        region="South China",
        owner=pm,
        employee_count=1800,
        notes="Customer W. Contract names shared team spaces by date.",
    )
    people = {
        v: [
            ("Chen Wei", "CIO", PersonaRole.EB, True),
            ("Liu Yang", "IT operations lead", PersonaRole.TB, False),
            ("Zhao Min", "Dispatch supervisor", PersonaRole.UB, False),
        ],
        u: [
            ("Sun Li", "CEO", PersonaRole.EB, True),
            ("Zhou Jie", "CFO", PersonaRole.EB, True),
            ("Wu Hao", "Head of IT", PersonaRole.TB, False),
            ("Qian Lin", "Analyst", PersonaRole.UB, False),
        ],
        w: [
            ("Dr. Huang Fang", "Chief Medical Officer", PersonaRole.EB, False),
            ("Ma Jun", "IT manager", PersonaRole.TB, False),
            ("Lin Xiu", "Head nurse", PersonaRole.UB, False),
        ],
    }
    personas = {}
    for customer, rows in people.items():
        for name, title, role, vip in rows:
            personas[name] = Persona.objects.create(
                customer=customer,
                name=name,
                title=title,
                role=role,
                is_vip=vip,
                influence=5 if vip else 3,
                email=f"{name.split()[-1].lower()}@{customer.name.split()[0].lower()}.example.com",
                department="Management" if role == PersonaRole.EB else "IT",
            )

    # V: two slow years to 25 %, then x4 after image uploads, full one morning, clean-up to 7 % free,
    # then -0.5 points a day: about two weeks left.
    capacity_v = 2 * TB
    dep_v = Deployment.objects.create(customer=v, name="vantage-prod", capacity_bytes=capacity_v, version="5.2")
    rows: list[tuple[date, float]] = []
    noise = random.Random(7)
    upload_day, full_day, cleanup_day = (
        today - timedelta(days=160),
        today - timedelta(days=3),
        today - timedelta(days=2),
    )
    day = today - timedelta(days=900)
    while day <= today:
        if day < upload_day:
            pct = 0.25 * (day - (today - timedelta(days=900))).days / 740
        elif day < full_day:
            pct = 0.25 + (0.9999 - 0.25) * (day - upload_day).days / (full_day - upload_day).days
        elif day < cleanup_day:
            pct = 0.9999
        else:
            pct = 0.93 + 0.005 * (day - cleanup_day).days
        rows.append((day, capacity_v * min(0.9999, max(0.001, pct + noise.gauss(0, 0.0015)))))
        day += timedelta(days=1)
    CapacitySample.objects.bulk_create(_daily_samples(dep_v, rows))

    # U: 18 % free and falling; W: comfortable.
    for customer, name, start_pct, per_day in ((u, "umbra-prod", 0.60, 0.0006), (w, "westlake-prod", 0.50, 0.0004)):
        dep = Deployment.objects.create(customer=customer, name=name, capacity_bytes=1 * TB, version="5.1")
        CapacitySample.objects.bulk_create(
            _daily_samples(
                dep,
                [
                    (today - timedelta(days=d), TB * (start_pct + per_day * (365 - d) + noise.gauss(0, 0.002)))
                    for d in range(365, -1, -1)
                ],
            )
        )

    disk_full = Incident.objects.create(
        title="Vantage: disk full, nobody can work",
        severity=Severity.SEV1,
        status=IncidentStatus.MITIGATED,
        category=Category.STORAGE,
        reported_at=_at(full_day, 8),
        detected_at=_at(full_day, 7),
        responded_at=_at(full_day, 8),
        mitigated_at=_at(cleanup_day, 1),
        ticket_count=12,
        root_cause="Image uploads (about 80% of storage) grew usage four times faster after release 5.0.",
        why_it_happened="No capacity alerting on private deployments; image uploads were enabled without "
        "compression or external storage.",
        why_this_fix="Emergency clean-up bought about two weeks; compression first, then external storage "
        "over standard protocols.",
        how_we_prevent="Fleet capacity forecasts with alerts at 80%/90%; storage stabilization before "
        "further mainline work.",
    )
    AffectedCustomer.objects.create(incident=disk_full, customer=v, vip_affected=True, impact="Full outage")
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(incident=disk_full, at=_at(full_day, 7), kind="reported", text="Users cannot save notes."),
            TimelineEvent(incident=disk_full, at=_at(full_day, 8), kind="responded", text="On-call engaged."),
            TimelineEvent(
                incident=disk_full,
                at=_at(full_day, 12),
                kind="clarified",
                text="Disk 100% used; images are ~80% of storage.",
            ),
            TimelineEvent(
                incident=disk_full,
                at=_at(cleanup_day, 1),
                kind="mitigated",
                text="Emergency clean-up: 7% free. Falling 0.5 points a day.",
            ),
        ]
    )
    slowness = Incident.objects.create(
        title="Umbra: intermittent slowness below 20% free disk",
        severity=Severity.SEV2,
        status=IncidentStatus.CLARIFYING,
        category=Category.PERFORMANCE,
        reported_at=_at(today - timedelta(days=6), 9),
        ticket_count=7,
        root_cause="Performance degrades at random once free disk drops below ~20%.",
    )
    AffectedCustomer.objects.create(
        incident=slowness, customer=u, vip_affected=True, impact="CEO and CFO hit slow saves"
    )
    fleet = Incident.objects.create(
        title="Storage growth after image uploads: tickets +50%",
        severity=Severity.SEV2,
        status=IncidentStatus.SOLVING,
        category=Category.STORAGE,
        reported_at=_at(today - timedelta(days=10), 10),
        ticket_count=64,
        description="More than 20 private customers report storage problems; 80% of tickets come from customers "
        "with little free space.",
    )
    AffectedCustomer.objects.bulk_create(
        [
            AffectedCustomer(incident=fleet, customer=v, vip_affected=True),
            AffectedCustomer(incident=fleet, customer=u, vip_affected=True),
            AffectedCustomer(incident=fleet, customer=w),
        ]
    )

    stabilization = Feature.objects.create(
        title="Storage stabilization: image compression, then external storage",
        kind=FeatureKind.STABILIZATION,
        team=storage,
        effort_weeks=Decimal("28"),
        effort_low_weeks=Decimal("22"),
        effort_high_weeks=Decimal("44"),
        status=FeatureStatus.PLANNED,
        priority_rank=1,
        description="Compress images first, then move attachments to an external storage server over standard "
        "protocols (S3 / NFS).",
    )
    stabilization.incidents.set([disk_full, slowness, fleet])
    mainline = [
        ("Shared team spaces (xx)", storage, 12, 9, 18, 2, "0.30"),
        ("Offline sync for mobile (yy)", storage, 14, 10, 22, 3, "0.10"),
        ("Version history for notes", storage, 8, 6, 12, 4, "0"),
        ("Full-text search in attachments", platform, 10, 8, 16, 1, "0.20"),
        ("Admin audit log export", platform, 6, 5, 9, 2, "0"),
    ]
    features = {}
    for title, team, effort, low, high, rank, progress in mainline:
        features[title] = Feature.objects.create(
            title=title,
            team=team,
            release=release,
            effort_weeks=Decimal(effort),
            effort_low_weeks=Decimal(low),
            effort_high_weeks=Decimal(high),
            priority_rank=rank,
            progress=Decimal(progress),
            status=FeatureStatus.IN_PROGRESS if Decimal(progress) > 0 else FeatureStatus.PLANNED,
        )
    xx, yy = features["Shared team spaces (xx)"], features["Offline sync for mobile (yy)"]
    Commitment.objects.create(
        feature=xx,
        customer=w,
        promised_date=today + timedelta(days=42),
        persona=personas["Dr. Huang Fang"],
        promised_by=presales,
        strength=Strength.CONTRACTUAL,
        note="In the renewal contract.",
    )
    Commitment.objects.create(
        feature=xx,
        customer=v,
        promised_date=today + timedelta(days=56),
        persona=personas["Liu Yang"],
        promised_by=presales,
        strength=Strength.FIRM,
    )
    Commitment.objects.create(
        feature=yy,
        customer=u,
        promised_date=today + timedelta(days=70),
        persona=personas["Sun Li"],
        promised_by=presales,
        strength=Strength.FIRM,
        note='Promised in the executive meeting: "no problem, we can do that".',
    )
    FeatureRequest.objects.bulk_create(
        [
            FeatureRequest(
                feature=xx,
                customer=w,
                persona=personas["Dr. Huang Fang"],
                requested_at=_at(today - timedelta(days=120)),
            ),
            FeatureRequest(
                feature=yy, customer=u, persona=personas["Sun Li"], requested_at=_at(today - timedelta(days=90))
            ),
            FeatureRequest(
                feature=stabilization, customer=v, persona=personas["Chen Wei"], requested_at=_at(cleanup_day)
            ),
            FeatureRequest(
                feature=stabilization, customer=u, persona=personas["Wu Hao"], requested_at=_at(cleanup_day)
            ),
        ]
    )
    return True


# --- Generated bulk ------------------------------------------------------------------------------

INDUSTRIES = [
    "Manufacturing",
    "Finance",
    "Healthcare",
    "Education",
    "Retail",
    "Logistics",
    "Energy",
    "Government",
    "Media",
    "Legal",
]
REGIONS = ["East China", "North China", "South China", "West China", "Hong Kong", "Singapore", "Europe"]
NAME_A = [
    "Blue",
    "Golden",
    "Silver",
    "Red",
    "Green",
    "North",
    "East",
    "Grand",
    "Bright",
    "Clear",
    "Swift",
    "Summit",
    "Harbor",
    "River",
    "Stone",
    "Cloud",
    "Pine",
    "Jade",
    "Iron",
    "Star",
]
NAME_B = [
    "Logistics",
    "Capital",
    "Health",
    "Systems",
    "Foods",
    "Motors",
    "Energy",
    "Textiles",
    "Media",
    "Robotics",
    "Pharma",
    "Bank",
    "Airlines",
    "Steel",
    "Retail",
    "Labs",
    "Insurance",
    "Telecom",
]
CN_NAMES = ["华东制造", "星河金融", "远航物流", "青松医疗", "金石能源", "云帆教育", "蓝海零售", "长江传媒"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"]
GIVEN = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Tao", "Ming", "Hui", "Xin", "Bo"]
TITLES = {
    PersonaRole.EB: ["CEO", "CIO", "COO", "VP Operations", "General Manager"],
    PersonaRole.TB: ["IT manager", "Head of IT", "Security lead", "Solutions architect"],
    PersonaRole.UB: ["Team lead", "Analyst", "Coordinator", "Engineer"],
}
FEATURE_WORDS = [
    "Bulk export",
    "Calendar view",
    "Smart templates",
    "Comment threads",
    "Task reminders",
    "Web clipper",
    "PDF annotation",
    "Handwriting search",
    "Dark mode",
    "Kanban boards",
    "Guest access",
    "Data residency",
    "Retention policies",
    "API rate dashboard",
    "Whiteboards",
    "Voice notes",
    "Table formulas",
    "LDAP sync",
    "Approval flows",
    "Usage analytics",
]
INCIDENT_WORDS = [
    "Slow search",
    "Sync conflicts",
    "Login failures",
    "Export timeouts",
    "Image upload errors",
    "Disk usage alarm",
    "Missing attachments",
    "Notification delays",
    "Editor crash",
    "High CPU on server",
]


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


def bulk_load(*, today: date, scale: Scale, seed: int = 42, progress: Progress = _noop) -> None:
    """Add generated customers, people, deployments with daily samples, incidents, features and promises."""
    rng = random.Random(seed)
    existing = set(Customer.objects.values_list("name", flat=True))

    progress("customers")
    customers = []
    i = 0
    while len(customers) < scale.customers:
        i += 1
        base = CN_NAMES[i % len(CN_NAMES)] if i % 17 == 0 else f"{rng.choice(NAME_A)} {rng.choice(NAME_B)}"
        name = f"{base} {i:05d}"
        if name in existing:
            continue
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
        for n, role in enumerate(roles):
            personas.append(
                Persona(
                    customer=customer,
                    role=role,
                    name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {n}",
                    title=rng.choice(TITLES[role]),
                    is_vip=role == PersonaRole.EB and rng.random() < 0.3,
                    influence=rng.randint(3, 5) if role == PersonaRole.EB else rng.randint(1, 4),
                    email=f"p{customer.pk}.{n}@example.com" if rng.random() < 0.7 else "",
                    department=rng.choice(["IT", "Operations", "Management", ""]),
                )
            )
    Persona.objects.bulk_create(personas, batch_size=5000)

    progress("deployments")
    deployments = [
        Deployment(
            customer=customers[k % len(customers)],
            name=f"prod-{k // len(customers) + 1}",
            capacity_bytes=rng.choice([500, 1000, 2000, 4000]) * GB,
        )
        for k in range(scale.deployments)
    ]
    Deployment.objects.bulk_create(deployments, batch_size=5000)
    deployments = list(Deployment.objects.filter(customer__in=customers).order_by("id"))

    progress("capacity samples")
    start = today - timedelta(days=scale.days - 1)
    stamps = [_at(start + timedelta(days=d)) for d in range(scale.days)]

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
    incidents, affected = [], []
    for n in range(scale.incidents):
        reported = _at(today - timedelta(days=rng.randint(0, 400)), rng.randint(0, 23))
        resolved = rng.random() < 0.8
        incidents.append(
            Incident(
                title=f"{rng.choice(INCIDENT_WORDS)} #{n + 1}",
                severity=rng.choices(Severity.values, weights=[1, 4, 10, 10])[0],
                status=IncidentStatus.RESOLVED
                if resolved
                else rng.choice([IncidentStatus.OPEN, IncidentStatus.RESPONDING, IncidentStatus.SOLVING]),
                category=rng.choice(Category.values),
                reported_at=reported,
                resolved_at=reported + timedelta(hours=rng.randint(1, 200)) if resolved else None,
                ticket_count=rng.randint(0, 20),
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=5000)
    incidents = list(Incident.objects.filter(title__contains=" #").order_by("-id")[: scale.incidents])
    for incident in incidents:
        for customer in rng.sample(customers, k=rng.randint(1, 3)):
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
                title=f"{rng.choice(FEATURE_WORDS)} {n + 1}",
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
    made = _at(today - timedelta(days=90))
    bulk_create_with_history(commitments, Commitment, batch_size=5000, default_date=made)
    progress("done")


def demo_load(*, today: date | None = None, scale: Scale = DEMO, progress: Progress = _noop) -> bool:
    """Load the whole demo (roles, users, story, bulk); return False when it was already there."""
    today = today or timezone.localdate()
    roles_ensure()
    demo_users_ensure()
    scoring_policy_ensure()
    if not story_load(today=today):
        return False
    with transaction.atomic():
        bulk_load(today=today, scale=scale, progress=progress)
        plan_changed()  # bulk rows send no signals
    return True
