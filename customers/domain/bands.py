"""Free-space bands of a deployment's disk, defined once for pages, filters, counts and charts."""

# Below 20 % free, performance degrades at random; below 40 % free, a deployment is watched.
CRITICAL_FREE = 0.2
WATCH_FREE = 0.4
# A full date this close is shown as urgent.
FILLS_SOON_DAYS = 30

# (name, lowest free ratio included, highest excluded), fullest first.
BANDS = (("critical", 0.0, CRITICAL_FREE), ("watch", CRITICAL_FREE, WATCH_FREE), ("healthy", WATCH_FREE, 1.01))


def band_of(free_ratio: float | None) -> str | None:
    """The band a free ratio falls in (None when unknown)."""
    if free_ratio is None:
        return None
    for name, low, high in BANDS:
        if low <= free_ratio < high:
            return name
    return BANDS[-1][0] if free_ratio >= 1 else BANDS[0][0]
