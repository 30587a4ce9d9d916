"""Read the committed plan as plain data for the scheduler: teams, open features, live promises and the
preemptions of accepted scenarios; every page's dates, chances and risk come from here."""

import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.core.cache import cache

from customers.models import Persona
from roadmap.domain.fix import FixOutlook, fix_feature_choose, fix_outlook
from roadmap.domain.impact import CommitmentPlan, Contact, PlanRisk, assess_plan_risk, is_late
from roadmap.domain.montecarlo import DEFAULT_RUNS, MonteCarloResult, simulate_dates
from roadmap.domain.schedule import (
    DEFAULT_HORIZON_DAYS,
    CapacityChange,
    FeatureDates,
    FeaturePlan,
    PreemptionPlan,
    TeamPlan,
    simulate_schedule,
)
from roadmap.domain.work import chance_band, person_weeks_per_week
from roadmap.models import (
    LIVE_COMMITMENT_STATUSES,
    SCHEDULED_FEATURE_STATUSES,
    Commitment,
    CommitmentStatus,
    Feature,
    Preemption,
    ScenarioStatus,
    Team,
)
from roadmap.selectors.plan_changes import plan_stamp


@dataclass(frozen=True)
class PlanInputs:
    teams: tuple[TeamPlan, ...]
    features: tuple[FeaturePlan, ...]
    commitments: tuple[CommitmentPlan, ...]
    titles: dict[int, str]
    preemptions: tuple[PreemptionPlan, ...] = ()  # of accepted scenarios: part of the committed plan
    fix_feature_id: int | None = None  # the stabilization the latest accepted scenario serves


_MISSING = object()


class Recent:
    """The last `size` values put in, by key, safe to share between threads."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, default=None):
        with self.lock:
            if key not in self.values:
                return default
            self.values.move_to_end(key)
            return self.values[key]

    def put(self, key, value) -> None:
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


class _Remembered:
    """The last few results of a pure, costly computation in this process, keyed by all of its inputs.

    Plans and Monte Carlo dates depend only on the plain inputs read from the database, so when nothing changed
    a page reuses the answer instead of recomputing it; any change to a team, feature or date is a new key.
    """

    def __init__(self, compute, size: int):
        self.compute = compute
        self.results = Recent(size)

    @staticmethod
    def _key(*, teams, features, preemptions, today, **options) -> tuple:
        return (tuple(teams), tuple(features), tuple(preemptions), today, tuple(sorted(options.items())))

    def peek(self, **inputs):
        """The remembered result for these inputs, or None (nothing is computed)."""
        return self.results.get(self._key(**inputs))

    def __call__(self, *, teams, features, preemptions=(), today: date, **options):
        key = self._key(teams=teams, features=features, preemptions=preemptions, today=today, **options)
        result = self.results.get(key, _MISSING)
        if result is _MISSING:
            result = self.compute(teams=teams, features=features, preemptions=preemptions, today=today, **options)
            self.results.put(key, result)
        return result

    def clear(self) -> None:
        self.results.clear()


def _dates_compute(*, only=None, **inputs) -> MonteCarloResult:
    result = simulate_dates(**inputs, only=only)
    result.eta_days.setflags(write=False)
    return result


# Deterministic plans are small; a Monte Carlo result holds runs x features days, so keep few of those
# (pages that need one feature's dates ask for `only` its teams: a small result).
schedule_get = _Remembered(simulate_schedule, size=16)
dates_get = _Remembered(_dates_compute, size=8)


def teams_plan_list() -> tuple[TeamPlan, ...]:
    """Teams with their capacity changes in date order, in one query (a team without changes comes once)."""
    rows = Team.objects.order_by("id", "capacity_changes__starts_on").values_list(
        "id",
        "name",
        "engineers",
        "focus_factor",
        "wip_limit",
        "capacity_changes__starts_on",
        "capacity_changes__engineers",
        "capacity_changes__focus_factor",
    )
    teams: dict[int, tuple] = {}
    changes: dict[int, list[CapacityChange]] = {}
    for tid, name, engineers, focus, wip, starts_on, new_engineers, new_focus in rows:
        teams.setdefault(tid, (name, person_weeks_per_week(engineers=engineers, focus_factor=focus), wip))
        if starts_on is not None:
            weekly = person_weeks_per_week(engineers=new_engineers, focus_factor=new_focus)
            changes.setdefault(tid, []).append(CapacityChange(starts_on, weekly))
    return tuple(
        TeamPlan(
            id=tid,
            name=name,
            person_weeks_per_week=capacity,
            wip_limit=wip,
            changes=tuple(changes.get(tid, ())),
        )
        for tid, (name, capacity, wip) in teams.items()
    )


def _features_with_titles() -> tuple[tuple[FeaturePlan, ...], dict[int, str]]:
    through = Feature.depends_on.through
    deps: dict[int, list[int]] = {}
    for from_id, to_id in through.objects.values_list("from_feature_id", "to_feature_id"):
        deps.setdefault(from_id, []).append(to_id)
    rows = Feature.objects.filter(status__in=SCHEDULED_FEATURE_STATUSES).values_list(
        "id",
        "team_id",
        "effort_weeks",
        "progress",
        "effort_low_weeks",
        "effort_high_weeks",
        "kind",
        "priority_rank",
        "score__score",
        "score__rank",
        "title",
    )
    features = tuple(
        FeaturePlan(
            id=fid,
            team_id=team_id,
            effort_weeks=float(effort),
            progress=float(progress),
            effort_low_weeks=float(low) if low is not None else None,
            effort_high_weeks=float(high) if high is not None else None,
            kind=kind,
            priority_rank=rank,
            score=score,
            depends_on=tuple(deps.get(fid, ())),
            score_rank=score_rank,
        )
        for fid, team_id, effort, progress, low, high, kind, rank, score, score_rank, _title in rows
    )
    return features, {row[0]: row[-1] for row in rows}


def commitments_plan_list(
    *, statuses=(CommitmentStatus.ACTIVE,), customer_id: int | None = None, with_contacts: bool = True
) -> tuple[CommitmentPlan, ...]:
    """Live promises, with their customer's people when notices need them; two queries, read as plain rows."""
    qs = Commitment.objects.filter(status__in=statuses)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    rows = list(
        qs.values_list(
            "id",
            "feature_id",
            "feature__title",
            "customer_id",
            "customer__name",
            "customer__arr",
            "promised_date",
            "strength",
        )
    )
    contacts: dict[int, list[Contact]] = {}
    if with_contacts and rows:
        people = Persona.objects.filter(customer_id__in=qs.values("customer_id"))
        for pid, cid, name, role, is_vip, title in people.values_list(
            "id", "customer_id", "name", "role", "is_vip", "title"
        ):
            contacts.setdefault(cid, []).append(Contact(pid, name, role, is_vip, title))
    return tuple(
        CommitmentPlan(
            id=cid_,
            feature_id=feature_id,
            feature_title=feature_title,
            customer_id=customer_id,
            customer_name=customer_name,
            customer_arr=float(arr),
            promised_date=promised_date,
            strength=strength,
            contacts=tuple(contacts.get(customer_id, ())),
        )
        for cid_, feature_id, feature_title, customer_id, customer_name, arr, promised_date, strength in rows
    )


def committed_preemptions_list() -> tuple[tuple[PreemptionPlan, ...], int | None]:
    """Preemptions of accepted scenarios, each serving its scenario's stabilization, and the stabilization of
    the latest accepted one; one query."""
    rows = Preemption.objects.filter(scenario__status=ScenarioStatus.ACCEPTED).order_by(
        "scenario__accepted_at", "scenario_id", "starts_on", "id"
    )
    preemptions, latest = [], None
    for team_id, starts_on, weeks, share, feature_id in rows.values_list(
        "team_id", "starts_on", "weeks", "share", "scenario__stabilization_feature_id"
    ):
        preemptions.append(PreemptionPlan(team_id, starts_on, weeks, float(share), feature_id))
        latest = feature_id or latest
    return tuple(preemptions), latest


INPUTS_SECONDS = 300  # a safety net: remembered inputs are read afresh at least this often
_inputs = Recent(4)  # (stamp, with contacts) -> (inputs, when read)


def plan_inputs_get(*, with_contacts: bool = True) -> PlanInputs:
    """Teams, features and live promises as plain data; remembered in this process until a plan change is
    committed (see roadmap.services.plan_changes), so most pages pay one small query instead of reading
    thousands of rows."""
    stamp = plan_stamp()
    now = time.monotonic()
    for key in ((stamp, True), (stamp, with_contacts)):  # inputs with contacts serve either kind of page
        hit = _inputs.get(key)
        if hit and now - hit[1] < INPUTS_SECONDS:
            return hit[0]
    features, titles = _features_with_titles()
    preemptions, fix_feature_id = committed_preemptions_list()
    inputs = PlanInputs(
        teams=teams_plan_list(),
        features=features,
        commitments=commitments_plan_list(with_contacts=with_contacts),
        titles=titles,
        preemptions=preemptions,
        fix_feature_id=fix_feature_id,
    )
    _inputs.put((stamp, with_contacts), (inputs, now))
    return inputs


def plan_inputs_forget() -> None:
    _inputs.clear()
    _plans.clear()
    _fixes.clear()
    _digests.clear()


@dataclass(frozen=True)
class CommittedPlan:
    today: date
    dates: dict[int, FeatureDates]
    risk: PlanRisk
    inputs: PlanInputs

    def dates_of(self, feature_ids, *, extra: tuple[PreemptionPlan, ...] = ()) -> MonteCarloResult:
        """Monte Carlo dates of these features under the committed plan (plus `extra` preemptions).

        A feature's runs are the same whichever others are simulated with it (see `simulate_dates`), so each
        feature's column is shared through the cache by every web process, keyed by a digest of the plan's
        inputs: once any page (or `plan_dates_share`) has simulated a feature on this plan, no other process
        simulates it again. Columns read from the cache hold each feature's runs in ascending order: every
        reader uses one feature's runs at a time (its percentiles and the chance of a date).
        """
        inputs = {
            "teams": self.inputs.teams,
            "features": self.inputs.features,
            "preemptions": self.inputs.preemptions + tuple(extra),
            "today": self.today,
            "only": frozenset(feature_ids),
        }
        local = dates_get.peek(**inputs)
        if local is not None:
            return local
        prefix = _shared_prefix(self.inputs, extra=tuple(extra), today=self.today)
        wanted = sorted(inputs["only"])
        shared = cache.get_many([f"{prefix}{i}" for i in wanted])
        if len(shared) == len(wanted):
            columns = {i: _column_read(shared[f"{prefix}{i}"]) for i in wanted}
            present = [i for i in wanted if columns[i] is not None]
            eta = (
                np.column_stack([columns[i] for i in present])
                if present
                else np.empty((DEFAULT_RUNS, 0), dtype=np.int32)
            )
            eta.setflags(write=False)
            return MonteCarloResult(self.today, DEFAULT_HORIZON_DAYS, tuple(present), eta)
        result = dates_get(**inputs)
        _columns_share(prefix, result, wanted)
        return result

    def fix(self, *, deadline: date | None) -> FixOutlook | None:
        """The stabilization fix under the committed plan against `deadline` (None: no stabilization planned)."""
        key = (id(self.inputs), self.today, deadline)
        hit = _fixes.get(key)
        if hit is not None and hit[0] is self.inputs:
            return hit[1]
        outlook = self._fix_compute(deadline=deadline)
        _fixes.put(key, (self.inputs, outlook))
        return outlook

    def _fix_compute(self, *, deadline: date | None) -> FixOutlook | None:
        chosen = fix_feature_choose(self.inputs.features, preferred=self.inputs.fix_feature_id)
        if chosen is None:
            return None
        return fix_outlook(
            teams=self.inputs.teams,
            features=self.inputs.features,
            preemptions=self.inputs.preemptions,
            plan=self.dates,
            feature_id=chosen.id,
            deadline=deadline,
            today=self.today,
        )


SHARED_DATES_SECONDS = 24 * 3600


def _shared_prefix(inputs: PlanInputs, *, extra: tuple[PreemptionPlan, ...], today: date) -> str:
    return f"plan-dates:{_plan_digest(inputs, extra=extra, today=today)}:"


def _column_write(column: np.ndarray | None) -> bytes:
    """One feature's runs, sorted (days fit int16 within the horizon) and compressed: about 1 MB for a plan of
    4,000 features. A feature off the plan is stored as nothing."""
    if column is None:
        return b""
    return zlib.compress(np.sort(column).astype(np.int16).tobytes(), 1)


def _column_read(stored: bytes) -> np.ndarray | None:
    return np.frombuffer(zlib.decompress(stored), dtype=np.int16).astype(np.int32) if stored else None


def _columns_share(prefix: str, result: MonteCarloResult, feature_ids) -> None:
    simulated = set(result.feature_ids)
    columns = {f"{prefix}{i}": _column_write(result.column(i) if i in simulated else None) for i in feature_ids}
    cache.set_many(columns, SHARED_DATES_SECONDS)


def plan_dates_share(*, today: date) -> int:
    """Simulate every open feature on the committed plan once and share each one's dates with every web process
    (gunicorn calls this before forking its workers; the re-scoring jobs after each plan change). Returns how
    many features were shared."""
    inputs = plan_inputs_get(with_contacts=False)
    result = simulate_dates(teams=inputs.teams, features=inputs.features, preemptions=inputs.preemptions, today=today)
    _columns_share(_shared_prefix(inputs, extra=(), today=today), result, result.feature_ids)
    return len(result.feature_ids)


_digests = Recent(8)  # (id of inputs, extra preemptions, today) -> (inputs, digest)


def _plan_digest(inputs: PlanInputs, *, extra: tuple[PreemptionPlan, ...], today: date) -> str:
    """A digest of what Monte Carlo dates depend on, the same in every process (Python's own hash is not)."""
    key = (id(inputs), extra, today)
    hit = _digests.get(key)
    if hit is not None and hit[0] is inputs:
        return hit[1]
    text = repr((inputs.teams, inputs.features, inputs.preemptions + extra, today, DEFAULT_RUNS))
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    _digests.put(key, (inputs, digest))
    return digest


# Plans and fix outlooks made from remembered inputs, keyed by which inputs (the same object until a plan change
# is committed) and the day: a page then pays neither the scheduler's key nor the risk assessment again.
_plans = Recent(8)  # (id of inputs, today) -> (inputs, plan)
_fixes = Recent(8)  # (id of inputs, today, deadline) -> (inputs, fix outlook)


def committed_plan_get(*, today: date, with_contacts: bool = False) -> CommittedPlan:
    """The committed plan (accepted preemptions included): ETA per open feature, the promises it misses and
    the ones it meets with little slack."""
    inputs = plan_inputs_get(with_contacts=with_contacts)
    key = (id(inputs), today)
    hit = _plans.get(key)
    if hit is not None and hit[0] is inputs:
        return hit[1]
    dates = schedule_get(teams=inputs.teams, features=inputs.features, preemptions=inputs.preemptions, today=today)
    risk = assess_plan_risk(commitments=inputs.commitments, plan=dates, today=today)
    plan = CommittedPlan(today=today, dates=dates, risk=risk, inputs=inputs)
    _plans.put(key, (inputs, plan))
    return plan


def promise_etas_get(*, today: date) -> dict[int, tuple[CommitmentPlan, date | None]]:
    """Each live promise with its planned date in the committed plan (None: not within the plan)."""
    plan = committed_plan_get(today=today)
    return {
        c.id: (c, plan.dates[c.feature_id].eta if c.feature_id in plan.dates else None) for c in plan.inputs.commitments
    }


def promises_moved_list(*, before: dict[int, tuple[CommitmentPlan, date | None]], today: date) -> list[tuple]:
    """(promise, ETA before, ETA now, late now) for each live promise whose planned date moved since `before`
    (read with `promise_etas_get` ahead of a write), earliest promised date first."""
    moved = []
    for cid, (c, now) in promise_etas_get(today=today).items():
        was = before.get(cid, (c, None))[1]
        if was != now:
            moved.append((c, was, now, is_late(now, c.promised_date)))
    return sorted(moved, key=lambda row: row[0].promised_date)


def commitment_outlook(commitments, *, today: date) -> list[tuple]:
    """(commitment, planned ETA, chance of meeting its date) for each commitment given, on the committed plan."""
    if not commitments:
        return []
    plan = committed_plan_get(today=today)
    dates = plan.dates_of({c.feature_id for c in commitments})
    rows = []
    for c in commitments:
        planned = plan.dates.get(c.feature_id)
        chance = dates.probability_by(c.feature_id, c.promised_date) if c.feature_id in dates.feature_ids else None
        rows.append((c, planned.eta if planned else None, chance))
    return rows


@dataclass(frozen=True)
class FeatureCheck:
    feature: object
    eta: date | None
    p50: date | None
    p85: date | None
    chance: float | None
    promised_to: list

    @property
    def is_unlikely(self) -> bool:
        return chance_band(self.chance) == "unlikely"


def feature_check_get(*, feature, target: date | None, today: date) -> FeatureCheck:
    """Status, planned and probabilistic dates of a feature, and who it is already promised to."""
    plan = committed_plan_get(today=today)
    planned = plan.dates.get(feature.pk)
    p50 = p85 = chance = None
    if planned is not None:
        dates = plan.dates_of({feature.pk})
        forecast = dates.dates(feature.pk)
        p50, p85 = forecast.p50, forecast.p85
        chance = dates.probability_by(feature.pk, target) if target else None
    promised = list(
        Commitment.objects.filter(feature=feature, status__in=LIVE_COMMITMENT_STATUSES)
        .select_related("customer", "persona")
        .order_by("promised_date")
    )
    return FeatureCheck(feature, planned.eta if planned else None, p50, p85, chance, promised)
