"""Jira admin webhooks to /webhooks/connectors/<name>/: HMAC-SHA256 signed (X-Hub-Signature: sha256=...) with the
connector's webhook_secret, de-duplicated on X-Atlassian-Webhook-Identifier (Jira resends with the same one).

Answers: 202 applied (new), 200 a replay (nothing changes; one that had failed is applied again), 400 not JSON or
no identifier, 401 bad signature, 404 no such Jira connector, 413 too large."""

import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from connectors.domain.jira import signature_valid
from connectors.models import Connector, DeliveryStatus
from connectors.services.connectors import connector_credentials
from connectors.services.webhooks import delivery_process, delivery_store


@csrf_exempt
@require_POST
def jira_webhook(request, name: str):
    connector = get_object_or_404(Connector, name=name, kind="jira", enabled=True)
    limit = settings.PLEDGEBOARD["WEBHOOK_MAX_BYTES"]
    body = request.body
    if len(body) > limit:
        return JsonResponse({"detail": f"The body is larger than {limit} bytes."}, status=413)
    secret = connector_credentials(connector).get("webhook_secret", "")
    if not signature_valid(body, request.headers.get("X-Hub-Signature", ""), secret):
        return JsonResponse({"detail": "Missing or wrong X-Hub-Signature."}, status=401)
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return JsonResponse({"detail": f"The body is not JSON: {exc}"}, status=400)
    delivery_id = request.headers.get("X-Atlassian-Webhook-Identifier", "").strip()
    if not delivery_id:
        return JsonResponse({"detail": "X-Atlassian-Webhook-Identifier: required."}, status=400)
    delivery, created = delivery_store(connector=connector, delivery_id=delivery_id[:200], payload=payload)
    if created or delivery.status == DeliveryStatus.FAILED:
        # A redelivery of one that failed (say, its team did not exist yet) is applied again; of one applied, never.
        delivery = delivery_process(delivery_id=delivery.pk)
    body = {"delivery": delivery.pk, "status": delivery.status, "outcome": delivery.outcome, "duplicate": not created}
    if delivery.error:
        body["error"] = delivery.error
    return JsonResponse(body, status=202 if created else 200)
