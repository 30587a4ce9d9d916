"""A customer's promises and feature requests, for the pages that show one customer or a list of them."""

from django.db.models import Count

from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, FeatureRequest


def customer_commitments_list(*, customer_id: int) -> list[Commitment]:
    """Every promise to the customer, live ones first by date."""
    return list(
        Commitment.objects.filter(customer_id=customer_id)
        .select_related("feature__team", "persona")
        .order_by("status", "promised_date")
    )


def customer_requests_list(*, customer_id: int, limit: int = 20) -> list[FeatureRequest]:
    return list(
        FeatureRequest.objects.filter(customer_id=customer_id)
        .select_related("feature", "persona")
        .order_by("-requested_at")[:limit]
    )


def live_commitment_counts(*, customer_ids: list[int]) -> dict[int, int]:
    """Live promises per customer, for the customers a page shows (one query)."""
    rows = (
        Commitment.objects.filter(customer_id__in=customer_ids, status__in=LIVE_COMMITMENT_STATUSES)
        .values_list("customer_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
