"""The backlog's work order set by hand: where a moved feature lands and the manual ranks that say so.

Teams work features with a manual rank first (lowest rank first), then the rest by priority score. A PM
moves one feature to another place in that order; the features above the place it lands, and every feature
that already had a rank, keep their place by holding a rank 1..k. Features after the last ranked one stay
unranked, so their scores still order them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class OrderRefused(ValueError):
    """A move the order cannot take; `code` names the problem for the reader's message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Placed:
    id: int
    rank: int | None  # the manual rank, None: ordered by score


@dataclass(frozen=True)
class OrderChange:
    order: list[int]  # ids in the new work order
    ranks: dict[int, int | None]  # only the ids whose manual rank changes
    moved_from: int  # 1-based places
    moved_to: int


def move_in_order(order: Sequence[Placed], *, feature_id: int, to: int) -> OrderChange:
    """Move `feature_id` to place `to` (1-based) of the work `order` and return the manual ranks it needs.

    1. Refuse a feature not in the order, a duplicate id or a place outside 1..len(order); staying in place
       changes nothing.
    2. Take the feature out and put it back at `to`.
    3. The first k features need a rank, k = max(`to`, the features that held a rank before, plus the moved
       one if it did not): ranked features come before unranked ones, so everything above the moved feature
       needs one, and a feature that had one keeps its place.
    4. Walk those k in the new order giving strictly rising ranks, changing as few as possible: the moved
       feature takes the rank after the one above it; any other keeps its rank while it is above the one
       before it, else takes the next (ties and gaps are used, so moving one feature rarely renumbers many).
    5. The rest keep no rank. Return only the ranks that differ from before.
    """
    ids = [p.id for p in order]
    if len(set(ids)) != len(ids):
        raise OrderRefused("duplicate")
    if feature_id not in ids:
        raise OrderRefused("unknown_feature", feature=feature_id)
    if not 1 <= to <= len(ids):
        raise OrderRefused("place_out_of_range", to=to, count=len(ids))
    before = {p.id: p.rank for p in order}
    start = ids.index(feature_id) + 1
    if start == to:
        return OrderChange(order=ids, ranks={}, moved_from=start, moved_to=to)
    new_order = [i for i in ids if i != feature_id]
    new_order.insert(to - 1, feature_id)
    held = {i for i, rank in before.items() if rank is not None} | {feature_id}
    pinned = max(to, len(held))
    ranks: dict[int, int | None] = {}
    previous = 0
    for i in new_order[:pinned]:
        rank = before[i]
        if i == feature_id or rank is None or rank <= previous:
            rank = previous + 1
        ranks[i] = previous = rank
    ranks.update(dict.fromkeys(new_order[pinned:]))
    changed = {i: rank for i, rank in ranks.items() if before[i] != rank}
    return OrderChange(order=new_order, ranks=changed, moved_from=start, moved_to=to)
