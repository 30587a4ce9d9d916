"""The one hook for "what plans and priority scores are made of has changed".

Plans (roadmap dates, promises at risk) and priority scores read customers, personas, promises, features,
teams, incidents and forecasts. Every write of those calls `inputs_changed` once, explicitly:

- services call it after their write (``persona_create`` -> ``inputs_changed(plan=True, scores=True)``);
- admin pages do it through `InputsChangedAdmin` after each save or delete;
- bulk writers (spreadsheet imports, backup restores, the demo) call it once for the whole batch.

A writer that knows what it touched says so (`customers=[...]`, `features=[...]`, `incidents=[...]`,
`fleet=True`), and only the scores those reach are recomputed; a score change that names nothing (admin
pages, API deletes, bulk writers) recomputes every score.

The roadmap app owns plans and scores and listens (`RoadmapConfig.ready`): a plan change makes every process
read its plan afresh, a score change queues one coalesced re-scoring after the transaction commits. The kernel
keeps the hook so that apps below the roadmap can announce a change without importing it.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

Listener = Callable[..., None]
_listeners: list[Listener] = []


@dataclass
class Touched:
    """What a score change reaches: customers (their asks, promises, incidents and deployments), features,
    incidents, and the fleet forecast (every stabilization feature)."""

    customers: set[int] = field(default_factory=set)
    features: set[int] = field(default_factory=set)
    incidents: set[int] = field(default_factory=set)
    fleet: bool = False

    def __bool__(self) -> bool:
        return bool(self.customers or self.features or self.incidents or self.fleet)

    def update(self, other: "Touched") -> None:
        self.customers |= other.customers
        self.features |= other.features
        self.incidents |= other.incidents
        self.fleet = self.fleet or other.fleet


@dataclass
class _Pending:
    plan: bool = False
    scores: bool = False
    everything: bool = False  # some score change named nothing: recompute every score
    touched: Touched = field(default_factory=Touched)


# Inside `batched()`: what changed so far, announced once when the batch ends.
_pending: ContextVar[_Pending | None] = ContextVar("pledgeboard_pending_changes", default=None)


def listen(listener: Listener) -> None:
    """Register `listener(plan=bool, scores=bool, touched=Touched | None)`; registering twice keeps one."""
    if listener not in _listeners:
        _listeners.append(listener)


def inputs_changed(
    *,
    plan: bool = True,
    scores: bool = True,
    customers: Iterable[int] = (),
    features: Iterable[int] = (),
    incidents: Iterable[int] = (),
    fleet: bool = False,
) -> None:
    """Say that plan inputs (`plan`) and/or priority-score inputs (`scores`) changed in this transaction.

    With `scores`, the ids say which scores the change reaches; none named means every score."""
    touched = Touched(set(customers), set(features), set(incidents), fleet) if scores else None
    pending = _pending.get()
    if pending is not None:
        pending.plan = pending.plan or plan
        pending.scores = pending.scores or scores
        if touched is not None:
            if touched:
                pending.touched.update(touched)
            else:
                pending.everything = True
        return
    _announce(plan=plan, scores=scores, touched=touched or None)


def _announce(*, plan: bool, scores: bool, touched: Touched | None) -> None:
    if plan or scores:
        for listener in _listeners:
            listener(plan=plan, scores=scores, touched=touched if scores else None)


@contextmanager
def batched() -> Iterator[None]:
    """Writers of many rows (imports, restores, the demo): every `inputs_changed` inside is announced once, at
    the end, and only if the batch did not fail or roll itself back."""
    if _pending.get() is not None:  # already inside a batch: the outer one announces
        yield
        return
    token = _pending.set(_Pending())
    try:
        yield
        pending = _pending.get() or _Pending()
    finally:
        _pending.reset(token)
    if transaction.get_connection().needs_rollback:  # a dry run, or a batch that failed: nothing changed
        return
    touched = None if pending.everything or not pending.touched else pending.touched
    _announce(plan=pending.plan, scores=pending.scores, touched=touched)


class InputsChangedAdmin:
    """Mixin for ModelAdmins of plan or score inputs: admin writes announce the change like services do."""

    changes_plan = True
    changes_scores = True

    def _changed(self) -> None:
        inputs_changed(plan=self.changes_plan, scores=self.changes_scores)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # many-to-many fields and inlines
        self._changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._changed()


class InputsChangedViewSet:
    """Mixin for API viewsets of plan or score inputs: deletes (and, for resources without a service, every
    write) announce the change like services do."""

    changes_plan = True
    changes_scores = True
    # Resources whose serializers write through a service announce creates and updates there.
    announce_writes = False

    def _changed(self) -> None:
        inputs_changed(plan=self.changes_plan, scores=self.changes_scores)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        if self.announce_writes:
            self._changed()

    def perform_update(self, serializer):
        super().perform_update(serializer)
        if self.announce_writes:
            self._changed()

    def perform_destroy(self, instance):
        super().perform_destroy(instance)
        self._changed()
