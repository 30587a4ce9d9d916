from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.writes import instance_write
from incidents.models import AffectedCustomer, Incident, IncidentStatus, TimelineEvent, TimelineKind

STATUS_TIMESTAMPS = {
    IncidentStatus.RESPONDING: "responded_at",
    IncidentStatus.MITIGATED: "mitigated_at",
    IncidentStatus.RESOLVED: "resolved_at",
}


def _affected_set(incident: Incident, customer_ids) -> None:
    keep = set(customer_ids)
    incident.affected.exclude(customer_id__in=keep).delete()
    existing = set(incident.affected.values_list("customer_id", flat=True))
    AffectedCustomer.objects.bulk_create(
        [AffectedCustomer(incident=incident, customer_id=pk) for pk in sorted(keep - existing)], ignore_conflicts=True
    )


@transaction.atomic
def incident_create(*, data: dict, customer_ids=()) -> Incident:
    """Open an incident with the customers it hits (API, imports, webhooks and pages alike)."""
    incident = instance_write(Incident(), fields=data)
    _affected_set(incident, customer_ids)
    inputs_changed(plan=False, scores=True, incidents=[incident.pk])  # severity x customers hit weigh in scores
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, data: dict, customer_ids=None) -> Incident:
    """Change an incident; `customer_ids`, when given, replaces the customers it hits."""
    instance_write(incident, fields=data)
    if customer_ids is not None:
        _affected_set(incident, customer_ids)
    inputs_changed(plan=False, scores=True, incidents=[incident.pk])
    return incident


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
    inputs_changed(plan=False, scores=True, incidents=[incident.pk])  # open and resolved incidents weigh differently
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
