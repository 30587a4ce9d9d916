from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from customers.models import CapacitySample, Customer, Deployment, Persona
from incidents.models import AffectedCustomer, Incident
from roadmap.models import Commitment, Decision, Feature, Preemption, Release, Scenario, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pledgeboard")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")
    tier = "key"
    arr = Decimal("100000")
    industry = "Finance"
    region = "East China"
    deployment_model = "private"


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "EB"
    title = "CIO"


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"prod-{n}")
    capacity_bytes = 1000 * 1024**3


class CapacitySampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacitySample

    deployment = factory.SubFactory(DeploymentFactory)
    taken_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=n))
    used_bytes = 100 * 1024**3


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    title = factory.Sequence(lambda n: f"Incident {n}")
    severity = "SEV2"
    status = "open"
    category = "storage"
    reported_at = factory.LazyFunction(timezone.now)


class AffectedCustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffectedCustomer

    incident = factory.SubFactory(IncidentFactory)
    customer = factory.SubFactory(CustomerFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    engineers = 5
    focus_factor = Decimal("0.80")


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    name = factory.Sequence(lambda n: f"Release {n}")
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature

    title = factory.Sequence(lambda n: f"Feature {n}")
    team = factory.SubFactory(TeamFactory)
    effort_weeks = Decimal("8")
    status = "planned"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    feature = factory.SubFactory(FeatureFactory)
    customer = factory.SubFactory(CustomerFactory)
    promised_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    strength = "firm"
    status = "active"


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    name = factory.Sequence(lambda n: f"Scenario {n}")


class PreemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preemption

    scenario = factory.SubFactory(ScenarioFactory)
    team = factory.SubFactory(TeamFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    weeks = 6
    share = Decimal("1.00")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    scenario = factory.SubFactory(ScenarioFactory)
    commitment = factory.SubFactory(CommitmentFactory)
    action = "keep"


def filling_deployment(*, name: str, customer: str, start: float, per_day: float, days: int = 60):
    """A deployment with `days` daily readings (the last a day ago) filling from `start` by `per_day` of its
    capacity a day, forecast; returns the forecast."""
    from customers.services.forecasts import forecast_refresh

    deployment = DeploymentFactory(name=name, customer=CustomerFactory(name=customer))
    now = timezone.now()
    CapacitySample.objects.bulk_create(
        CapacitySample(
            deployment=deployment,
            taken_at=now - timedelta(days=days - i),
            used_bytes=int(deployment.capacity_bytes * (start + per_day * i)),
        )
        for i in range(days)
    )
    return forecast_refresh(deployment_id=deployment.pk)
