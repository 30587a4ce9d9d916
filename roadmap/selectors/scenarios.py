"""Reads of scenarios and their notices."""

from roadmap.models import Decision, NoticeState, ScenarioStatus


def notices_outstanding_list(*, scenario_id: int | None = None, limit: int | None = None) -> list[Decision]:
    """Notices of accepted decisions not sent yet, oldest acceptance first (a cancellation's too)."""
    qs = (
        Decision.objects.filter(scenario__status=ScenarioStatus.ACCEPTED, notice_state=NoticeState.DRAFT)
        .select_related("scenario", "commitment__feature", "commitment__customer", "notice_to")
        .order_by("scenario__accepted_at", "commitment__promised_date", "pk")
    )
    if scenario_id is not None:
        qs = qs.filter(scenario_id=scenario_id)
    return list(qs[:limit] if limit else qs)
