"""A week of promise history classified on plain rows: no database."""

from datetime import UTC, date, datetime, timedelta

from desk.domain.review import CommitmentChange, classify_commitment_changes

MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)
PROMISED = date(2027, 1, 4)


def row(pk, kind, status="active", promised=PROMISED, reason=None, hour=0, title="Cold tier", customer="Umbra"):
    return (pk, kind, status, promised, reason, title, customer, MONDAY + timedelta(hours=hour))


def test_a_promise_created_this_week_is_new():
    [change] = classify_commitment_changes([row(1, "+")], earlier={})
    assert change == CommitmentChange(1, "Cold tier", "Umbra", "new", None, PROMISED, "")


def test_an_edit_of_a_promise_unknown_before_the_week_is_not_a_change():
    assert classify_commitment_changes([row(1, "~")], earlier={}) == []


def test_a_later_date_slips_and_an_earlier_one_pulls_in_with_the_old_date_and_the_reason():
    later = PROMISED + timedelta(days=14)
    earlier = {1: ("active", PROMISED), 2: ("active", PROMISED)}
    changes = classify_commitment_changes(
        [row(1, "~", promised=later, reason="Stabilization first"), row(2, "~", promised=PROMISED - timedelta(days=7))],
        earlier,
    )
    assert [(c.commitment_id, c.kind, c.old_date, c.new_date, c.reason) for c in changes] == [
        (1, "slipped", PROMISED, later, "Stabilization first"),
        (2, "pulled_in", PROMISED, PROMISED - timedelta(days=7), ""),
    ]


def test_a_closing_status_wins_over_a_date_change_and_other_edits_are_quiet():
    earlier = {1: ("active", PROMISED), 2: ("active", PROMISED), 3: ("active", PROMISED)}
    changes = classify_commitment_changes(
        [
            row(1, "~", status="delivered", promised=PROMISED - timedelta(days=3)),
            row(2, "~", status="cancelled"),
            row(3, "~", status="at_risk"),
        ],
        earlier,
    )
    assert [(c.commitment_id, c.kind) for c in changes] == [(1, "delivered"), (2, "cancelled")]


def test_each_row_is_judged_against_the_row_before_it_in_the_week():
    moved = PROMISED + timedelta(days=10)
    changes = classify_commitment_changes(
        [row(1, "+"), row(1, "~", promised=moved, hour=1), row(1, "~", promised=moved, hour=2)], earlier={}
    )
    assert [(c.kind, c.old_date, c.new_date) for c in changes] == [
        ("new", None, PROMISED),
        ("slipped", PROMISED, moved),
    ]


def test_missing_titles_customers_and_reasons_read_as_empty_text():
    [change] = classify_commitment_changes([row(1, "+", title=None, customer=None)], earlier={})
    assert (change.feature, change.customer, change.reason) == ("", "", "")


def test_the_week_before_is_not_changed_by_classifying():
    earlier = {1: ("active", PROMISED)}
    classify_commitment_changes([row(1, "~", promised=PROMISED + timedelta(days=1))], earlier)
    assert earlier == {1: ("active", PROMISED)}
