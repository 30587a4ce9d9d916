from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from connectors.domain.kinds import CRM_KINDS, KINDS, SOURCE_KINDS


class ConnectorKind(models.TextChoices):
    JIRA = KINDS[0], "Jira Cloud"
    SALESFORCE = KINDS[1], "Salesforce"
    HUBSPOT = KINDS[2], "HubSpot"
    SLACK = KINDS[3], "Slack"


class Connector(models.Model):
    """One source (Jira site, CRM org) or one Slack channel. Credentials are sealed (connectors.secrets)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ConnectorKind.choices)
    name = models.CharField(
        _("name"),
        max_length=50,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9_-]*$", _("Lower-case letters, digits, - and _ only."))],
        help_text=_("Used by `manage.py connector_sync NAME` and as the source of what it writes."),
    )
    base_url = models.URLField(_("base URL"), max_length=500, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    credentials_sealed = models.TextField(blank=True, editable=False)
    credential_names = models.JSONField(default=list, blank=True, editable=False)  # which are set, never values
    enabled = models.BooleanField(_("enabled"), default=True)
    every_minutes = models.PositiveIntegerField(_("sync every (minutes)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KINDS), name="connector_kind_valid"),
            models.CheckConstraint(condition=Q(every_minutes__gte=1), name="connector_every_minutes_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_source(self) -> bool:
        return self.kind in SOURCE_KINDS

    @property
    def is_crm(self) -> bool:
        return self.kind in CRM_KINDS


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIAL = "partial", _("Some items failed")
    FAILED = "failed", _("Failed")


FINISHED_RUN_STATUSES = (RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED)


class SyncRun(models.Model):
    """One sync of a connector: what it created, updated, left alone or could not write, and why."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("trigger"), max_length=20, default="manual")
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(default=0)  # items the source returned
    seen = models.PositiveIntegerField(default=0)  # items written or refused so far (progress)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"key": ..., "message": ...}]; key "" is the whole run
    by_kind = models.JSONField(default=dict, blank=True)  # {"feature": {"created": 2, ...}, ...}
    gone = models.JSONField(default=list, blank=True)  # keys Pledgeboard holds that the source no longer returns

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        indexes = [models.Index(fields=["connector", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.connector_id} run {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_RUN_STATUSES


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class SourceDelivery(models.Model):
    """Inbox of a source's webhooks (Jira): kept first, applied once per delivery id."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    outcome = models.CharField(max_length=20, blank=True)  # created / updated / unchanged / ignored
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "delivery_id"], name="source_delivery_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.connector_id}:{self.delivery_id} ({self.status})"


class Announcement(models.Model):
    """A Slack notice that went out (or failed), so each event is announced once per channel."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="announcements")
    event = models.CharField(max_length=100)  # "late:commitment:12", "request:commitment:5", "accepted:scenario:3"
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "event"], name="announcement_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.connector_id}:{self.event}"
