"""Writes of priority scores: recompute in bulk, rank, snapshot weekly, and queue recomputes when inputs change."""

import gc
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from core.jobs import job_enqueue
from incidents.models import OPEN_STATUSES
from roadmap.domain.scoring import Policy, rank_scores, score_feature, score_incident
from roadmap.models import OPEN_FEATURE_STATUSES, Feature, PriorityScore, PriorityScoreSnapshot, ScoringPolicy
from roadmap.selectors.scoring import (
    feature_inputs_list,
    incident_inputs_iter,
    policy_from_model,
    scoring_policy_get,
    week_start,
)
from roadmap.services.plan_changes import plan_changed

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


def _write(rows: list[list], *, target: str, now) -> None:
    """Upsert score rows `[target id, score, rank, breakdown, policy version]` (breakdown as text on PostgreSQL)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _write_copy(rows, target=target, now=now)
        return
    objects = [
        PriorityScore(
            **{f"{target}_id": tid},
            score=score,
            rank=rank,
            breakdown=breakdown,
            policy_version=version,
            computed_at=now,
        )
        for tid, score, rank, breakdown, version in rows
    ]
    PriorityScore.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=[target], update_fields=SCORE_FIELDS
    )


def _write_copy(rows: list[list], *, target: str, now) -> None:
    # PostgreSQL: COPY into a staging table, then one upsert that skips unchanged rows. Four statements for
    # 100,000 scores; Django's bulk_create would spend most of its time quoting the breakdown JSON.
    table = connection.ops.quote_name(PriorityScore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scoring_stage (target_id bigint, score double precision, rank integer, "
            "breakdown jsonb, policy_version integer) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE scoring_stage")
        with cursor.copy("COPY scoring_stage FROM STDIN") as copy:
            for tid, score, rank, breakdown, version in rows:
                copy.write_row((tid, score, rank, breakdown, version))
        cursor.execute(
            f"INSERT INTO {table} ({target}_id, score, rank, breakdown, policy_version, computed_at) "
            "SELECT target_id, score, rank, breakdown, policy_version, %s FROM scoring_stage "
            f"ON CONFLICT ({target}_id) DO UPDATE SET score = EXCLUDED.score, rank = EXCLUDED.rank, "
            "breakdown = EXCLUDED.breakdown, policy_version = EXCLUDED.policy_version, "
            "computed_at = EXCLUDED.computed_at "
            f"WHERE ({table}.score, {table}.rank, {table}.policy_version, {table}.breakdown) "
            "IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.rank, EXCLUDED.policy_version, EXCLUDED.breakdown)",
            [now],
        )


def _breakdown_encoder():
    """PostgreSQL rows carry their breakdown as JSON text at once, so the dicts are freed as we go."""
    if connection.vendor == "postgresql":
        return json.JSONEncoder(separators=(",", ":")).encode
    return lambda breakdown: breakdown


def _score_features(policy: Policy, *, today: date, feature_ids: list[int] | None) -> dict[int, list]:
    scored, encode = {}, _breakdown_encoder()
    for feature in feature_inputs_list(today=today, feature_ids=feature_ids):
        result = score_feature(feature, policy, today=today)
        scored[feature.feature_id] = [
            feature.feature_id,
            result.score,
            None,
            encode(result.breakdown),
            result.policy_version,
        ]
    return scored


def _score_incidents(policy: Policy, *, today: date, incident_ids: list[int] | None) -> tuple[dict, set]:
    scored, open_ids, encode = {}, set(), _breakdown_encoder()
    for incident in incident_inputs_iter(incident_ids=incident_ids):
        result = score_incident(incident, policy, today=today)
        scored[incident.incident_id] = [
            incident.incident_id,
            result.score,
            None,
            encode(result.breakdown),
            result.policy_version,
        ]
        if incident.is_open:
            open_ids.add(incident.incident_id)
    return scored, open_ids


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    # Scoring 100,000 rows allocates millions of small containers and no cycles; the cyclic collector would
    # rescan them again and again (a third of the run time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_cyclic_gc()
@transaction.atomic
def scores_recompute_all(*, today: date | None = None) -> dict:
    """Recompute, rank and store the scores of every open feature and every incident; snapshot once a week.

    Runs a fixed number of queries (bulk reads, one upsert per kind), so it stays flat as data grows.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    policy = policy_from_model(scoring_policy_active_ensure())

    features = _score_features(policy, today=today, feature_ids=None)
    for fid, rank in rank_scores({fid: row[1] for fid, row in features.items()}).items():
        features[fid][2] = rank
    incidents, open_ids = _score_incidents(policy, today=today, incident_ids=None)
    for iid, rank in rank_scores({iid: incidents[iid][1] for iid in open_ids}).items():
        incidents[iid][2] = rank

    closed = Feature.objects.exclude(status__in=OPEN_FEATURE_STATUSES).values("id")
    PriorityScore.objects.filter(feature_id__in=closed).delete()
    _write(list(features.values()), target="feature", now=now)
    _write(list(incidents.values()), target="incident", now=now)
    plan_changed()  # feature scores order the queues
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
    scored = _score_features(policy, today=today, feature_ids=list(feature_ids))
    PriorityScore.objects.filter(feature_id__in=set(feature_ids) - set(scored)).delete()
    _write(list(scored.values()), target="feature", now=timezone.now())
    _rerank(target="feature")
    plan_changed()
    return len(scored)


@transaction.atomic
def scores_recompute_incidents(*, incident_ids: list[int], today: date | None = None) -> int:
    """Recompute the scores of some incidents and re-rank the open ones."""
    today = today or timezone.localdate()
    policy = policy_from_model(scoring_policy_active_ensure())
    scored, _open = _score_incidents(policy, today=today, incident_ids=list(incident_ids))
    _write(list(scored.values()), target="incident", now=timezone.now())
    _rerank(target="incident")
    return len(scored)


def scores_snapshot_week(*, today: date) -> int:
    """Copy the current ranks once per week (the first recompute of the week), for movement since last week."""
    week = week_start(today)
    if PriorityScoreSnapshot.objects.filter(week=week).exists():
        return 0
    # One INSERT ... SELECT: the ranks never travel through Python.
    snapshot = connection.ops.quote_name(PriorityScoreSnapshot._meta.db_table)
    scores = connection.ops.quote_name(PriorityScore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {snapshot} (week, feature_id, incident_id, score, rank) "
            f"SELECT %s, feature_id, incident_id, score, rank FROM {scores} WHERE rank IS NOT NULL "
            "ON CONFLICT DO NOTHING",
            [week],
        )
        return cursor.rowcount


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
