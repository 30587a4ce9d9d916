"""Read monitoring webhooks (Prometheus Alertmanager, PagerDuty v3) into plain incident changes.

Plain Python: no database. The service applies the changes; this module only says what each payload means.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

ZERO_TIME_PREFIX = "0001-01-01"  # Alertmanager's endsAt for "not ended"

# Alert label severity -> our severity. Unknown or missing labels read as SEV3.
ALERT_SEVERITIES = {
    "critical": "SEV1",
    "page": "SEV1",
    "emergency": "SEV1",
    "high": "SEV2",
    "major": "SEV2",
    "error": "SEV2",
    "warning": "SEV3",
    "warn": "SEV3",
    "minor": "SEV3",
    "info": "SEV4",
    "low": "SEV4",
    "none": "SEV4",
}
PAGERDUTY_PRIORITIES = {"P1": "SEV1", "P2": "SEV2", "P3": "SEV3", "P4": "SEV4", "P5": "SEV4"}
CATEGORIES = ("storage", "performance", "data_loss", "availability", "security", "functional", "other")
STORAGE_WORDS = re.compile(r"disk|filesystem|storage|volume|inode|space", re.IGNORECASE)


class PayloadError(ValueError):
    """The payload is not what the vendor documents; it will never process, so it is not retried."""


@dataclass(frozen=True)
class IncidentChange:
    """What one alert or event says about one incident, keyed by the sender's own id."""

    source: str
    external_id: str
    action: str  # "open" (create or reopen), "acknowledge", "resolve", "update", "note", "ignore"
    at: datetime
    title: str = ""
    severity: str = ""
    category: str = ""
    description: str = ""
    note: str = ""
    customer_names: tuple[str, ...] = ()
    deployment_names: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


def _parse_time(value, where: str) -> datetime:
    if not isinstance(value, str) or not value:
        raise PayloadError(f"{where}: a timestamp is required")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise PayloadError(f"{where}: {value!r} is not an RFC 3339 timestamp") from exc
    if parsed.tzinfo is None:
        raise PayloadError(f"{where}: {value!r} has no time zone")
    return parsed


def _labels(value, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise PayloadError(f"{where}: must be an object")
    return {str(k): str(v) for k, v in value.items()}


def _obj(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _category(labels: Mapping[str, str], name: str) -> str:
    category = labels.get("category", "").lower()
    if category in CATEGORIES:
        return category
    return "storage" if STORAGE_WORDS.search(name) else "other"


def alertmanager_delivery_id(body: bytes) -> str:
    """Alertmanager sends no delivery id; the same notification resent is the same bytes."""
    return hashlib.sha256(body).hexdigest()


def alertmanager_changes(payload) -> list[IncidentChange]:
    """One change per alert of an Alertmanager webhook (payload version 4)."""
    if not isinstance(payload, Mapping):
        raise PayloadError("the body must be a JSON object")
    if str(payload.get("version")) != "4":
        raise PayloadError(f'version {payload.get("version")!r} is not supported (expected "4")')
    alerts = payload.get("alerts")
    if not isinstance(alerts, list):
        raise PayloadError("alerts: must be a list")
    common_labels = _labels(payload.get("commonLabels"), "commonLabels")
    changes = []
    for index, alert in enumerate(alerts):
        where = f"alerts[{index}]"
        if not isinstance(alert, Mapping):
            raise PayloadError(f"{where}: must be an object")
        labels = {**common_labels, **_labels(alert.get("labels"), f"{where}.labels")}
        annotations = _labels(alert.get("annotations"), f"{where}.annotations")
        status = alert.get("status")
        if status not in ("firing", "resolved"):
            raise PayloadError(f"{where}.status: {status!r} is not firing or resolved")
        starts_at = _parse_time(alert.get("startsAt"), f"{where}.startsAt")
        ends_raw = alert.get("endsAt") or ""
        ended = bool(ends_raw) and not str(ends_raw).startswith(ZERO_TIME_PREFIX)
        fingerprint = str(alert.get("fingerprint") or "")
        if not fingerprint:
            fingerprint = hashlib.sha256(repr(sorted(labels.items())).encode()).hexdigest()[:16]
        name = labels.get("alertname", "alert")
        target = labels.get("deployment") or labels.get("instance") or ""
        title = annotations.get("summary") or (f"{name} on {target}" if target else name)
        resolved = status == "resolved" and ended
        changes.append(
            IncidentChange(
                source="alertmanager",
                external_id=fingerprint,
                action="resolve" if resolved else "open",
                at=_parse_time(ends_raw, f"{where}.endsAt") if resolved else starts_at,
                title=title[:300],
                severity=ALERT_SEVERITIES.get(labels.get("severity", "").lower(), "SEV3"),
                category=_category(labels, name),
                description=annotations.get("description", ""),
                customer_names=tuple(v for v in [labels.get("customer", "")] if v),
                deployment_names=tuple(v for v in [labels.get("deployment", "")] if v),
                extra={"generatorURL": str(alert.get("generatorURL") or ""), "started_at": starts_at.isoformat()},
            )
        )
    return changes


def pagerduty_signature_valid(body: bytes, header: str, secrets: list[str]) -> bool:
    """PagerDuty signs the raw body with HMAC-SHA256; the header lists one or more `v1=<hex>` signatures."""
    offered = [part.strip()[3:] for part in (header or "").split(",") if part.strip().startswith("v1=")]
    for secret in secrets:
        if not secret:
            continue
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, signature) for signature in offered):
            return True
    return False


PAGERDUTY_ACTIONS = {
    "incident.triggered": "open",
    "incident.reopened": "open",
    "incident.acknowledged": "acknowledge",
    "incident.resolved": "resolve",
    "incident.priority_updated": "update",
    "incident.annotated": "note",
}


def pagerduty_change(payload) -> IncidentChange:
    """The incident change one PagerDuty v3 webhook event describes (other event types are ignored)."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("event"), Mapping):
        raise PayloadError("event: the body must be an object with an event")
    event = payload["event"]
    event_type = str(event.get("event_type") or "")
    if not event_type:
        raise PayloadError("event.event_type: required")
    at = _parse_time(event.get("occurred_at"), "event.occurred_at")
    data = event.get("data")
    if not isinstance(data, Mapping):
        raise PayloadError("event.data: must be an object")
    action = PAGERDUTY_ACTIONS.get(event_type, "ignore")
    if action == "ignore" or event.get("resource_type") not in (None, "incident"):
        return IncidentChange(source="pagerduty", external_id=str(data.get("id") or ""), action="ignore", at=at)
    if action == "note":
        incident = _obj(data.get("incident"))
        return IncidentChange(
            source="pagerduty",
            external_id=str(incident.get("id") or ""),
            action="note",
            at=at,
            note=str(data.get("content") or ""),
        )
    external_id = str(data.get("id") or "")
    if not external_id:
        raise PayloadError("event.data.id: required")
    priority = _obj(data.get("priority"))
    severity = PAGERDUTY_PRIORITIES.get(str(priority.get("summary") or ""), "")
    if not severity:
        severity = "SEV2" if data.get("urgency") == "high" else "SEV3"
    service = _obj(data.get("service"))
    title = str(data.get("title") or f"PagerDuty incident {external_id}")
    service_name = str(service.get("summary") or "")
    return IncidentChange(
        source="pagerduty",
        external_id=external_id,
        action=action,
        at=at,
        title=title[:300],
        severity=severity,
        category=_category({}, f"{title} {service_name}"),
        description=str(data.get("html_url") or ""),
        customer_names=tuple(v for v in [service_name] if v),
        deployment_names=tuple(v for v in [service_name] if v),
    )
