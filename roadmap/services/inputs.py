"""What the roadmap does when plan or score inputs change (it listens on core.changes)."""

from roadmap.services.plan_changes import plan_changed
from roadmap.services.scoring import scores_recompute_soon


def roadmap_inputs_changed(*, plan: bool = True, scores: bool = True) -> None:
    """A plan change makes every process read its plan afresh; a score change queues one coalesced re-scoring."""
    if plan:
        plan_changed()
    if scores:
        scores_recompute_soon()
