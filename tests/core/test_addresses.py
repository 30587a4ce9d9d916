"""Which address a request comes from, behind 0, 1 or 2 trusted proxies."""

import pytest

from core.middleware import forwarded_client


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.99, 203.0.113.5", "203.0.113.5"),
        (2, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "192.0.2.99,203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),
    ],
)
def test_it_takes_the_address_the_outermost_trusted_proxy_saw(proxies, forwarded_for, expected):
    assert forwarded_client(remote_addr="10.0.0.1", forwarded_for=forwarded_for, proxies=proxies) == expected
