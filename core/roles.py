"""The three roles of Pledgeboard, as Django groups, and what each may do."""

from enum import StrEnum

from django.utils.translation import pgettext_lazy


class Role(StrEnum):
    PM = "PM"
    PRESALES = "Presales"
    LEADERSHIP = "Leadership"


ROLE_NAMES = tuple(role.value for role in Role)
# The group names stay English (they are stored); people read the role in their own language.
ROLE_LABELS = {
    Role.PM: pgettext_lazy("role", "PM"),
    Role.PRESALES: pgettext_lazy("role", "Presales"),
    Role.LEADERSHIP: pgettext_lazy("role", "Leadership"),
}


def role_label(role: str | None) -> str:
    """The role's name in the reader's language ("" for no role)."""
    return str(ROLE_LABELS.get(role, role or "")) if role else ""


def user_roles(user) -> frozenset[str]:
    """Names of the roles a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_pledgeboard_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        user._pledgeboard_roles = cached
    return cached


def can_read(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or bool(user_roles(user)))


def can_write(user) -> bool:
    """PMs (and superusers) change the roadmap, customers and incidents."""
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or Role.PM in user_roles(user))


def can_request_commitment(user) -> bool:
    roles = user_roles(user)
    return can_write(user) or Role.PRESALES in roles


def primary_role(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    roles = user_roles(user)
    for role in Role:
        if role in roles:
            return role.value
    return Role.PM.value if user.is_superuser else None
