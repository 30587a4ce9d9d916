from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, IncidentStatus, TimelineEvent, TimelineKind

STATUS_TIMESTAMPS = {
    IncidentStatus.RESPONDING: "responded_at",
    IncidentStatus.MITIGATED: "mitigated_at",
    IncidentStatus.RESOLVED: "resolved_at",
}


@transaction.atomic
def incident_set_status(*, incident: Incident, status: str, user) -> Incident:
    """Move an incident along respond → clarify → solve → resolve, recording it on the timeline."""
    if status not in IncidentStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    now = timezone.now()
    incident.status = status
    field = STATUS_TIMESTAMPS.get(status)
    if field and getattr(incident, field) is None:
        setattr(incident, field, now)
    incident.save()
    TimelineEvent.objects.create(
        incident=incident,
        at=now,
        kind=TimelineKind.NOTE,
        author=user,
        text=_("Status changed to %(status)s.") % {"status": incident.get_status_display()},
    )
    return incident


def timeline_add(*, incident: Incident, kind: str, text: str, user) -> TimelineEvent:
    text = (text or "").strip()
    errors = {}
    if kind not in TimelineKind.values:
        errors["kind"] = _("Choose what happened.")
    if not text:
        errors["text"] = _("Describe what happened.")
    if len(text) > 5000:
        errors["text"] = _("Keep it under 5,000 characters.")
    if errors:
        raise ValidationError(errors)
    return TimelineEvent.objects.create(incident=incident, at=timezone.now(), kind=kind, text=text, author=user)
