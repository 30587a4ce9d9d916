"""Reads for priority scores: bulk inputs of the score engine, and the ranked lists shown on pages.

Every function runs a fixed number of queries, whatever the number of features and incidents.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q

from customers.selectors.forecasts import days_until_next_full_get
from incidents.models import OPEN_STATUSES, AffectedCustomer, Incident
from roadmap.domain.scoring import (
    DEFAULT_WEIGHTS,
    FEATURE_FORMULA,
    INCIDENT_FORMULA,
    AffectedInput,
    CustomerAsk,
    FeatureInput,
    IncidentImpact,
    IncidentInput,
    Policy,
    Promise,
    merge_weights,
)
from roadmap.models import (
    LIVE_COMMITMENT_STATUSES,
    OPEN_FEATURE_STATUSES,
    SCHEDULED_FEATURE_STATUSES,
    Commitment,
    Feature,
    FeatureKind,
    FeatureRequest,
    PriorityScore,
    PriorityScoreSnapshot,
    ScoringPolicy,
)

OPEN_INCIDENT_STATUSES = frozenset(OPEN_STATUSES)


def scoring_policy_get() -> ScoringPolicy | None:
    return ScoringPolicy.objects.filter(is_active=True).first()


def policy_from_model(policy: ScoringPolicy) -> Policy:
    return Policy.from_weights(version=policy.version, weights=policy.weights)


def feature_inputs_list(*, today: date, feature_ids: list[int] | None = None) -> list[FeatureInput]:
    """Score inputs of every open feature (or of the given ones): five queries."""
    features = Feature.objects.filter(status__in=OPEN_FEATURE_STATUSES)
    if feature_ids is not None:
        features = features.filter(id__in=feature_ids)
    rows = list(features.order_by("id").values_list("id", "title", "kind", "effort_weeks", "progress"))
    ids = [r[0] for r in rows]
    scope = Q(feature_id__in=ids) if feature_ids is not None else Q(feature__status__in=OPEN_FEATURE_STATUSES)

    asks: dict[int, list[CustomerAsk]] = defaultdict(list)
    promises: dict[int, list[Promise]] = defaultdict(list)
    for fid, cid, name, arr, tier, role in FeatureRequest.objects.filter(scope).values_list(
        "feature_id", "customer_id", "customer__name", "customer__arr", "customer__tier", "persona__role"
    ):
        asks[fid].append(CustomerAsk(cid, name, float(arr), tier, role, promised=False))
    for fid, cid, name, arr, tier, role, promised_date, strength in Commitment.objects.filter(
        scope, status__in=LIVE_COMMITMENT_STATUSES
    ).values_list(
        "feature_id",
        "customer_id",
        "customer__name",
        "customer__arr",
        "customer__tier",
        "persona__role",
        "promised_date",
        "strength",
    ):
        asks[fid].append(CustomerAsk(cid, name, float(arr), tier, role, promised=True))
        promises[fid].append(Promise(cid, name, promised_date, strength))

    links = Feature.incidents.through.objects.filter(scope).values_list("feature_id", "incident_id")
    linked: dict[int, list[int]] = defaultdict(list)
    for fid, iid in links:
        linked[fid].append(iid)
    impacts = {}
    if linked:
        incident_scope = (
            Q(features__id__in=ids) if feature_ids is not None else Q(features__status__in=OPEN_FEATURE_STATUSES)
        )
        for iid, title, severity, status, customers, vips in (
            Incident.objects.filter(incident_scope)
            .distinct()
            .annotate(
                n_customers=Count("affected", distinct=True),
                n_vips=Count("affected", filter=Q(affected__vip_affected=True), distinct=True),
            )
            .values_list("id", "title", "severity", "status", "n_customers", "n_vips")
        ):
            impacts[iid] = IncidentImpact(iid, title, severity, status in OPEN_INCIDENT_STATUSES, customers, vips)

    has_stabilization = any(r[2] == FeatureKind.STABILIZATION for r in rows)
    first_full = days_until_next_full_get(today=today) if has_stabilization else None
    return [
        FeatureInput(
            feature_id=fid,
            title=title,
            kind=kind,
            effort_weeks=float(effort),
            progress=float(progress),
            asks=tuple(asks.get(fid, ())),
            promises=tuple(promises.get(fid, ())),
            incidents=tuple(impacts[i] for i in linked.get(fid, ()) if i in impacts),
            days_until_first_full=first_full if kind == FeatureKind.STABILIZATION else None,
        )
        for fid, title, kind, effort, progress in rows
    ]


def incident_inputs_iter(*, incident_ids: list[int] | None = None) -> Iterator[IncidentInput]:
    """Stream the score inputs of incidents, so 100,000 of them never sit in memory at once."""
    incidents = Incident.objects.all()
    affected_qs = AffectedCustomer.objects.all()
    if incident_ids is not None:
        incidents = incidents.filter(id__in=incident_ids)
        affected_qs = affected_qs.filter(incident_id__in=incident_ids)
    affected: dict[int, list[AffectedInput]] = defaultdict(list)
    customer_ids = set()
    for iid, cid, arr, tier, vip in affected_qs.values_list(
        "incident_id", "customer_id", "customer__arr", "customer__tier", "vip_affected"
    ).iterator(chunk_size=20_000):
        affected[iid].append(AffectedInput(cid, "", float(arr), tier, vip))
        customer_ids.add(cid)
    promises_qs = Commitment.objects.filter(status__in=LIVE_COMMITMENT_STATUSES)
    if incident_ids is not None:
        promises_qs = promises_qs.filter(customer_id__in=customer_ids)
    strengths: dict[int, list[str]] = defaultdict(list)
    for cid, strength in promises_qs.values_list("customer_id", "strength"):
        strengths[cid].append(strength)
    # Titles are not part of an incident's score; leaving them out keeps the 100,000-row read lean.
    for iid, severity, status, reported_at in incidents.values_list("id", "severity", "status", "reported_at").iterator(
        chunk_size=20_000
    ):
        hit = affected.get(iid, [])
        yield IncidentInput(
            incident_id=iid,
            title="",
            severity=severity,
            is_open=status in OPEN_INCIDENT_STATUSES,
            reported_on=reported_at.date(),
            affected=tuple(hit),
            promise_strengths=tuple(s for a in hit for s in strengths.get(a.customer_id, ())),
        )


# --- Pages --------------------------------------------------------------------------------------


@dataclass
class RankedRow:
    score: PriorityScore
    movement: int | None  # positive: moved up since last week; None: new this week or no earlier snapshot
    previous_rank: int | None


@dataclass
class RankedPage:
    rows: list[RankedRow]
    page: object
    compared_with: date | None
    computed_at: object


def top_features_list(*, limit: int = 5) -> list[PriorityScore]:
    """The highest-scored features still on the plan."""
    return list(
        PriorityScore.objects.filter(feature__isnull=False, feature__status__in=SCHEDULED_FEATURE_STATUSES)
        .select_related("feature__team")
        .order_by("-score")[:limit]
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def ranked_scores_page(*, target: str, today: date, page_number: int | str = 1, per_page: int = 50) -> RankedPage:
    """One page of ranked features or open incidents, with rank movement against the last weekly snapshot."""
    scores = PriorityScore.objects.filter(rank__isnull=False)
    if target == "features":
        scores = scores.filter(feature__isnull=False).select_related("feature__team")
        other_field = "feature_id"
    else:
        scores = scores.filter(incident__isnull=False, incident__status__in=OPEN_STATUSES).select_related("incident")
        other_field = "incident_id"
    page = Paginator(scores.order_by("rank", "id"), per_page).get_page(page_number)
    items = list(page.object_list)
    last_week = PriorityScoreSnapshot.objects.filter(week__lt=week_start(today)).aggregate(week=Max("week"))["week"]
    previous: dict[int, int] = {}
    if last_week and items:
        previous = dict(
            PriorityScoreSnapshot.objects.filter(
                week=last_week, **{f"{other_field}__in": [getattr(s, other_field) for s in items]}
            ).values_list(other_field, "rank")
        )
    rows = []
    for s in items:
        before = previous.get(getattr(s, other_field))
        rows.append(RankedRow(score=s, previous_rank=before, movement=None if before is None else before - s.rank))
    computed_at = max((s.computed_at for s in items), default=None)
    return RankedPage(rows=rows, page=page, compared_with=last_week, computed_at=computed_at)


@dataclass
class WeightRow:
    key: str
    value: float
    default: float
    overridden: bool


@dataclass
class PolicyOverview:
    policy: ScoringPolicy | None
    version: int | None
    rows: list[WeightRow]
    feature_formula: str
    incident_formula: str


def scoring_policy_overview_get() -> PolicyOverview:
    """The active policy with every weight flattened (`tier.strategic`), next to its default: one query."""
    policy = scoring_policy_get()
    merged = merge_weights(policy.weights if policy else {})
    rows = []
    for key, default in DEFAULT_WEIGHTS.items():
        if isinstance(default, dict):
            for sub, value in default.items():
                rows.append(WeightRow(f"{key}.{sub}", merged[key][sub], value, merged[key][sub] != value))
        else:
            rows.append(WeightRow(key, merged[key], default, merged[key] != default))
    return PolicyOverview(
        policy=policy,
        version=policy.version if policy else None,
        rows=rows,
        feature_formula=FEATURE_FORMULA,
        incident_formula=INCIDENT_FORMULA,
    )
