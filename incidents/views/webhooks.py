"""Webhook receivers: authenticate, store the delivery, answer fast; a worker processes it.

Answers: 202 stored (new), 200 a replay (stored before, nothing changes), 400 a payload that can never be
processed, 401 bad credentials or signature, 413 too large, 503 a transient failure (the sender retries).
"""

import hmac
import json
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from incidents.domain.alerts import (
    PayloadError,
    alertmanager_changes,
    alertmanager_delivery_id,
    pagerduty_change,
    pagerduty_signature_valid,
)
from incidents.services.webhooks import delivery_enqueue, delivery_store

log = logging.getLogger(__name__)
KEPT_HEADERS = ("Content-Type", "User-Agent", "X-Webhook-Id", "X-Webhook-Subscription", "X-PagerDuty-Signature")


def _error(status: int, detail: str, **extra) -> JsonResponse:
    response = JsonResponse({"detail": detail, **extra}, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def _body(request) -> tuple[bytes | None, JsonResponse | None]:
    limit = settings.PLEDGEBOARD["WEBHOOK_MAX_BYTES"]
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None, _error(413, f"The body is larger than {limit} bytes.")
    body = request.body
    if len(body) > limit:
        return None, _error(413, f"The body is larger than {limit} bytes.")
    return body, None


def _json(body: bytes):
    try:
        return json.loads(body.decode("utf-8")), None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, _error(400, f"The body is not JSON: {exc}")


def _accept(request, *, source: str, delivery_id: str, payload) -> JsonResponse:
    headers = {k: request.headers[k] for k in KEPT_HEADERS if k in request.headers}
    try:
        delivery, created = delivery_store(source=source, delivery_id=delivery_id, headers=headers, payload=payload)
    except DatabaseError:
        log.exception("could not store a %s webhook delivery", source)
        return _error(503, "The delivery could not be stored; please retry.")
    if created:
        delivery_enqueue(delivery)
    body = {"delivery": delivery.pk, "status": delivery.status, "duplicate": not created}
    return JsonResponse(body, status=202 if created else 200)


@csrf_exempt
@require_POST
def alertmanager(request):
    """Prometheus Alertmanager `webhook_config` (payload version 4), with a bearer token."""
    token = settings.PLEDGEBOARD["ALERTMANAGER_TOKEN"]
    offered = request.headers.get("Authorization", "")
    if token and not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return _error(401, "Missing or wrong bearer token.")
    if not token and not settings.DEBUG:
        return _error(401, "Alertmanager webhooks are not configured (PLEDGEBOARD_ALERTMANAGER_TOKEN).")
    body, problem = _body(request)
    if problem:
        return problem
    payload, problem = _json(body)
    if problem:
        return problem
    try:
        alertmanager_changes(payload)
    except PayloadError as exc:
        return _error(400, str(exc))
    return _accept(request, source="alertmanager", delivery_id=alertmanager_delivery_id(body), payload=payload)


@csrf_exempt
@require_POST
def pagerduty(request):
    """PagerDuty v3 webhook subscription: HMAC-SHA256 signature, de-duplicated on X-Webhook-Id."""
    secrets = settings.PLEDGEBOARD["PAGERDUTY_SECRETS"]
    body, problem = _body(request)
    if problem:
        return problem
    if not pagerduty_signature_valid(body, request.headers.get("X-PagerDuty-Signature", ""), secrets):
        return _error(401, "Missing or wrong X-PagerDuty-Signature.")
    payload, problem = _json(body)
    if problem:
        return problem
    try:
        pagerduty_change(payload)
    except PayloadError as exc:
        return _error(400, str(exc))
    delivery_id = request.headers.get("X-Webhook-Id") or str(payload["event"].get("id") or "")
    if not delivery_id:
        return _error(400, "X-Webhook-Id: required.")
    return _accept(request, source="pagerduty", delivery_id=delivery_id[:200], payload=payload)
