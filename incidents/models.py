from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Severity(models.TextChoices):
    SEV1 = "SEV1", _("SEV1 · critical")
    SEV2 = "SEV2", _("SEV2 · major")
    SEV3 = "SEV3", _("SEV3 · minor")
    SEV4 = "SEV4", _("SEV4 · low")


class IncidentStatus(models.TextChoices):
    # After-sales discipline: respond -> clarify -> solution -> resolve.
    OPEN = "open", _("Open")
    RESPONDING = "responding", _("Responding")
    CLARIFYING = "clarifying", _("Clarifying")
    SOLVING = "solving", _("Solution in progress")
    MITIGATED = "mitigated", _("Mitigated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    IncidentStatus.OPEN,
    IncidentStatus.RESPONDING,
    IncidentStatus.CLARIFYING,
    IncidentStatus.SOLVING,
    IncidentStatus.MITIGATED,
)
# Severities a PM must see first.
SEVERE = (Severity.SEV1, Severity.SEV2)


class Category(models.TextChoices):
    STORAGE = "storage", _("Storage")
    PERFORMANCE = "performance", _("Performance")
    DATA_LOSS = "data_loss", _("Data loss")
    AVAILABILITY = "availability", _("Availability")
    SECURITY = "security", _("Security")
    FUNCTIONAL = "functional", _("Functional")
    OTHER = "other", _("Other")


class Incident(models.Model):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=4, choices=Severity.choices)
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    reported_at = models.DateTimeField(_("reported at"))
    detected_at = models.DateTimeField(_("detected at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    mitigated_at = models.DateTimeField(_("mitigated at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    ticket_count = models.PositiveIntegerField(_("support tickets"), default=0)
    root_cause = models.TextField(_("root cause"), blank=True)
    why_it_happened = models.TextField(_("why it happened"), blank=True)
    why_this_fix = models.TextField(_("why this fix"), blank=True)
    how_we_prevent = models.TextField(_("how we prevent it"), blank=True)
    external_source = models.CharField(_("external source"), max_length=50, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    customers = models.ManyToManyField(
        "customers.Customer", through="AffectedCustomer", related_name="incidents", blank=True
    )
    # The deployment where it happened, when one is known (a disk that filled, a cluster that went down).
    deployment = models.ForeignKey(
        "customers.Deployment",
        verbose_name=_("deployment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="incident_severity_valid"),
            models.CheckConstraint(condition=Q(status__in=IncidentStatus.values), name="incident_status_valid"),
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="incident_unique_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=models.F("reported_at")),
                name="incident_resolved_after_reported",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "severity"]),
            models.Index(fields=["category"]),
            models.Index(fields=["-reported_at"]),
            # The weekly review reads the week's closed incidents; the list filters by severity, newest first.
            models.Index(fields=["resolved_at"], name="incident_resolved_at"),
            models.Index(fields=["severity", "-reported_at"], name="incident_severity_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.severity} {self.title}"

    def clean(self) -> None:
        if self.resolved_at and self.reported_at and self.resolved_at < self.reported_at:
            raise ValidationError({"resolved_at": _("An incident cannot be resolved before it was reported.")})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AffectedCustomer(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="incident_links")
    vip_affected = models.BooleanField(_("VIPs affected"), default=False)
    impact = models.CharField(_("impact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("affected customer")
        verbose_name_plural = _("affected customers")
        constraints = [
            models.UniqueConstraint(fields=["incident", "customer"], name="affected_customer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} -> {self.customer_id}"


class TimelineKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RESPONDED = "responded", _("Responded")
    CLARIFIED = "clarified", _("Clarified")
    SOLUTION = "solution", _("Solution")
    MITIGATED = "mitigated", _("Mitigated")
    RESOLVED = "resolved", _("Resolved")
    NOTE = "note", _("Note")


class TimelineEvent(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=20, choices=TimelineKind.choices, default=TimelineKind.NOTE)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["incident_id", "at"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["incident", "at"])]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at:%Y-%m-%d}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """Inbox: every webhook delivery is stored before it is processed, so nothing is lost."""

    source = models.CharField(max_length=30)
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)
    headers = models.JSONField(default=dict)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["source", "delivery_id"], name="webhook_delivery_unique"),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.delivery_id} ({self.status})"
