"""What the history of a row says in words: each saved version diffed against the one before it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class Change:
    """One saved change of a row: when, by whom, to what (`subject`) and which fields."""

    at: object
    by: str
    subject: str
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    fields: list[str]


# Fields whose change is bookkeeping, not news.
_QUIET = {"id", "updated_at", "created_at", "history_id", "history_date", "history_user", "history_type"}


def history_changes(records: list, *, model, subject: Callable[[object], str]) -> list[Change]:
    """Diff each history record against the one before it of the same row (records in any order)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in _QUIET]
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    changes, previous = [], {}
    for record in ordered:
        before = previous.get(record.id)
        changed = (
            []
            if before is None
            else [capfirst(f.verbose_name) for f in fields if getattr(before, f.attname) != getattr(record, f.attname)]
        )
        previous[record.id] = record
        if record.history_type == "~" and not changed and before is not None:
            continue
        by = record.history_user.username if record.history_user else ""
        changes.append(Change(record.history_date, by, subject(record), record.history_type, changed))
    return changes
