import dataclasses

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.domain import bands, personas
from customers.domain.forecast import Forecast

# What a stored forecast keeps of the forecaster's answer: every field of the Forecast dataclass but the chart line.
FORECAST_FIELDS = tuple(f.name for f in dataclasses.fields(Forecast) if f.name != "fitted")


class Tier(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    KEY = "key", _("Key")
    STANDARD = "standard", _("Standard")


class DeploymentModel(models.TextChoices):
    SAAS = "saas", _("SaaS")
    PRIVATE = "private", _("Private deployment")


class Health(models.TextChoices):
    GOOD = "good", _("Good")
    WATCH = "watch", _("Watch")
    AT_RISK = "at_risk", _("At risk")


# What a connector (the CRM) owns on the customers and people it keeps: read-only everywhere else.
SOURCE_OWNED_CUSTOMER_FIELDS = ("name", "industry", "arr", "employee_count", "region")
SOURCE_OWNED_PERSONA_FIELDS = ("customer", "name", "title", "email", "phone", "department", "role", "is_vip")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.STANDARD)
    arr = models.DecimalField(_("ARR"), max_digits=14, decimal_places=2, default=0)
    deployment_model = models.CharField(
        _("deployment model"), max_length=20, choices=DeploymentModel.choices, default=DeploymentModel.SAAS
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_customers",
    )
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    health = models.CharField(_("health"), max_length=20, choices=Health.choices, default=Health.GOOD)
    employee_count = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Set when a connector owns the customer (Salesforce, HubSpot): the source's kind and id, and a link back.
    external_source = models.CharField(_("source"), max_length=50, blank=True)
    external_key = models.CharField(_("source key"), max_length=100, blank=True)
    external_url = models.URLField(_("source link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.CheckConstraint(condition=Q(arr__gte=0), name="customer_arr_non_negative"),
            models.CheckConstraint(condition=Q(tier__in=Tier.values), name="customer_tier_valid"),
            models.CheckConstraint(
                condition=Q(deployment_model__in=DeploymentModel.values), name="customer_deployment_model_valid"
            ),
            models.UniqueConstraint(
                fields=["external_source", "external_key"],
                condition=~Q(external_key=""),
                name="customer_external_key_unique_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["tier", "region"]),
            models.Index(fields=["-arr"]),
        ]

    def __str__(self) -> str:
        return self.name


class PersonaRole(models.TextChoices):
    """In contact order (customers.domain.personas.CONTACT_ORDER)."""

    EB = personas.EB, _("EB · decision maker")
    TB = personas.TB, _("TB · technical buyer")
    UB = personas.UB, _("UB · daily user")


class Stance(models.TextChoices):
    CHAMPION = "champion", _("Champion")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SKEPTIC = "skeptic", _("Skeptic")
    DETRACTOR = "detractor", _("Detractor")


class Persona(models.Model):
    # Profile fields filled in stages; completeness is derived from them (see PROFILE_FIELDS).
    PROFILE_FIELDS = (
        "title",
        "email",
        "phone",
        "department",
        "seniority",
        "responsibilities",
        "goals",
        "pain_points",
        "communication_preference",
        "personal_notes",
    )

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=2, choices=PersonaRole.choices)
    influence = models.PositiveSmallIntegerField(
        _("influence (1-5)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices, default=Stance.NEUTRAL)
    is_vip = models.BooleanField(_("VIP"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Notices are written in it."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    seniority = models.CharField(_("seniority"), max_length=100, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    pain_points = models.TextField(_("pain points"), blank=True)
    communication_preference = models.CharField(_("communication preference"), max_length=100, blank=True)
    personal_notes = models.TextField(_("personal notes"), blank=True)
    external_source = models.CharField(_("source"), max_length=50, blank=True)
    external_key = models.CharField(_("source key"), max_length=100, blank=True)
    external_url = models.URLField(_("source link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer_id", "role", "name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=PersonaRole.values), name="persona_role_valid"),
            models.CheckConstraint(condition=Q(influence__gte=1, influence__lte=5), name="persona_influence_1_5"),
            models.UniqueConstraint(fields=["customer", "name"], name="persona_unique_name_per_customer"),
            models.UniqueConstraint(
                fields=["external_source", "external_key"],
                condition=~Q(external_key=""),
                name="persona_external_key_unique_per_source",
            ),
        ]
        indexes = [models.Index(fields=["customer", "role"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def completeness(self) -> int:
        """Percentage of profile fields filled."""
        filled = sum(1 for field in self.PROFILE_FIELDS if getattr(self, field))
        return round(100 * filled / len(self.PROFILE_FIELDS))


class Deployment(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="deployments")
    name = models.CharField(_("name"), max_length=200)
    capacity_bytes = models.BigIntegerField(_("capacity (bytes)"))
    version = models.CharField(_("version"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer_id", "name"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.CheckConstraint(condition=Q(capacity_bytes__gt=0), name="deployment_capacity_positive"),
            models.UniqueConstraint(fields=["customer", "name"], name="deployment_unique_name_per_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} / {self.name}"


class CapacitySample(models.Model):
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="samples")
    taken_at = models.DateTimeField(_("taken at"))
    used_bytes = models.BigIntegerField(_("used (bytes)"))
    # Capacity at the time of the reading, so disk upgrades are visible to the forecaster.
    capacity_bytes = models.BigIntegerField(_("capacity (bytes)"), null=True, blank=True)

    class Meta:
        ordering = ["deployment_id", "taken_at"]
        verbose_name = _("capacity sample")
        verbose_name_plural = _("capacity samples")
        constraints = [
            models.UniqueConstraint(fields=["deployment", "taken_at"], name="sample_unique_per_deployment_time"),
            models.CheckConstraint(condition=Q(used_bytes__gte=0), name="sample_used_non_negative"),
            models.CheckConstraint(
                condition=Q(capacity_bytes__isnull=True) | Q(capacity_bytes__gt=0), name="sample_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id}@{self.taken_at:%Y-%m-%d %H:%M}: {self.used_bytes}"


class ForecastStatus(models.TextChoices):
    FILLING = "filling", _("Filling")
    NOT_FILLING = "not_filling", _("Not filling")
    FULL = "full", _("Full")
    INSUFFICIENT_DATA = "insufficient_data", _("Insufficient data")


def band_q(name: str) -> Q:
    """Forecasts in a free-space band; the fullest band also holds deployments over their capacity."""
    for position, (band, low, high) in enumerate(bands.BANDS):
        if band == name:
            return Q(free_ratio__lt=high) if position == 0 else Q(free_ratio__gte=low, free_ratio__lt=high)
    return Q(pk__in=[])


class CapacityForecastQuerySet(models.QuerySet):
    def filling(self, *, now):
        """Forecasts of deployments still to fill, soonest first: a full date after `now` (already full ones are
        full, not next)."""
        return self.filter(full_at__gt=now).order_by("full_at", "pk")

    def in_band(self, name: str):
        return self.filter(band_q(name))


class CapacityForecast(models.Model):
    """The latest forecast of one deployment, recomputed by background jobs."""

    deployment = models.OneToOneField(Deployment, on_delete=models.CASCADE, related_name="forecast")
    status = models.CharField(max_length=20, choices=ForecastStatus.choices)
    method = models.CharField(max_length=50)
    used_bytes = models.BigIntegerField(null=True, blank=True)
    capacity_bytes = models.BigIntegerField()
    free_ratio = models.FloatField(null=True, blank=True)
    growth_bytes_per_day = models.FloatField(null=True, blank=True)
    regime_started_at = models.DateTimeField(null=True, blank=True)
    days_to_80 = models.FloatField(null=True, blank=True)
    days_to_90 = models.FloatField(null=True, blank=True)
    days_to_full = models.FloatField(null=True, blank=True)
    days_to_full_p10 = models.FloatField(null=True, blank=True)
    days_to_full_p90 = models.FloatField(null=True, blank=True)
    full_at = models.DateTimeField(null=True, blank=True)
    samples_until = models.DateTimeField(null=True, blank=True)
    sample_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    objects = CapacityForecastQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacity forecast")
        verbose_name_plural = _("capacity forecasts")
        indexes = [models.Index(fields=["full_at"]), models.Index(fields=["free_ratio"])]

    def __str__(self) -> str:
        return f"forecast {self.deployment_id}: {self.status}"

    @property
    def band(self) -> str | None:
        return bands.band_of(self.free_ratio)

    @property
    def is_critical(self) -> bool:
        """Under 20 % free, where performance degrades."""
        return self.band == "critical"

    @property
    def fills_soon(self) -> bool:
        return self.days_to_full is not None and self.days_to_full < bands.FILLS_SOON_DAYS
