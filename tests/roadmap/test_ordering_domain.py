"""Moving a feature in the backlog's work order: the manual ranks it needs, on plain data."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap.domain.ordering import OrderRefused, Placed, move_in_order


def _order(*ranks):
    """Features 1..n in this order, with these manual ranks (None: ordered by score)."""
    return [Placed(n, rank) for n, rank in enumerate(ranks, start=1)]


def _after(order, change):
    ranks = {p.id: p.rank for p in order} | change.ranks
    return ranks


def test_it_ranks_everything_above_a_feature_moved_up_among_unranked_ones():
    change = move_in_order(_order(None, None, None, None), feature_id=3, to=2)
    assert change.order == [1, 3, 2, 4]
    assert change.ranks == {1: 1, 3: 2}
    assert (change.moved_from, change.moved_to) == (3, 2)


def test_it_changes_only_the_moved_rank_when_the_others_still_fit():
    change = move_in_order(_order(10, 20, 30, None, None), feature_id=3, to=1)
    assert change.order == [3, 1, 2, 4, 5]
    assert change.ranks == {3: 1}


def test_it_pushes_down_only_as_far_as_the_next_gap():
    change = move_in_order(_order(1, 2, 3, 4, 9), feature_id=4, to=2)
    assert change.order == [1, 4, 2, 3, 5]
    assert change.ranks == {4: 2, 2: 3, 3: 4}


def test_it_breaks_ties_between_equal_ranks_in_the_order_shown():
    change = move_in_order(_order(1, 1, 2, 2), feature_id=4, to=3)
    assert change.order == [1, 2, 4, 3]
    assert change.ranks == {2: 2, 4: 3, 3: 4}


def test_it_brings_an_unranked_feature_into_the_ranked_ones():
    change = move_in_order(_order(1, 2, None, None), feature_id=4, to=2)
    assert change.order == [1, 4, 2, 3]
    assert change.ranks == {4: 2, 2: 3}


def test_it_ranks_the_features_a_ranked_one_moves_below():
    change = move_in_order(_order(1, 2, None, None), feature_id=1, to=3)
    assert change.order == [2, 3, 1, 4]
    assert change.ranks == {3: 3, 1: 4}


def test_it_changes_nothing_when_the_feature_stays_in_place():
    change = move_in_order(_order(None, None, None), feature_id=2, to=2)
    assert change.ranks == {}
    assert change.order == [1, 2, 3]


@pytest.mark.parametrize(
    ("feature_id", "to", "code"),
    [(9, 1, "unknown_feature"), (1, 0, "place_out_of_range"), (1, 4, "place_out_of_range")],
)
def test_it_refuses_a_move_the_order_cannot_take(feature_id, to, code):
    with pytest.raises(OrderRefused) as refused:
        move_in_order(_order(None, None, None), feature_id=feature_id, to=to)
    assert refused.value.code == code


def test_it_refuses_an_order_with_a_feature_twice():
    with pytest.raises(OrderRefused) as refused:
        move_in_order([Placed(1, None), Placed(1, None)], feature_id=1, to=2)
    assert refused.value.code == "duplicate"


def _work_order(ranks: dict[int, int | None], score_order: list[int]) -> list[int]:
    """What the scheduler does with the ranks: manual rank first, then the score order."""
    return sorted(score_order, key=lambda i: (ranks[i] is None, ranks[i] or 0, score_order.index(i)))


@given(
    ranked=st.integers(min_value=0, max_value=8),
    unranked=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_it_gives_ranks_that_make_the_scheduler_work_in_the_new_order(ranked, unranked, data):
    steps = data.draw(st.lists(st.integers(min_value=0, max_value=3), min_size=ranked, max_size=ranked))
    order = [Placed(n, 1 + sum(steps[:n])) for n in range(1, ranked + 1)]  # rising, with ties and gaps
    order += [Placed(n, None) for n in range(ranked + 1, ranked + unranked + 1)]
    feature_id = data.draw(st.sampled_from([p.id for p in order]))
    to = data.draw(st.integers(min_value=1, max_value=len(order)))
    change = move_in_order(order, feature_id=feature_id, to=to)
    ranks = _after(order, change)
    assert _work_order(ranks, [p.id for p in order]) == change.order
    assert change.order.index(feature_id) == to - 1
    # Never more ranks than the move needs.
    assert sum(rank is not None for rank in ranks.values()) in {ranked, max(to, ranked + (feature_id > ranked))}
