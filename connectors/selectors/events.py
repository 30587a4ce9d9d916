"""What a Slack channel hears about, read from the committed plan and the roadmap (plain data)."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from roadmap.models import Commitment, CommitmentStatus, Scenario, ScenarioStatus
from roadmap.selectors.summary import plan_summary_get


@dataclass(frozen=True)
class Event:
    key: str  # stable: announced once per channel
    kind: str  # late / request / accepted
    path: str
    facts: dict


def events_get(*, today: date) -> list[Event]:
    events = []
    summary = plan_summary_get(today=today)
    for commitment, eta in summary.plan.risk.late:
        events.append(
            Event(
                key=f"late:commitment:{commitment.id}:{commitment.promised_date.isoformat()}",
                kind="late",
                path=reverse("roadmap:feature_detail", args=[commitment.feature_id]),
                facts={
                    "feature": commitment.feature_title,
                    "customer": commitment.customer_name,
                    "promised": commitment.promised_date,
                    "eta": eta,
                },
            )
        )
    requests = Commitment.objects.filter(status=CommitmentStatus.REQUESTED).select_related(
        "feature", "customer", "promised_by"
    )
    for c in requests.order_by("id"):
        events.append(
            Event(
                key=f"request:commitment:{c.pk}",
                kind="request",
                path=reverse("roadmap:request_queue"),
                facts={
                    "feature": c.feature.title,
                    "customer": c.customer.name,
                    "promised": c.promised_date,
                    "requested_by": c.promised_by.get_username() if c.promised_by else "",
                },
            )
        )
    accepted = Scenario.objects.filter(status=ScenarioStatus.ACCEPTED, accepted_at__isnull=False)
    for s in accepted.select_related("accepted_by").order_by("id"):
        events.append(
            Event(
                key=f"accepted:scenario:{s.pk}:{s.accepted_at.isoformat()}",
                kind="accepted",
                path=reverse("roadmap:scenario_detail", args=[s.pk]),
                facts={"scenario": s.name, "by": s.accepted_by.get_username() if s.accepted_by else ""},
            )
        )
    return events
