"""Reads for priority scores: bulk inputs of the score engine, and the ranked lists shown on pages.

Every function runs a fixed number of queries, whatever the number of features and incidents.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Q

from customers.selectors.forecasts import (
    days_to_full_by_customer,
    days_until_next_full_get,
    fleet_deadline_get,
    full_now_list,
    next_to_fill_get,
)
from incidents.models import OPEN_STATUSES, AffectedCustomer, Incident
from roadmap.domain.classes import FleetState
from roadmap.domain.moves import Lever, moves_to_first, ranking_moves
from roadmap.domain.ordering import Placed
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
    rank_scores,
    score_feature,
    score_incident,
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
    """Score inputs of every open feature (or of the given ones): a fixed number of queries."""
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
    # Read whether or not a feature is linked, so the query count does not depend on the data.
    if rows:
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

    fleet = fleet_state_get(today=today) if rows else None
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
            fleet=fleet if kind == FeatureKind.STABILIZATION else None,
        )
        for fid, title, kind, effort, progress in rows
    ]


def fleet_state_get(*, today: date) -> FleetState:
    """What a stabilization fix must beat, from the fleet forecast: the fix deadline (the date that beats the
    first deployments to fill, or the next one when fewer are filling), the next to fill, those already full."""
    deadline = fleet_deadline_get(today=today) or fleet_deadline_get(k=1, today=today)
    nxt = next_to_fill_get()
    return FleetState(
        deadline=deadline,
        days_until_first_full=days_until_next_full_get(today=today),
        next_to_fill=f"{nxt.deployment.name} ({nxt.deployment.customer.name})" if nxt else None,
        full_now=tuple(full_now_list()),
    )


def incident_inputs_iter(
    *, today: date, incident_ids: list[int] | None = None, open_only: bool = False
) -> Iterator[IncidentInput]:
    """Stream the score inputs of incidents, so 100,000 of them never sit in memory at once."""
    incidents = Incident.objects.all()
    affected_qs = AffectedCustomer.objects.all()
    if incident_ids is not None:
        incidents = incidents.filter(id__in=incident_ids)
        affected_qs = affected_qs.filter(incident_id__in=incident_ids)
    if open_only:
        incidents = incidents.filter(status__in=OPEN_STATUSES)
        affected_qs = affected_qs.filter(incident__status__in=OPEN_STATUSES)
    to_full = days_to_full_by_customer(today=today)
    affected: dict[int, list[AffectedInput]] = defaultdict(list)
    customer_ids = set()
    for iid, cid, arr, tier, vip in affected_qs.values_list(
        "incident_id", "customer_id", "customer__arr", "customer__tier", "vip_affected"
    ).iterator(chunk_size=20_000):
        affected[iid].append(AffectedInput(cid, "", float(arr), tier, vip, to_full.get(cid)))
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
    why_html: str = ""  # the page's rendered breakdown card (roadmap/views/priorities.py)
    place: int | None = None  # features: place in the work order (manual rank first, then score rank)


@dataclass
class RankedPage:
    rows: list[RankedRow]
    page: object
    compared_with: date | None
    computed_at: object


def top_features_list(*, limit: int = 5) -> list[PriorityScore]:
    """The first-ranked features still on the plan (ranked by lane, then score: expedite work comes first)."""
    return list(
        PriorityScore.objects.filter(feature__isnull=False, feature__status__in=SCHEDULED_FEATURE_STATUSES)
        .select_related("feature__team")
        .order_by(F("rank").asc(nulls_last=True), "-score")[:limit]
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# The backlog in the order teams work it (as the scheduler's queue): manual rank first, then the score ranking.
BACKLOG_ORDER = (F("feature__priority_rank").asc(nulls_last=True), "rank", "id")


def backlog_order_list(*, lock: bool = False) -> list[Placed]:
    """Every ranked feature of the backlog in work order, with its manual rank (one query); `lock` holds the
    features' rows until the transaction ends, so two moves at once are made one after the other."""
    features = Feature.objects.filter(score__rank__isnull=False).order_by(
        F("priority_rank").asc(nulls_last=True), "score__rank", "score__id"
    )
    if lock:
        features = features.select_for_update(of=("self",))
    return [Placed(pk, rank) for pk, rank in features.values_list("pk", "priority_rank")]


def ranked_scores_page(*, target: str, today: date, page_number: int | str = 1, per_page: int = 50) -> RankedPage:
    """One page of ranked features or open incidents, with rank movement against the last weekly snapshot."""
    scores = PriorityScore.objects.filter(rank__isnull=False)
    if target == "features":
        scores = scores.filter(feature__isnull=False).select_related("feature__team")
        other_field = "feature_id"
    else:
        scores = scores.filter(incident__isnull=False, incident__status__in=OPEN_STATUSES).select_related("incident")
        other_field = "incident_id"
    ordering = BACKLOG_ORDER if target == "features" else ("rank", "id")
    page = Paginator(scores.order_by(*ordering), per_page).get_page(page_number)
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
        movement = None if before is None else before - s.rank
        rows.append(RankedRow(score=s, previous_rank=before, movement=movement, place=page.start_index() + len(rows)))
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


# --- Policy preview and "what would move this to #1" ---------------------------------------------------


@dataclass
class PreviewRow:
    id: int
    title: str
    rank: int
    before: int | None
    score: float
    lane_label: str  # class of service (features) or severity (incidents)

    @property
    def delta(self) -> int | None:
        return None if self.before is None else self.before - self.rank


@dataclass
class RankingPreview:
    top: list[PreviewRow]
    moved: list[PreviewRow]
    moved_count: int


@dataclass
class PolicyPreview:
    features: RankingPreview
    incidents: RankingPreview
    weights: dict


def _preview(
    before: dict[int, tuple[int, float]],
    after: dict[int, tuple[int, float, str]],
    titles: dict[int, str],
    *,
    limit: int,
) -> RankingPreview:
    ranks_before = rank_scores(
        {i: s for i, (_lane, s) in before.items()}, {i: lane for i, (lane, _s) in before.items()}
    )
    ranks_after = rank_scores(
        {i: s for i, (_lane, s, _l) in after.items()}, {i: lane for i, (lane, _s, _l) in after.items()}
    )
    moves = ranking_moves(ranks_before, ranks_after)

    def row(i: int) -> PreviewRow:
        return PreviewRow(i, titles.get(i, ""), ranks_after[i], ranks_before.get(i), after[i][1], after[i][2])

    top = [row(i) for i, _rank in sorted(ranks_after.items(), key=lambda item: item[1])[:limit]]
    moved = [row(m.id) for m in moves if m.after is not None][:limit]
    return RankingPreview(top=top, moved=moved, moved_count=len(moves))


def policy_preview_get(*, weights: dict, today: date, limit: int = 10) -> PolicyPreview:
    """Rank every open feature and open incident under the active policy and under `weights`, in memory
    (nothing is stored): the new top `limit` with their old ranks, and what moved most."""
    active = scoring_policy_get()
    current = policy_from_model(active) if active else Policy.from_weights(version=0, weights={})
    proposed = Policy.from_weights(version=current.version + 1, weights=weights)
    f_before: dict[int, tuple[int, float]] = {}
    f_after: dict[int, tuple[int, float, str]] = {}
    titles: dict[int, str] = {}
    for feature in feature_inputs_list(today=today):
        old, new = score_feature(feature, current, today=today), score_feature(feature, proposed, today=today)
        f_before[feature.feature_id] = (old.lane, old.score)
        f_after[feature.feature_id] = (new.lane, new.score, new.breakdown["class_of_service"]["name"])
        titles[feature.feature_id] = feature.title
    i_before: dict[int, tuple[int, float]] = {}
    i_after: dict[int, tuple[int, float, str]] = {}
    for incident in incident_inputs_iter(today=today, open_only=True):
        old, new = score_incident(incident, current, today=today), score_incident(incident, proposed, today=today)
        i_before[incident.incident_id] = (old.lane, old.score)
        i_after[incident.incident_id] = (new.lane, new.score, incident.severity)
    incidents = _preview(i_before, i_after, {}, limit=limit)
    shown = {r.id for r in incidents.top} | {r.id for r in incidents.moved}
    incident_titles = dict(Incident.objects.filter(id__in=shown).values_list("id", "title"))
    for r in incidents.top + incidents.moved:
        r.title = incident_titles.get(r.id, "")
    return PolicyPreview(
        features=_preview(f_before, f_after, titles, limit=limit), incidents=incidents, weights=proposed.weights
    )


@dataclass
class ToFirst:
    feature_id: int
    rank: int | None
    top_title: str | None
    levers: list[Lever]
    # When #1 is in a lane ahead (expedite work), what would make it lead its own lane.
    lane_top_title: str | None = None
    lane_top_rank: int | None = None
    lane_levers: list[Lever] = field(default_factory=list)


def to_first_get(*, feature_id: int, today: date) -> ToFirst | None:
    """The smallest changes of a feature's inputs that would rank it #1 (None: not an open feature); when #1
    is expedite work and this is not, also those that would put it first after the expedite lane."""
    inputs = feature_inputs_list(today=today, feature_ids=[feature_id])
    if not inputs:
        return None
    active = scoring_policy_get()
    policy = policy_from_model(active) if active else Policy.from_weights(version=0, weights={})
    mine = PriorityScore.objects.filter(feature_id=feature_id).values_list("rank", "lane").first()
    others = (
        PriorityScore.objects.filter(feature__isnull=False, rank__isnull=False)
        .exclude(feature_id=feature_id)
        .order_by("rank")
    )
    top = others.values_list("lane", "score", "feature__title").first()
    rank, lane = mine if mine else (None, None)
    if top is None:
        return ToFirst(feature_id, rank, None, [])
    result = ToFirst(
        feature_id, rank, top[2], moves_to_first(inputs[0], policy, today=today, top_score=top[1], top_lane=top[0])
    )
    if lane is not None and top[0] < lane:
        lane_top = others.filter(lane=lane).values_list("score", "feature__title", "rank").first()
        if lane_top is not None and (rank is None or lane_top[2] < rank):
            result.lane_top_title, result.lane_top_rank = lane_top[1], lane_top[2]
            result.lane_levers = moves_to_first(inputs[0], policy, today=today, top_score=lane_top[0], top_lane=lane)
    return result


def scoring_policy_versions_list(*, limit: int = 10) -> list[ScoringPolicy]:
    """The latest policy versions with who saved them and why, newest first."""
    return list(ScoringPolicy.objects.select_related("created_by").order_by("-version")[:limit])
