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


@dataclass(frozen=True)
class EtaMove:
    feature_id: int
    title: str
    then: date | None  # None: not within the plan (or not in it) then
    now: date | None
    days: int | None  # later is positive; None when one side is not within the plan


def eta_moves(
    then: dict[str, str | None], now: dict[int, date | None], titles: dict[int, str], *, limit: int = 10
) -> list[EtaMove]:
    """Features whose planned ETA changed between two versions of the plan, largest moves first.

    `then` is a stored version's feature id (text) -> ISO date or None; `now` the current plan's ETAs."""
    moves = []
    for fid, eta in now.items():
        if str(fid) not in then:
            continue
        raw = then[str(fid)]
        before = date.fromisoformat(raw) if raw else None
        if before == eta:
            continue
        days = (eta - before).days if (eta and before) else None
        moves.append(EtaMove(fid, titles.get(fid, ""), before, eta, days))
    moves.sort(key=lambda m: (m.days is not None, -abs(m.days or 0), m.title))
    return moves[:limit]
