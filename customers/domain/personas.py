"""The buying roles of a customer's key people, in the order they hear from us."""

EB = "EB"  # economic buyer: the decision maker
TB = "TB"  # technical buyer: evaluator, supervisor, IT
UB = "UB"  # user buyer: the daily user

# Contact order: the decision maker first, then the technical buyer, then daily users.
CONTACT_ORDER = (EB, TB, UB)
# Who must hear a notice from us (the first one found, in this order); daily users only when nobody else is known.
NOTICE_ROLES = (EB, TB)


def contact_rank(role: str) -> int:
    """Position of a role in the contact order (unknown roles last)."""
    return CONTACT_ORDER.index(role) if role in CONTACT_ORDER else len(CONTACT_ORDER)
