"""How the plan inputs look from here, so a process knows when to read its plan afresh."""

from django.db import connection

from roadmap.models import PlanChange


def plan_stamp() -> tuple:
    """What the plan inputs look like from here (one query): the newest change with its random token, the
    oldest one and how many there are. A change committed out of order changes the count; pruning changes
    the oldest; an id reused after a rollback (SQLite) comes with a new token."""
    table = connection.ops.quote_name(PlanChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, token, (SELECT COUNT(*) FROM {table}), (SELECT MIN(id) FROM {table}) "
            f"FROM {table} ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return tuple(str(value) for value in row) if row else ()
