from datetime import datetime, timedelta

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


# Clocks differ a little between a reporter's machine and ours; beyond that a start in the future is a typo.
CLOCK_SKEW = timedelta(minutes=5)


def _incident_check(incident: Incident, customer_ids: list | None, *, start_given: bool = True) -> None:
    """An incident starts before it is filed, and happens at a deployment of a customer it hits (`customer_ids`
    None: the ones it hits now)."""
    errors = {}
    started = incident.reported_at  # still as given when it is not a time yet: the model's own check names that
    if start_given and isinstance(started, datetime) and started > timezone.now() + CLOCK_SKEW:
        errors["reported_at"] = _("An incident cannot start in the future.")
    deployment = incident.deployment
    if deployment is not None and customer_ids is None:
        customer_ids = list(incident.affected.values_list("customer_id", flat=True))
    if deployment is not None and customer_ids and deployment.customer_id not in set(customer_ids):
        errors["deployment"] = _(
            "%(deployment)s belongs to %(customer)s: choose that customer too, or another deployment."
        ) % {
            "deployment": deployment.name,
            "customer": deployment.customer.name,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incident_create(*, data: dict, customer_ids=()) -> Incident:
    """Open an incident with the customers it hits (API, imports, webhooks and pages alike); at a deployment and
    naming no customer, it hits the deployment's customer."""
    customer_ids = list(customer_ids)
    deployment = data.get("deployment")
    if deployment is not None and not customer_ids:
        customer_ids = [deployment.customer_id]
    incident = instance_write(Incident(), fields=data, check=lambda row: _incident_check(row, customer_ids))
    _affected_set(incident, customer_ids)
    inputs_changed(plan=False, scores=True, incidents=[incident.pk])  # severity x customers hit weigh in scores
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, data: dict, customer_ids=None) -> Incident:
    """Change an incident; `customer_ids`, when given, replaces the customers it hits."""
    instance_write(
        incident, fields=data, check=lambda row: _incident_check(row, customer_ids, start_given="reported_at" in data)
    )
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
