"""Webhook payloads shaped as Alertmanager and PagerDuty document them (plain data, no database)."""

import copy

# Shaped as Alertmanager documents its webhook_config payload (version 4).
ALERTMANAGER_FIRING = {
    "version": "4",
    "groupKey": '{}:{alertname="DiskWillFillIn4Hours"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "pledgeboard",
    "groupLabels": {"alertname": "DiskWillFillIn4Hours"},
    "commonLabels": {"alertname": "DiskWillFillIn4Hours", "job": "node", "severity": "critical"},
    "commonAnnotations": {},
    "externalURL": "http://alertmanager.example:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "DiskWillFillIn4Hours",
                "device": "/dev/sda1",
                "instance": "node1:9100",
                "job": "node",
                "severity": "critical",
                "deployment": "vantage-prod",
            },
            "annotations": {
                "summary": "vantage-prod data volume fills within 4 hours",
                "description": "predict_linear says /data is full at 11:00.",
            },
            "startsAt": "2026-11-20T07:58:00.000Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=predict_linear",
            "fingerprint": "b4ae5b3b5e9d2a1c",
        }
    ],
}


def alertmanager_resolved():
    payload = copy.deepcopy(ALERTMANAGER_FIRING)
    payload["status"] = "resolved"
    payload["alerts"][0]["status"] = "resolved"
    payload["alerts"][0]["endsAt"] = "2026-11-20T10:30:00.000Z"
    return payload


def pagerduty_event(event_type="incident.triggered", event_id="01DEN1HNALMJ4QRVPNV5YKHUFD", **data):
    # Shaped as PagerDuty documents its v3 webhook payload.
    return {
        "event": {
            "id": event_id,
            "event_type": event_type,
            "resource_type": "incident",
            "occurred_at": "2026-11-20T14:00:00.000Z",
            "agent": {"id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt"},
            "client": {"name": "PagerDuty"},
            "data": {
                "id": "PT4KHLK",
                "type": "incident",
                "self": "https://api.pagerduty.com/incidents/PT4KHLK",
                "html_url": "https://acme.pagerduty.com/incidents/PT4KHLK",
                "number": 1234,
                "status": "triggered",
                "incident_key": "baf7cf21b1da41b4b0221008339ff357",
                "created_at": "2026-11-20T14:00:00Z",
                "title": "The server is on fire.",
                "service": {"id": "PIJ90N7", "type": "service_reference", "summary": "vantage-prod"},
                "assignees": [],
                "escalation_policy": {"id": "PDT1LHA", "type": "escalation_policy_reference"},
                "teams": [],
                "priority": {"id": "PSO75BM", "type": "priority_reference", "summary": "P1"},
                "urgency": "high",
                "conference_bridge": None,
                "resolve_reason": None,
                **data,
            },
        }
    }
