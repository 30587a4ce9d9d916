"""Writes of priority scores: recompute in bulk, rank, snapshot weekly, and queue recomputes when inputs change."""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.jobs import job_enqueue
from incidents.models import OPEN_STATUSES
from roadmap.domain.scoring import Policy, rank_scores, score_feature, score_incident
from roadmap.models import OPEN_FEATURE_STATUSES, PriorityScore, PriorityScoreSnapshot, ScoringPolicy
from roadmap.selectors.scoring import (
    feature_inputs_list,
    incident_inputs_list,
    policy_from_model,
    scoring_policy_get,
    week_start,
)

log = logging.getLogger(__name__)

RECOMPUTE_JOB_KEY = "scores:all"
RECOMPUTE_TASK = "roadmap.tasks.scores_recompute_all"
# A burst of edits (an import, a bulk admin action) settles before the recompute starts.
RECOMPUTE_COUNTDOWN_SECONDS = 5
SCORE_FIELDS = ["score", "rank", "breakdown", "policy_version", "computed_at"]


def scoring_policy_active_ensure() -> ScoringPolicy:
    """Return the active scoring policy, creating the default one (version 1, default weights) if none is."""
    policy = scoring_policy_get()
    if policy is not None:
        return policy
    with transaction.atomic():
        latest = ScoringPolicy.objects.order_by("-version").first()
        if latest is not None:
            latest.is_active = True
            latest.save(update_fields=["is_active"])
            return latest
        return ScoringPolicy.objects.create(version=1, name="Default cost of delay", weights={}, is_active=True)


def _upsert(rows: list[PriorityScore], *, target: str) -> None:
    if rows:
        PriorityScore.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=[target], update_fields=SCORE_FIELDS
        )


def _score_features(policy: Policy, *, today: date, feature_ids: list[int] | None, now) -> dict[int, PriorityScore]:
    scored = {}
    for feature in feature_inputs_list(today=today, feature_ids=feature_ids):
        result = score_feature(feature, policy, today=today)
        scored[feature.feature_id] = PriorityScore(
            feature_id=feature.feature_id,
            score=result.score,
            breakdown=result.breakdown,
            policy_version=result.policy_version,
            computed_at=now,
        )
    return scored


def _score_incidents(policy: Policy, *, today: date, incident_ids: list[int] | None, now) -> tuple[dict, set]:
    scored, open_ids = {}, set()
    for incident in incident_inputs_list(incident_ids=incident_ids):
        result = score_incident(incident, policy, today=today)
        scored[incident.incident_id] = PriorityScore(
            incident_id=incident.incident_id,
            score=result.score,
            breakdown=result.breakdown,
            policy_version=result.policy_version,
            computed_at=now,
        )
        if incident.is_open:
            open_ids.add(incident.incident_id)
    return scored, open_ids


@transaction.atomic
def scores_recompute_all(*, today: date | None = None) -> dict:
    """Recompute, rank and store the scores of every open feature and every incident; snapshot once a week.

    Runs a fixed number of queries (bulk reads, one upsert per kind), so it stays flat as data grows.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    policy = policy_from_model(scoring_policy_active_ensure())

    features = _score_features(policy, today=today, feature_ids=None, now=now)
    for fid, rank in rank_scores({fid: s.score for fid, s in features.items()}).items():
        features[fid].rank = rank
    incidents, open_ids = _score_incidents(policy, today=today, incident_ids=None, now=now)
    for iid, rank in rank_scores({iid: incidents[iid].score for iid in open_ids}).items():
        incidents[iid].rank = rank

    PriorityScore.objects.filter(feature__isnull=False).exclude(feature__status__in=OPEN_FEATURE_STATUSES).delete()
    _upsert(list(features.values()), target="feature")
    _upsert(list(incidents.values()), target="incident")
    snapshot = scores_snapshot_week(today=today)
    return {
        "features": len(features),
        "incidents": len(incidents),
        "open_incidents": len(open_ids),
        "policy_version": policy.version,
        "snapshot_rows": snapshot,
    }


def _rerank(*, target: str) -> None:
    """Re-rank every stored score of one kind after part of them changed; writes only the ranks that moved."""
    scores = PriorityScore.objects.filter(**{f"{target}__isnull": False})
    if target == "incident":
        scores = scores.filter(incident__status__in=OPEN_STATUSES)
        PriorityScore.objects.filter(incident__isnull=False, rank__isnull=False).exclude(
            incident__status__in=OPEN_STATUSES
        ).update(rank=None)
    rows = list(scores.only("id", "score", "rank"))
    ranks = rank_scores({s.id: s.score for s in rows})
    moved = [s for s in rows if s.rank != ranks[s.id]]
    for s in moved:
        s.rank = ranks[s.id]
    PriorityScore.objects.bulk_update(moved, ["rank"], batch_size=2000)


@transaction.atomic
def scores_recompute_features(*, feature_ids: list[int], today: date | None = None) -> int:
    """Recompute the scores of some features, drop those no longer open, and re-rank all features."""
    today = today or timezone.localdate()
    policy = policy_from_model(scoring_policy_active_ensure())
    scored = _score_features(policy, today=today, feature_ids=list(feature_ids), now=timezone.now())
    PriorityScore.objects.filter(feature_id__in=set(feature_ids) - set(scored)).delete()
    _upsert(list(scored.values()), target="feature")
    _rerank(target="feature")
    return len(scored)


@transaction.atomic
def scores_recompute_incidents(*, incident_ids: list[int], today: date | None = None) -> int:
    """Recompute the scores of some incidents and re-rank the open ones."""
    today = today or timezone.localdate()
    policy = policy_from_model(scoring_policy_active_ensure())
    scored, _open = _score_incidents(policy, today=today, incident_ids=list(incident_ids), now=timezone.now())
    _upsert(list(scored.values()), target="incident")
    _rerank(target="incident")
    return len(scored)


def scores_snapshot_week(*, today: date) -> int:
    """Copy the current ranks once per week (the first recompute of the week), for movement since last week."""
    week = week_start(today)
    if PriorityScoreSnapshot.objects.filter(week=week).exists():
        return 0
    rows = [
        PriorityScoreSnapshot(week=week, feature_id=fid, incident_id=iid, score=score, rank=rank)
        for fid, iid, score, rank in PriorityScore.objects.filter(rank__isnull=False).values_list(
            "feature_id", "incident_id", "score", "rank"
        )
    ]
    PriorityScoreSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Queueing -----------------------------------------------------------------------------------


def scores_recompute_enqueue(*, countdown: float = RECOMPUTE_COUNTDOWN_SECONDS) -> bool:
    """Queue one coalesced full recompute (tracked, so the reconciler re-sends it if the broker loses it)."""
    return job_enqueue(key=RECOMPUTE_JOB_KEY, task=RECOMPUTE_TASK, countdown=countdown)


def _enqueue_after_commit() -> None:
    scores_recompute_enqueue()


def scores_recompute_soon() -> None:
    """Queue a recompute once the current transaction commits; many changes in one transaction queue one."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _enqueue_after_commit for entry in connection.run_on_commit):
        return
    # robust: a broker or database hiccup here must not fail the user's already-committed change.
    transaction.on_commit(_enqueue_after_commit, robust=True)
