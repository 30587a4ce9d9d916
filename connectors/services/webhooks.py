"""Jira admin webhooks: kept in the connector's inbox first (one row per X-Atlassian-Webhook-Identifier), applied
once; an issue update goes through the same upsert as a sync, a deletion is reported, never applied."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from connectors.domain.jira import issue_draft, options_with_defaults, webhook_event
from connectors.domain.kinds import ItemError
from connectors.models import Connector, DeliveryStatus, SourceDelivery
from connectors.services.sync import _message, feature_upsert

PROCESS_TASK = "connectors.tasks.delivery_process"


def delivery_store(*, connector: Connector, delivery_id: str, payload: dict) -> tuple[SourceDelivery, bool]:
    return SourceDelivery.objects.get_or_create(
        connector=connector, delivery_id=delivery_id, defaults={"payload": payload}
    )


def delivery_process(*, delivery_id: int) -> SourceDelivery:
    """Apply one stored delivery; one already processed is left alone."""
    with transaction.atomic():
        delivery = SourceDelivery.objects.select_for_update().select_related("connector").get(pk=delivery_id)
        if delivery.status == DeliveryStatus.PROCESSED:
            return delivery
        connector = delivery.connector
        action, issue = webhook_event(delivery.payload)
        try:
            with transaction.atomic():
                if action == "upsert":
                    options = options_with_defaults(connector.options)
                    draft = issue_draft(issue, site=connector.base_url, options=options)
                    delivery.outcome = feature_upsert(connector=connector, draft=draft)
                elif action == "deleted":
                    delivery.outcome = "deleted (kept)"  # fits the 20-character column
                else:
                    delivery.outcome = "ignored"
        except (ItemError, ValidationError) as exc:
            delivery.status, delivery.error = DeliveryStatus.FAILED, _message(exc)[:2000]
        else:
            delivery.status, delivery.error, delivery.processed_at = DeliveryStatus.PROCESSED, "", timezone.now()
        delivery.save(update_fields=["status", "error", "outcome", "processed_at"])
        return delivery
