"""Queue a coalesced priority-score recompute when any input of the score changes; mark plan changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from customers.models import CapacityForecast, Customer, Persona
from incidents.models import AffectedCustomer, Incident
from roadmap.models import (
    Commitment,
    Feature,
    FeatureRequest,
    PriorityScore,
    ScoringPolicy,
    Team,
    TeamCapacityChange,
)
from roadmap.services.plan_changes import plan_changed
from roadmap.services.scoring import scores_recompute_soon

SCORE_INPUTS = (
    Feature,
    FeatureRequest,
    Commitment,
    Incident,
    AffectedCustomer,
    Customer,
    Persona,
    CapacityForecast,
    ScoringPolicy,
)

# What plans are made of: processes that remember a plan read it afresh after any of these changes.
PLAN_INPUTS = (Team, TeamCapacityChange, Feature, Commitment, Customer, Persona, PriorityScore)


def plan_input_changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        plan_changed()


def feature_dependencies_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        plan_changed()


def score_input_changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        scores_recompute_soon()


def feature_incidents_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        scores_recompute_soon()


def connect() -> None:
    for model in SCORE_INPUTS:
        post_save.connect(score_input_changed, sender=model, dispatch_uid=f"scores-save-{model._meta.label}")
        post_delete.connect(score_input_changed, sender=model, dispatch_uid=f"scores-delete-{model._meta.label}")
    m2m_changed.connect(feature_incidents_changed, sender=Feature.incidents.through, dispatch_uid="scores-links")
    for model in PLAN_INPUTS:
        post_save.connect(plan_input_changed, sender=model, dispatch_uid=f"plan-save-{model._meta.label}")
        post_delete.connect(plan_input_changed, sender=model, dispatch_uid=f"plan-delete-{model._meta.label}")
    m2m_changed.connect(feature_dependencies_changed, sender=Feature.depends_on.through, dispatch_uid="plan-deps")
