"""The customer rules that every page shares: free-space bands and the order people hear from us."""

import pytest

from customers.domain.bands import band_of
from customers.domain.personas import CONTACT_ORDER, contact_rank


@pytest.mark.parametrize(
    ("free_ratio", "band"),
    [
        (None, None),
        (-0.05, "critical"),
        (0.0, "critical"),
        (0.199, "critical"),
        (0.2, "watch"),
        (0.4, "healthy"),
        (1.0, "healthy"),
    ],
)
def test_it_puts_a_free_ratio_in_one_band(free_ratio, band):
    assert band_of(free_ratio) == band


def test_it_orders_contacts_decision_maker_first_and_unknown_roles_last():
    assert sorted(["UB", "??", "EB", "TB"], key=contact_rank) == [*CONTACT_ORDER, "??"]
