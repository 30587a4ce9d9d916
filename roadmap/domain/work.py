"""The words the roadmap is made of, each defined once: kinds of work, team capacity, remaining effort, and
when a promise on time is still at risk."""

from collections import deque
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

FEATURE = "feature"
# Work driven by incidents; a preemption reserves team capacity for it.
STABILIZATION = "stabilization"

# A promise the plan meets with less slack than this, due within the horizon, is at risk.
AT_RISK_SLACK = timedelta(days=14)
AT_RISK_HORIZON = timedelta(days=90)


# A chance of meeting a date below this is unlikely; from this (the P85 the plan quotes) on, it is likely.
UNLIKELY_BELOW = 0.5
LIKELY_FROM = 0.85


def chance_band(chance: float | None) -> str | None:
    """ "unlikely", "even" or "likely" for a chance of meeting a date (None when unknown)."""
    if chance is None:
        return None
    if chance < UNLIKELY_BELOW:
        return "unlikely"
    return "likely" if chance >= LIKELY_FROM else "even"


def person_weeks_per_week(*, engineers: float, focus_factor: float) -> float:
    """What a team delivers in a week: engineers x focus factor."""
    return float(engineers) * float(focus_factor)


def remaining_weeks(*, effort_weeks: float, progress: float) -> float:
    """Effort still to do: effort x (1 - progress), with progress held to 0..1 and effort to 0 or more."""
    return max(float(effort_weeks), 0.0) * (1.0 - min(max(float(progress), 0.0), 1.0))


def is_at_risk(*, promised_date: date, eta: date | None, today: date) -> bool:
    """On time, but with less than AT_RISK_SLACK to spare, for a promise due within AT_RISK_HORIZON."""
    return (
        eta is not None
        and eta <= promised_date
        and promised_date - eta < AT_RISK_SLACK
        and promised_date <= today + AT_RISK_HORIZON
    )


def dependency_cycle(depends_on: Mapping[int, Iterable[int]], *, start: int) -> list[int] | None:
    """The shortest chain of dependencies that leads from `start` back to itself (start first and last), or None.

    Breadth-first over `depends_on` (feature -> the features it waits for), iterative so a long chain cannot
    exhaust the stack; a self-dependency is a cycle of one.
    """
    came_from: dict[int, int] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in depends_on.get(node, ()):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None
