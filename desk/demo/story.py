"""The demo story from the product brief: customers V, U and W, the storage incidents, the five mainline
features, the two promises, and the stabilization work."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from customers.models import CapacitySample, Customer, Deployment, DeploymentModel, Persona, PersonaRole, Tier
from incidents.models import AffectedCustomer, Category, Incident, IncidentStatus, Severity, TimelineEvent
from roadmap.models import (
    Commitment,
    Feature,
    FeatureKind,
    FeatureRequest,
    FeatureStatus,
    Preemption,
    Release,
    Scenario,
    ScoringPolicy,
    Strength,
    Team,
)

STORY_MARKER = "Vantage Logistics"
TIB = 1024**4


def scoring_policy_ensure() -> ScoringPolicy:
    policy = ScoringPolicy.objects.filter(is_active=True).first()
    if policy is None:
        policy = ScoringPolicy.objects.create(version=1, name="Default cost of delay", is_active=True, weights={})
    return policy


def at(day: date, hour: int = 2) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_current_timezone())


def _daily_samples(deployment: Deployment, used_by_day: list[tuple[date, float]]) -> list[CapacitySample]:
    return [CapacitySample(deployment=deployment, taken_at=at(day), used_bytes=int(used)) for day, used in used_by_day]


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
        notes="Disk full one morning after image uploads; migration downtime must stay under 1 h.",
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
        notes="Leadership users are VIP and must be protected first.",
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
        notes="Contract names shared team spaces by date.",
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
    # V and W are written to in Chinese, U in English (notices follow each person's language).
    languages = {v: "zh-hans", u: "en", w: "zh-hans"}
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
                language=languages[customer],
            )

    # V: two slow years to 25 %, then x4 after image uploads, full one morning, clean-up to 7 % free,
    # then -0.5 points a day: about two weeks left.
    capacity_v = 2 * TIB
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
        dep = Deployment.objects.create(customer=customer, name=name, capacity_bytes=1 * TIB, version="5.1")
        CapacitySample.objects.bulk_create(
            _daily_samples(
                dep,
                [
                    (today - timedelta(days=d), TIB * (start_pct + per_day * (365 - d) + noise.gauss(0, 0.002)))
                    for d in range(365, -1, -1)
                ],
            )
        )

    disk_full = Incident.objects.create(
        title="Vantage: disk full, nobody can work",
        severity=Severity.SEV1,
        status=IncidentStatus.MITIGATED,
        category=Category.STORAGE,
        reported_at=at(full_day, 8),
        detected_at=at(full_day, 7),
        responded_at=at(full_day, 8),
        mitigated_at=at(cleanup_day, 1),
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
            TimelineEvent(incident=disk_full, at=at(full_day, 7), kind="reported", text="Users cannot save notes."),
            TimelineEvent(incident=disk_full, at=at(full_day, 8), kind="responded", text="On-call engaged."),
            TimelineEvent(
                incident=disk_full,
                at=at(full_day, 12),
                kind="clarified",
                text="Disk 100% used; images are ~80% of storage.",
            ),
            TimelineEvent(
                incident=disk_full,
                at=at(cleanup_day, 1),
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
        reported_at=at(today - timedelta(days=6), 9),
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
        reported_at=at(today - timedelta(days=10), 10),
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
        ("Shared team spaces", storage, 12, 9, 18, 2, "0.30"),
        ("Offline sync for mobile", storage, 14, 10, 22, 3, "0.10"),
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
    xx, yy = features["Shared team spaces"], features["Offline sync for mobile"]
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
                requested_at=at(today - timedelta(days=120)),
            ),
            FeatureRequest(
                feature=yy, customer=u, persona=personas["Sun Li"], requested_at=at(today - timedelta(days=90))
            ),
            FeatureRequest(
                feature=stabilization, customer=v, persona=personas["Chen Wei"], requested_at=at(cleanup_day)
            ),
            FeatureRequest(feature=stabilization, customer=u, persona=personas["Wu Hao"], requested_at=at(cleanup_day)),
        ]
    )
    # The product's moment, ready to open: a draft, not yet the plan.
    scenario = Scenario.objects.create(
        name="Storage stabilization preempts Storage & Sync 100 % for 6 weeks",
        description="Disk full at customer V: the whole Storage & Sync team on the fix first.",
        incident=disk_full,
        stabilization_feature=stabilization,
        created_by=pm,
    )
    Preemption.objects.create(scenario=scenario, team=storage, starts_on=today, weeks=6, share=Decimal("1"))
    return True
