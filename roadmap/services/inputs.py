"""What the roadmap does when plan or score inputs change (it listens on core.changes)."""

from core.changes import Touched
from roadmap.services.plan_changes import plan_changed
from roadmap.services.scoring import score_changes_record, scores_recompute_soon


def roadmap_inputs_changed(*, plan: bool = True, scores: bool = True, touched: Touched | None = None) -> None:
    """A plan change makes every process read its plan afresh; a score change re-scores what it reaches (all
    scores when it names nothing), coalesced into one background run after the transaction commits."""
    if plan:
        plan_changed()
    if scores:
        if touched:
            score_changes_record(touched)
        else:
            scores_recompute_soon()
