"""Reads of promises by who asked for them."""

from roadmap.models import Commitment


def commitment_requests_by_list(*, user, limit: int = 20) -> list[Commitment]:
    """The promises a user asked for (requested, approved, declined ...), newest first, with decline reasons."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Commitment.objects.filter(promised_by=user)
        .select_related("feature", "customer")
        .order_by("-created_at", "-pk")[:limit]
    )
