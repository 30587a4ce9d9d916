"""Writes of priority scores: recompute in bulk or only what changed, rank, snapshot weekly, queue recomputes
when inputs change, and save new scoring policies."""

import gc
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.changes import Touched
from core.jobs import job_enqueue
from incidents.models import OPEN_STATUSES, AffectedCustomer
from roadmap.domain.scoring import Policy, rank_scores, score_feature, score_incident, validate_weights
from roadmap.models import (
    LIVE_COMMITMENT_STATUSES,
    OPEN_FEATURE_STATUSES,
    Commitment,
    Feature,
    FeatureKind,
    FeatureRequest,
    PriorityScore,
    PriorityScoreSnapshot,
    ScoreChange,
    ScoreChangeKind,
    ScoringPolicy,
)
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
CHANGES_JOB_KEY = "scores:changes"
CHANGES_TASK = "roadmap.tasks.scores_recompute_changes"
# A burst of edits (an import, a bulk admin action) settles before the recompute starts.
RECOMPUTE_COUNTDOWN_SECONDS = 5
SCORE_FIELDS = ["score", "lane", "rank", "breakdown", "policy_version", "computed_at"]


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


class PolicyRefused(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


@transaction.atomic
def scoring_policy_save(*, weights: dict, name: str, reason: str, user) -> ScoringPolicy:
    """Save weights as a new policy version (who and why kept), make it the active one, and re-score everything.

    Refuses unknown or negative weights, and a save without a name or a reason."""
    errors: dict[str, list[str]] = {}
    if problems := validate_weights(weights):
        errors["weights"] = problems
    if not (name or "").strip():
        errors["name"] = ["Give the policy a name."]
    if not (reason or "").strip():
        errors["reason"] = ["Say why the weights change."]
    if errors:
        raise PolicyRefused(errors)
    # Lock the active row so two PMs saving at once get versions one after the other.
    current = ScoringPolicy.objects.select_for_update().filter(is_active=True).first()
    version = (ScoringPolicy.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    if current is not None:
        current.is_active = False
        current.save(update_fields=["is_active"])
    policy = ScoringPolicy.objects.create(
        version=version,
        name=name.strip()[:100],
        weights=weights,
        reason=reason.strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        is_active=True,
    )
    scores_recompute_soon()
    return policy


def _write(rows: list[list], *, target: str, now) -> None:
    """Upsert score rows `[target id, score, rank, breakdown, policy version, lane]` in a fixed number of
    statements, whatever the number of rows (breakdown as JSON text)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _write_copy(rows, target=target, now=now)
        return
    # SQLite: one prepared upsert run for every row (executemany); Django's bulk_create would split 100,000
    # rows into hundreds of statements under SQLite's 999-parameter limit.
    table = connection.ops.quote_name(PriorityScore._meta.db_table)
    encode = json.JSONEncoder(separators=(",", ":")).encode
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({target}_id, score, rank, breakdown, policy_version, lane, computed_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT ({target}_id) DO UPDATE SET score = excluded.score, rank = excluded.rank, "
            "breakdown = excluded.breakdown, policy_version = excluded.policy_version, lane = excluded.lane, "
            "computed_at = excluded.computed_at",
            [
                (tid, score, rank, b if isinstance(b, str) else encode(b), version, lane, now)
                for tid, score, rank, b, version, lane in rows
            ],
        )


def _write_copy(rows: list[list], *, target: str, now) -> None:
    # PostgreSQL: COPY into a staging table, then one upsert that skips unchanged rows. Four statements for
    # 100,000 scores; Django's bulk_create would spend most of its time quoting the breakdown JSON.
    table = connection.ops.quote_name(PriorityScore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scoring_stage (target_id bigint, score double precision, rank integer, "
            "breakdown jsonb, policy_version integer, lane smallint) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE scoring_stage")
        with cursor.copy("COPY scoring_stage FROM STDIN") as copy:
            for tid, score, rank, breakdown, version, lane in rows:
                copy.write_row((tid, score, rank, breakdown, version, lane))
        cursor.execute(
            f"INSERT INTO {table} ({target}_id, score, rank, breakdown, policy_version, lane, computed_at) "
            "SELECT target_id, score, rank, breakdown, policy_version, lane, %s FROM scoring_stage "
            f"ON CONFLICT ({target}_id) DO UPDATE SET score = EXCLUDED.score, rank = EXCLUDED.rank, "
            "breakdown = EXCLUDED.breakdown, policy_version = EXCLUDED.policy_version, lane = EXCLUDED.lane, "
            "computed_at = EXCLUDED.computed_at "
            f"WHERE ({table}.score, {table}.rank, {table}.policy_version, {table}.lane, {table}.breakdown) "
            "IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.rank, EXCLUDED.policy_version, EXCLUDED.lane, "
            "EXCLUDED.breakdown)",
            [now],
        )


def _breakdown_encoder():
    """Rows carry their breakdown as JSON text at once, so the dicts are freed as we go."""
    return json.JSONEncoder(separators=(",", ":")).encode


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
            result.lane,
        ]
    return scored


def _score_incidents(policy: Policy, *, today: date, incident_ids: list[int] | None) -> tuple[dict, set]:
    scored, open_ids, encode = {}, set(), _breakdown_encoder()
    for incident in incident_inputs_iter(today=today, incident_ids=incident_ids):
        result = score_incident(incident, policy, today=today)
        scored[incident.incident_id] = [
            incident.incident_id,
            result.score,
            None,
            encode(result.breakdown),
            result.policy_version,
            result.lane,
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

    Runs a fixed number of queries (bulk reads, one upsert per kind), so it stays flat as data grows. Changes
    recorded before the run are covered by it and forgotten.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    covered = list(ScoreChange.objects.values_list("id", flat=True))  # the changes this run can see
    policy = policy_from_model(scoring_policy_active_ensure())

    features = _score_features(policy, today=today, feature_ids=None)
    feature_ranks = rank_scores({fid: row[1] for fid, row in features.items()}, {f: r[5] for f, r in features.items()})
    for fid, rank in feature_ranks.items():
        features[fid][2] = rank
    incidents, open_ids = _score_incidents(policy, today=today, incident_ids=None)
    incident_ranks = rank_scores({iid: incidents[iid][1] for iid in open_ids}, {i: incidents[i][5] for i in open_ids})
    for iid, rank in incident_ranks.items():
        incidents[iid][2] = rank

    closed = Feature.objects.exclude(status__in=OPEN_FEATURE_STATUSES).values("id")
    PriorityScore.objects.filter(feature_id__in=closed).delete()
    _write(list(features.values()), target="feature", now=now)
    _write(list(incidents.values()), target="incident", now=now)
    _changes_forget(covered)
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
    """Re-rank every stored score of one kind (lane, then score, then id) after part of them changed, and
    un-rank incidents no longer open: one read of (lane, score) per score and one write of the ranks that
    moved, so the query count grows neither with the data nor with what moved."""
    scores = PriorityScore.objects.filter(**{f"{target}__isnull": False})
    fields = ["id", f"{target}_id", "lane", "score", "rank"]
    if target == "incident":
        rows = [(*row[:5], row[5] in OPEN_STATUSES) for row in scores.values_list(*fields, "incident__status")]
    else:
        rows = [(*row, True) for row in scores.values_list(*fields)]
    ranked = [row for row in rows if row[5]]
    ranks = rank_scores({row[1]: row[3] for row in ranked}, {row[1]: row[2] for row in ranked})
    moved = [(ranks.get(tid) if is_ranked else None, pk) for pk, tid, _l, _s, rank, is_ranked in rows]
    _ranks_write([(new, pk) for (new, pk), row in zip(moved, rows, strict=True) if new != row[4]])


def _ranks_write(moved: list[tuple[int | None, int]]) -> None:
    """Write `(rank, score id)` pairs in one statement."""
    if not moved:
        return
    table = connection.ops.quote_name(PriorityScore._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET rank = moved.rank FROM unnest(%s::integer[], %s::bigint[]) AS moved(rank, id) "
                f"WHERE {table}.id = moved.id",
                [[rank for rank, _pk in moved], [pk for _rank, pk in moved]],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET rank = %s WHERE id = %s", moved)


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


def touched_scores_resolve(touched: Touched) -> tuple[set[int], set[int]]:
    """The features and incidents whose scores a change reaches (a fixed number of queries):

    - a customer: the features it asked for or was promised, the incidents that hit it (ARR, tier, personas,
      its deployments filling, promises it holds);
    - a feature: itself; an incident: itself and the features linked to it;
    - the fleet forecast: every stabilization feature (the fix deadline).
    """
    features, incidents = set(touched.features), set(touched.incidents)
    if touched.customers:
        customers = touched.customers
        features |= set(FeatureRequest.objects.filter(customer_id__in=customers).values_list("feature_id", flat=True))
        features |= set(
            Commitment.objects.filter(customer_id__in=customers, status__in=LIVE_COMMITMENT_STATUSES).values_list(
                "feature_id", flat=True
            )
        )
        incidents |= set(
            AffectedCustomer.objects.filter(customer_id__in=customers).values_list("incident_id", flat=True)
        )
    if touched.incidents:
        features |= set(
            Feature.incidents.through.objects.filter(incident_id__in=touched.incidents).values_list(
                "feature_id", flat=True
            )
        )
    if touched.fleet:
        features |= set(Feature.objects.filter(kind=FeatureKind.STABILIZATION).values_list("id", flat=True))
    return features, incidents


@transaction.atomic
def scores_recompute_changes(*, today: date | None = None) -> dict:
    """Re-score only what the recorded changes reach, then forget those changes (later ones wait for the next
    run). Queries stay flat however many features and incidents there are."""
    pending = list(ScoreChange.objects.values_list("id", "kind", "object_id"))
    if not pending:
        return {"changes": 0, "features": 0, "incidents": 0}
    touched = Touched()
    for _id, kind, object_id in pending:
        if kind == ScoreChangeKind.CUSTOMER:
            touched.customers.add(object_id)
        elif kind == ScoreChangeKind.FEATURE:
            touched.features.add(object_id)
        elif kind == ScoreChangeKind.INCIDENT:
            touched.incidents.add(object_id)
        else:
            touched.fleet = True
    features, incidents = touched_scores_resolve(touched)
    rescored_features = scores_recompute_features(feature_ids=sorted(features), today=today) if features else 0
    rescored_incidents = scores_recompute_incidents(incident_ids=sorted(incidents), today=today) if incidents else 0
    _changes_forget([row[0] for row in pending])
    return {"changes": len(pending), "features": rescored_features, "incidents": rescored_incidents}


def _changes_forget(ids: list[int], *, chunk: int = 5000) -> None:
    """Forget exactly the changes a run read: one committed meanwhile (even with a lower id) stays for the next."""
    for start in range(0, len(ids), chunk):
        ScoreChange.objects.filter(id__in=ids[start : start + chunk]).delete()


def score_changes_record(touched: Touched) -> int:
    """Record what a change reaches, in the caller's transaction; a coalesced run re-scores it after commit."""
    rows = (
        [ScoreChange(kind=ScoreChangeKind.CUSTOMER, object_id=i) for i in sorted(touched.customers)]
        + [ScoreChange(kind=ScoreChangeKind.FEATURE, object_id=i) for i in sorted(touched.features)]
        + [ScoreChange(kind=ScoreChangeKind.INCIDENT, object_id=i) for i in sorted(touched.incidents)]
        + ([ScoreChange(kind=ScoreChangeKind.FLEET, object_id=0)] if touched.fleet else [])
    )
    ScoreChange.objects.bulk_create(rows, batch_size=500)
    _on_commit_once(_enqueue_changes_after_commit)
    return len(rows)


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


def scores_changes_enqueue(*, countdown: float = RECOMPUTE_COUNTDOWN_SECONDS) -> bool:
    """Queue one coalesced re-scoring of the recorded changes (tracked like the full recompute)."""
    return job_enqueue(key=CHANGES_JOB_KEY, task=CHANGES_TASK, countdown=countdown)


def _enqueue_after_commit() -> None:
    scores_recompute_enqueue()


def _enqueue_changes_after_commit() -> None:
    scores_changes_enqueue()


def _on_commit_once(callback) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit):
        return
    # robust: a broker or database hiccup here must not fail the user's already-committed change.
    transaction.on_commit(callback, robust=True)


def scores_recompute_soon() -> None:
    """Queue a full recompute once the current transaction commits; many changes in one transaction queue one."""
    _on_commit_once(_enqueue_after_commit)
