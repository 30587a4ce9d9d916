"""Slack notices: each event (a promise turned late, a request waiting, a scenario accepted) goes out once per
channel; a promise that is on time again can be announced again when it next turns late."""

from datetime import date

from django.conf import settings

from connectors.clients.slack import SlackError, slack_send
from connectors.domain import notices
from connectors.models import Announcement, Connector
from connectors.selectors.events import Event, events_get
from connectors.services.connectors import connector_credentials

DEFAULT_EVENTS = ("late", "request", "accepted")


def _text(event: Event, url: str) -> str:
    f = event.facts
    if event.kind == "late":
        return notices.late_text(
            feature=f["feature"], customer=f["customer"], promised=f["promised"], eta=f["eta"], url=url
        )
    if event.kind == "request":
        return notices.request_text(
            feature=f["feature"],
            customer=f["customer"],
            requested_by=f["requested_by"],
            promised=f["promised"],
            url=url,
        )
    return notices.accepted_text(scenario=f["scenario"], by=f["by"], url=url)


def notices_send(*, connector: Connector, today: date, **send_kwargs) -> dict:
    """Announce what is new since the last look; returns {"sent": n, "failed": n, "errors": [...]}."""
    wanted = set((connector.options or {}).get("events") or DEFAULT_EVENTS)
    site = (connector.options or {}).get("site_url") or settings.PLEDGEBOARD.get("SITE_URL", "")
    events = [e for e in events_get(today=today) if e.kind in wanted]
    current = {e.key for e in events}
    # A late promise that is no longer late may be announced again if it turns late again.
    Announcement.objects.filter(connector=connector, event__startswith="late:", ok=True).exclude(
        event__in=current
    ).delete()
    done = set(Announcement.objects.filter(connector=connector, ok=True).values_list("event", flat=True))
    credentials = connector_credentials(connector)
    sent, errors = 0, []
    for event in events:
        if event.key in done:
            continue
        text = _text(event, f"{site.rstrip('/')}{event.path}")
        try:
            slack_send(base_url=connector.base_url, credentials=credentials, options=connector.options or {}, text=text)
        except (SlackError, OSError) as exc:
            errors.append({"key": event.key, "message": str(exc)})
            Announcement.objects.update_or_create(
                connector=connector, event=event.key, defaults={"text": text, "ok": False, "error": str(exc)[:2000]}
            )
            continue
        Announcement.objects.update_or_create(
            connector=connector, event=event.key, defaults={"text": text, "ok": True, "error": ""}
        )
        sent += 1
    return {"sent": sent, "failed": len(errors), "errors": errors}
