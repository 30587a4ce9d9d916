import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roadmap.domain import work
from roadmap.domain.work import remaining_weeks


def focus_validate(value) -> None:
    """The database holds the same rule (team_focus_0_1); this says it in words beside the field."""
    if value is not None and not 0 < value <= 1:
        raise ValidationError(
            _("Focus is the share of time spent on roadmap work: above 0 and at most 1 (0.8 = 80 %)."), code="focus"
        )


WIP_AT_LEAST_1 = MinValueValidator(1, message=_("A team works on at least one feature at a time."))


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    engineers = models.PositiveSmallIntegerField(_("engineers"))
    focus_factor = models.DecimalField(
        _("focus factor"), max_digits=3, decimal_places=2, default=1, validators=[focus_validate]
    )
    wip_limit = models.PositiveSmallIntegerField(_("WIP limit"), default=2, validators=[WIP_AT_LEAST_1])
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.CheckConstraint(condition=Q(focus_factor__gt=0, focus_factor__lte=1), name="team_focus_0_1"),
            models.CheckConstraint(condition=Q(wip_limit__gte=1), name="team_wip_at_least_1"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamCapacityChange(models.Model):
    """From `starts_on` the team has this many engineers at this focus (hiring, leave, re-orgs)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="capacity_changes")
    starts_on = models.DateField(_("starts on"))
    engineers = models.PositiveSmallIntegerField(_("engineers"))
    focus_factor = models.DecimalField(
        _("focus factor"), max_digits=3, decimal_places=2, default=1, validators=[focus_validate]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team_id", "starts_on"]
        verbose_name = _("team capacity change")
        verbose_name_plural = _("team capacity changes")
        constraints = [
            models.UniqueConstraint(fields=["team", "starts_on"], name="team_capacity_change_unique"),
            models.CheckConstraint(
                condition=Q(focus_factor__gt=0, focus_factor__lte=1), name="team_capacity_change_focus_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} from {self.starts_on}: {self.engineers} x {self.focus_factor}"


class ReleaseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FROZEN = "frozen", _("Frozen")
    SHIPPED = "shipped", _("Shipped")


class Release(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PLANNED)

    class Meta:
        ordering = ["target_date", "name"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.name


class FeatureKind(models.TextChoices):
    FEATURE = work.FEATURE, _("Feature")
    STABILIZATION = work.STABILIZATION, _("Stabilization")


class FeatureStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_FEATURE_STATUSES = (FeatureStatus.IDEA, FeatureStatus.PLANNED, FeatureStatus.IN_PROGRESS)
# Ideas are not in the plan until a PM plans them.
SCHEDULED_FEATURE_STATUSES = (FeatureStatus.PLANNED, FeatureStatus.IN_PROGRESS)
# What a connector (Jira) owns on a feature it keeps: read-only everywhere else (core.writes.source_owned_check).
SOURCE_OWNED_FEATURE_FIELDS = ("title", "description", "status", "team", "effort_weeks", "release")


class Feature(models.Model):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FeatureKind.choices, default=FeatureKind.FEATURE)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="features")
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="features")
    effort_weeks = models.DecimalField(_("effort (person-weeks)"), max_digits=7, decimal_places=2)
    effort_low_weeks = models.DecimalField(_("effort low"), max_digits=7, decimal_places=2, null=True, blank=True)
    effort_high_weeks = models.DecimalField(_("effort high"), max_digits=7, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FeatureStatus.choices, default=FeatureStatus.PLANNED)
    priority_rank = models.PositiveIntegerField(_("manual priority rank"), null=True, blank=True)
    progress = models.DecimalField(_("progress"), max_digits=4, decimal_places=3, default=0)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("depends on")
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="features", verbose_name=_("linked incidents")
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    # Set when a connector owns the feature (Jira): the source's kind and key, and a link back to it.
    external_source = models.CharField(_("source"), max_length=50, blank=True)
    external_key = models.CharField(_("source key"), max_length=100, blank=True)
    external_url = models.URLField(_("source link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [F("priority_rank").asc(nulls_last=True), "id"]
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [
            models.CheckConstraint(condition=Q(effort_weeks__gt=0), name="feature_effort_positive"),
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=1), name="feature_progress_0_1"),
            models.CheckConstraint(
                condition=Q(effort_low_weeks__isnull=True) | Q(effort_low_weeks__lte=F("effort_weeks")),
                name="feature_effort_low_le_likely",
            ),
            models.CheckConstraint(
                condition=Q(effort_high_weeks__isnull=True) | Q(effort_high_weeks__gte=F("effort_weeks")),
                name="feature_effort_high_ge_likely",
            ),
            models.CheckConstraint(condition=Q(kind__in=FeatureKind.values), name="feature_kind_valid"),
            models.UniqueConstraint(
                fields=["external_source", "external_key"],
                condition=~Q(external_key=""),
                name="feature_external_key_unique_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def remaining_weeks(self) -> float:
        return remaining_weeks(effort_weeks=self.effort_weeks, progress=self.progress)


class FeatureRequest(models.Model):
    """A customer (optionally one of its personas) asked for a feature."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="requests")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="feature_requests")
    persona = models.ForeignKey(
        "customers.Persona", null=True, blank=True, on_delete=models.SET_NULL, related_name="feature_requests"
    )
    note = models.TextField(_("note"), blank=True)
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("feature request")
        verbose_name_plural = _("feature requests")
        constraints = [
            models.UniqueConstraint(fields=["feature", "customer"], name="feature_request_unique_per_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} wants {self.feature_id}"


class Strength(models.TextChoices):
    CONTRACTUAL = "contractual", _("Contractual")
    FIRM = "firm", _("Firm")
    SOFT = "soft", _("Soft")


class CommitmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_COMMITMENT_STATUSES = (CommitmentStatus.REQUESTED, CommitmentStatus.ACTIVE)


class Commitment(models.Model):
    """A promise: this feature, to this customer, by this date."""

    feature = models.ForeignKey(Feature, on_delete=models.PROTECT, related_name="commitments")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="commitments")
    promised_date = models.DateField(_("promised date"))
    persona = models.ForeignKey(
        "customers.Persona",
        verbose_name=_("promised to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    promised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("promised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments_promised",
    )
    strength = models.CharField(_("strength"), max_length=20, choices=Strength.choices, default=Strength.FIRM)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    note = models.TextField(_("note"), blank=True)
    decline_reason = models.TextField(_("decline reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["promised_date", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(condition=Q(strength__in=Strength.values), name="commitment_strength_valid"),
            models.CheckConstraint(condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid"),
            models.UniqueConstraint(
                fields=["feature", "customer"],
                condition=Q(status__in=["requested", "active"]),
                name="commitment_one_live_per_feature_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "promised_date"]),
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["feature", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.feature} -> {self.customer} by {self.promised_date}"


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACCEPTED = "accepted", _("Accepted")
    DISCARDED = "discarded", _("Discarded")
    REVERTED = "reverted", _("Reverted")


class Scenario(models.Model):
    """What-if: the current plan plus preemptions."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="scenarios"
    )
    stabilization_feature = models.ForeignKey(
        Feature, null=True, blank=True, on_delete=models.SET_NULL, related_name="stabilization_scenarios"
    )
    status = models.CharField(_("status"), max_length=20, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("why it was accepted or reverted"), blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reverted_at = models.DateTimeField(null=True, blank=True)
    # What the scenario did, frozen at acceptance (roadmap.services.scenarios.scenario_record): the page and the
    # API read an accepted scenario from here, never from today's plan.
    record = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        """Still being decided: its decisions and notices can change."""
        return self.status == ScenarioStatus.DRAFT


class Preemption(models.Model):
    """A share of a team's capacity taken by stabilization work for a number of weeks."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="preemptions")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="preemptions")
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    share = models.DecimalField(_("share of capacity"), max_digits=3, decimal_places=2)

    class Meta:
        ordering = ["scenario_id", "starts_on", "id"]
        verbose_name = _("preemption")
        verbose_name_plural = _("preemptions")
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="preemption_share_0_1"),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=104), name="preemption_weeks_1_104"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.share:.0%} x {self.weeks}w from {self.starts_on}"


class DecisionAction(models.TextChoices):
    KEEP = "keep", _("Keep")
    MOVE = "move", _("Move to a new date")
    CANCEL = "cancel", _("Cancel")


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Decision(models.Model):
    """What we do about one affected promise in a scenario, and the notice we send."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="decisions")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("action"), max_length=10, choices=DecisionAction.choices)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    warning = models.CharField(_("warning"), max_length=300, blank=True)
    notice_to = models.ForeignKey(
        "customers.Persona", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    notice_subject = models.CharField(_("notice subject"), max_length=300, blank=True)
    notice_text = models.TextField(_("notice"), blank=True)
    notice_state = models.CharField(
        _("notice state"), max_length=20, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    notice_language = models.CharField(_("notice language"), max_length=10, default="en")
    notice_recipients = models.JSONField(_("sent to"), default=dict, blank=True)  # {"to": [...], "cc": [...]}
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario_id", "commitment_id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "commitment"], name="decision_unique_per_commitment"),
            models.CheckConstraint(
                condition=~Q(action="move") | Q(new_date__isnull=False), name="decision_move_needs_date"
            ),
            models.CheckConstraint(condition=Q(action__in=DecisionAction.values), name="decision_action_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.commitment_id} in {self.scenario_id}"

    @property
    def notice_state_choices(self) -> list[tuple[str, str]]:
        return NoticeState.choices

    @property
    def notice_is_open(self) -> bool:
        """Still a draft: it can be edited and sent."""
        return self.notice_state == NoticeState.DRAFT


class PlanVersionKind(models.TextChoices):
    ACCEPT = "accept", _("Scenario accepted")
    REVERT = "revert", _("Scenario reverted")
    DAILY = "daily", _("Daily record")


class PlanVersion(models.Model):
    """The committed plan as it stood after a change to it (accept, revert) and once a day: who, when, why, and
    what it said, so reviews compare one week's plan with the last."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PlanVersionKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_versions"
    )
    preemptions = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # the Home figures (roadmap.selectors.summary)
    etas = models.JSONField(default=dict, blank=True)  # feature id -> ETA (ISO date or null)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.CheckConstraint(condition=Q(kind__in=PlanVersionKind.values), name="plan_version_kind")]

    def __str__(self) -> str:
        return f"v{self.number} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ScoringPolicy(models.Model):
    """Versioned weights of the priority score; exactly one is active."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    weights = models.JSONField(_("weights"), default=dict)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("scoring policy")
        verbose_name_plural = _("scoring policies")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_policy"),
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class PriorityScore(models.Model):
    """Latest cost-of-delay score of one feature or one incident, with its breakdown."""

    feature = models.OneToOneField(Feature, null=True, blank=True, on_delete=models.CASCADE, related_name="score")
    incident = models.OneToOneField(
        "incidents.Incident", null=True, blank=True, on_delete=models.CASCADE, related_name="score"
    )
    score = models.FloatField(_("score"))
    # Ranking lane, lowest first (features: 0 expedite, 1 other; incidents: 0 SEV1 ... 3 SEV4), then score.
    lane = models.PositiveSmallIntegerField(_("lane"), default=1)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict)
    policy_version = models.PositiveIntegerField(_("policy version"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("priority score")
        verbose_name_plural = _("priority scores")
        constraints = [
            models.CheckConstraint(
                condition=(Q(feature__isnull=False) & Q(incident__isnull=True))
                | (Q(feature__isnull=True) & Q(incident__isnull=False)),
                name="score_exactly_one_target",
            ),
        ]
        indexes = [models.Index(fields=["-score"]), models.Index(fields=["lane", "-score"], name="score_lane_order")]

    def __str__(self) -> str:
        target = f"feature {self.feature_id}" if self.feature_id else f"incident {self.incident_id}"
        return f"{target}: {self.score:.2f}"


class ScoreChangeKind(models.TextChoices):
    CUSTOMER = "customer", _("customer")
    FEATURE = "feature", _("feature")
    INCIDENT = "incident", _("incident")
    FLEET = "fleet", _("fleet forecast")


class ScoreChange(models.Model):
    """A score input that changed and is not re-scored yet: written in the same transaction as the change, so
    a coalesced re-scoring run picks up every change since the last one (and none that rolled back).

    Not unique: the same customer changed again while a run works gets a new row, which that run (forgetting
    only the rows it read) leaves for the next one."""

    kind = models.CharField(max_length=10, choices=ScoreChangeKind.choices)
    object_id = models.PositiveBigIntegerField(default=0)  # the fleet has no id: 0
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class PriorityScoreSnapshot(models.Model):
    """Weekly copy of ranks, so pages can show movement since last week."""

    week = models.DateField(_("week starting"))
    feature = models.ForeignKey(Feature, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    rank = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("priority score snapshot")
        verbose_name_plural = _("priority score snapshots")
        constraints = [
            models.UniqueConstraint(fields=["week", "feature"], name="snapshot_unique_feature_week"),
            models.UniqueConstraint(fields=["week", "incident"], name="snapshot_unique_incident_week"),
        ]

    def __str__(self) -> str:
        target = f"feature {self.feature_id}" if self.feature_id else f"incident {self.incident_id}"
        return f"{self.week}: {target} #{self.rank}"


class PlanChange(models.Model):
    """One row per committed change to what plans are made of (teams, features, promises, customers, people,
    scores). Processes remember plans by the newest row, the row count and the oldest row; inserts take no lock
    others wait on, and a rolled-back change leaves no row behind."""

    token = models.UUIDField(default=uuid.uuid4, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.pk} at {self.at:%Y-%m-%d %H:%M:%S}"
