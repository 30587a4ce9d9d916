"""Which of the fields a source owns differ from what Pledgeboard holds (an upsert writes only those)."""

from decimal import Decimal


def _same(held, wanted) -> bool:
    if isinstance(held, Decimal) or isinstance(wanted, Decimal):
        try:
            return Decimal(str(held)) == Decimal(str(wanted))
        except ArithmeticError:
            return False
    return held == wanted


def changed_fields(held: dict, wanted: dict) -> dict:
    return {name: value for name, value in wanted.items() if not _same(held.get(name), value)}
