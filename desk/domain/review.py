"""How a promise changed over a week, from its history rows (pure: rows in, changes out)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

# A promise that ends in one of these states ended this way; any other change of date is a slip or a pull-in.
CLOSING_STATUSES = ("delivered", "cancelled", "declined")


@dataclass(frozen=True)
class CommitmentChange:
    commitment_id: int
    feature: str
    customer: str
    kind: str  # slipped | pulled_in | delivered | cancelled | declined | new
    old_date: date | None
    new_date: date | None
    reason: str


HistoryRow = tuple[int, str, str, date, str | None, str | None, str | None, datetime]


def classify_commitment_changes(
    recent: Iterable[HistoryRow], earlier: dict[int, tuple[str, date]]
) -> list[CommitmentChange]:
    """Classify each history row of `recent` (oldest first) against the promise's previous state.

    `earlier` maps a promise to its (status, promised date) as of the start of the week. A row is:
    1. "new" when the promise did not exist before and the row creates it;
    2. its closing status (delivered / cancelled / declined) when the status changed to one;
    3. "slipped" or "pulled_in" when the promised date moved later or earlier;
    anything else is not a change leadership needs to see.
    """
    changes: list[CommitmentChange] = []
    previous = dict(earlier)
    for pk, history_type, status, promised_date, reason, title, customer, _when in recent:
        before = previous.get(pk)
        previous[pk] = (status, promised_date)
        kind = None
        if before is None:
            kind = "new" if history_type == "+" else None
        elif status != before[0] and status in CLOSING_STATUSES:
            kind = status
        elif promised_date != before[1]:
            kind = "slipped" if promised_date > before[1] else "pulled_in"
        if kind:
            changes.append(
                CommitmentChange(
                    pk, title or "", customer or "", kind, before[1] if before else None, promised_date, reason or ""
                )
            )
    return changes
