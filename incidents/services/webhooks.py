"""Webhook inbox: store each delivery first, process it in the background, exactly once.

A delivery is unique per (source, delivery id): a replay finds the stored row and changes nothing. Processing
locks the row, applies the changes the payload describes, and marks it processed in the same transaction.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.changes import inputs_changed
from customers.models import Customer, Deployment
from incidents.domain.alerts import IncidentChange, PayloadError, alertmanager_changes, pagerduty_change
from incidents.models import (
    DeliveryStatus,
    Incident,
    IncidentStatus,
    TimelineEvent,
    TimelineKind,
    WebhookDelivery,
)
from incidents.services.incidents import incident_create

log = logging.getLogger(__name__)

PROCESS_TASK = "incidents.tasks.webhook_process"
CLOSED = (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)


def delivery_store(*, source: str, delivery_id: str, headers: dict, payload) -> tuple[WebhookDelivery, bool]:
    """Keep the delivery (idempotent on its id); True when it is new."""
    delivery, created = WebhookDelivery.objects.get_or_create(
        source=source, delivery_id=delivery_id, defaults={"headers": headers, "payload": payload}
    )
    return delivery, created


def delivery_enqueue(delivery: WebhookDelivery) -> bool:
    """Ask a worker to process the delivery now; False when the broker is unreachable (the sweep retries)."""
    from celery import current_app

    try:
        current_app.send_task(PROCESS_TASK, kwargs={"delivery_id": delivery.pk})
    except Exception:
        log.warning("broker unavailable; webhook delivery %s waits for the sweep", delivery.pk, exc_info=True)
        return False
    return True


def _changes(delivery: WebhookDelivery) -> list[IncidentChange]:
    if delivery.source == "alertmanager":
        return alertmanager_changes(delivery.payload)
    if delivery.source == "pagerduty":
        return [pagerduty_change(delivery.payload)]
    raise PayloadError(f"unknown source {delivery.source!r}")


def delivery_process(*, delivery_id: int) -> str:
    """Apply one stored delivery; a delivery already processed is left alone. Returns the final status."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status == DeliveryStatus.PROCESSED:
            return delivery.status if delivery else "missing"
        delivery.attempts += 1
        try:
            with transaction.atomic():
                for change in _changes(delivery):
                    change_apply(change)
        except PayloadError as exc:
            delivery.status, delivery.error = DeliveryStatus.FAILED, str(exc)[:2000]
        else:
            delivery.status, delivery.error = DeliveryStatus.PROCESSED, ""
            delivery.processed_at = timezone.now()
        delivery.save(update_fields=["status", "error", "attempts", "processed_at"])
        return delivery.status


def deliveries_sweep(*, older_than_seconds: int = 30, limit: int = 500) -> int:
    """Process pending deliveries the broker never delivered (it was down when they arrived)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, received_at__lt=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        delivery_process(delivery_id=pk)
    return len(ids)


def delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """A PM sends a failed delivery through again (after fixing, say, a customer name)."""
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(status=DeliveryStatus.PENDING)
    delivery.refresh_from_db()
    transaction.on_commit(lambda: delivery_enqueue(delivery))
    return delivery


def _customers_for(change: IncidentChange) -> list[int]:
    names = {n.lower() for n in change.customer_names}
    deployments = {n.lower() for n in change.deployment_names}
    if not names and not deployments:
        return []
    ids = set()
    if names:
        query = Q()
        for name in names:
            query |= Q(name__iexact=name)
        ids |= set(Customer.objects.filter(query).values_list("pk", flat=True))
    if deployments:
        query = Q()
        for name in deployments:
            query |= Q(name__iexact=name)
        ids |= set(Deployment.objects.filter(query).values_list("customer_id", flat=True))
    return sorted(ids)


def _note(incident: Incident, at, kind: str, text: str) -> None:
    TimelineEvent.objects.create(incident=incident, at=at, kind=kind, text=text)


def change_apply(change: IncidentChange) -> Incident | None:
    """Create or move the incident the change is about. Applying the same change twice changes nothing."""
    if change.action == "ignore" or not change.external_id:
        return None
    incident = (
        Incident.objects.select_for_update()
        .filter(external_source=change.source, external_id=change.external_id)
        .first()
    )
    source = change.source.capitalize()
    if incident is None:
        if change.action in ("note", "update", "resolve", "acknowledge") and not change.title:
            return None  # an event about an incident we never saw opened, with nothing to open it from
        incident = incident_create(
            data={
                "title": (change.title or change.external_id)[:300],
                "description": change.description,
                "severity": change.severity or "SEV3",
                "category": change.category or "other",
                "reported_at": change.at,
                "detected_at": change.at,
                "external_source": change.source,
                "external_id": change.external_id,
            },
            customer_ids=_customers_for(change),
        )
        _note(incident, change.at, TimelineKind.REPORTED, f"Opened by {source}: {incident.title}")
        if change.action == "open":
            return incident
    if change.action == "open" and incident.status in CLOSED:
        incident.status, incident.resolved_at = IncidentStatus.OPEN, None
        incident.save(update_fields=["status", "resolved_at", "updated_at"])
        _note(incident, change.at, TimelineKind.NOTE, f"Reopened by {source}.")
    elif change.action == "acknowledge" and incident.status == IncidentStatus.OPEN:
        incident.status, incident.responded_at = IncidentStatus.RESPONDING, incident.responded_at or change.at
        incident.save(update_fields=["status", "responded_at", "updated_at"])
        _note(incident, change.at, TimelineKind.RESPONDED, f"Acknowledged in {source}.")
    elif change.action == "resolve" and incident.status not in CLOSED:
        incident.status = IncidentStatus.RESOLVED
        incident.resolved_at = max(change.at, incident.reported_at)
        incident.save(update_fields=["status", "resolved_at", "updated_at"])
        _note(incident, incident.resolved_at, TimelineKind.RESOLVED, f"Resolved in {source}.")
    elif change.action == "update" and change.severity and change.severity != incident.severity:
        old = incident.severity
        incident.severity = change.severity
        incident.save(update_fields=["severity", "updated_at"])
        _note(incident, change.at, TimelineKind.NOTE, f"Severity changed in {source}: {old} → {change.severity}.")
    elif change.action == "note" and change.note:
        already = TimelineEvent.objects.filter(incident=incident, at=change.at, text=change.note).exists()
        if not already:
            _note(incident, change.at, TimelineKind.NOTE, change.note[:5000])
        return incident
    else:
        return incident
    inputs_changed(plan=False, scores=True, incidents=[incident.pk])  # status and severity weigh in scores
    return incident
