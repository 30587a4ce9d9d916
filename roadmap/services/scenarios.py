"""Scenarios: what-if preemptions, their impact on promises, decisions per promise, and acceptance."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from customers.domain.personas import NOTICE_ROLES
from customers.models import Persona
from customers.selectors.forecasts import fleet_deadline_get
from roadmap.domain.impact import AffectedCommitment, Impact, assess_impact
from roadmap.domain.montecarlo import MonteCarloResult
from roadmap.domain.schedule import FeatureDates, PreemptionPlan
from roadmap.models import (
    Commitment,
    CommitmentStatus,
    Decision,
    DecisionAction,
    NoticeState,
    Preemption,
    Scenario,
    ScenarioStatus,
    Team,
)
from roadmap.selectors.plan import PlanInputs, dates_get, plan_inputs_get, schedule_get


@dataclass(frozen=True)
class PreemptionInput:
    team_id: int
    starts_on: date
    weeks: int
    share: Decimal


def preemption_parse(raw: dict, *, index: int = 0) -> PreemptionInput:
    """Validate one preemption from a form or the API; errors name the field."""
    errors: dict[str, str] = {}
    try:
        team_id = int(raw.get("team"))
    except (TypeError, ValueError):
        errors["team"] = _("Choose a team.")
        team_id = 0
    try:
        starts_on = (
            raw["starts_on"]
            if isinstance(raw.get("starts_on"), date)
            else date.fromisoformat(str(raw.get("starts_on")))
        )
    except ValueError:
        errors["starts_on"] = _("Enter a start date as YYYY-MM-DD.")
        starts_on = date.min
    try:
        weeks = int(raw.get("weeks"))
        if not 1 <= weeks <= 104:
            raise ValueError
    except (TypeError, ValueError):
        errors["weeks"] = _("Weeks must be a whole number from 1 to 104.")
        weeks = 0
    try:
        share = Decimal(str(raw.get("share")))
        if not Decimal("0") < share <= Decimal("1"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["share"] = _("Share must be more than 0 and at most 1 (1 = the whole team).")
        share = Decimal("0")
    if not errors and not Team.objects.filter(pk=team_id).exists():
        errors["team"] = _("No such team.")
    if errors:
        raise ValidationError({f"preemptions[{index}].{k}": v for k, v in errors.items()})
    return PreemptionInput(team_id=team_id, starts_on=starts_on, weeks=weeks, share=share.quantize(Decimal("0.01")))


@transaction.atomic
def scenario_create(
    *,
    name: str,
    preemptions: list[dict],
    user=None,
    description: str = "",
    incident_id: int | None = None,
    stabilization_feature_id: int | None = None,
) -> Scenario:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    if not preemptions:
        raise ValidationError({"preemptions": _("Add at least one preemption.")})
    parsed = [preemption_parse(raw, index=i) for i, raw in enumerate(preemptions)]
    scenario = Scenario.objects.create(
        name=name[:200],
        description=description,
        created_by=user,
        incident_id=incident_id,
        stabilization_feature_id=stabilization_feature_id,
    )
    Preemption.objects.bulk_create(
        Preemption(scenario=scenario, team_id=p.team_id, starts_on=p.starts_on, weeks=p.weeks, share=p.share)
        for p in parsed
    )
    return scenario


@dataclass(frozen=True)
class ScenarioResult:
    today: date
    inputs: PlanInputs
    preemptions: tuple[PreemptionPlan, ...]
    baseline: dict[int, FeatureDates]
    scenario: dict[int, FeatureDates]
    impact: Impact
    dates: MonteCarloResult | None

    def suggested_date(self, affected: AffectedCommitment) -> date | None:
        """P85 of the scenario: a date we can keep with good confidence."""
        if self.dates is None:
            return affected.scenario_eta
        return self.dates.dates(affected.commitment.feature_id).p85 or affected.scenario_eta


def impact_evaluate(
    *,
    preemptions: list[PreemptionPlan],
    today: date | None = None,
    with_dates: bool = True,
    inputs: PlanInputs | None = None,
) -> ScenarioResult:
    """Schedule the plan with and without the preemptions and compare what we promised."""
    today = today or timezone.localdate()
    inputs = inputs or plan_inputs_get()
    baseline = schedule_get(teams=inputs.teams, features=inputs.features, today=today)
    scenario = schedule_get(teams=inputs.teams, features=inputs.features, today=today, preemptions=preemptions)
    impact = assess_impact(commitments=inputs.commitments, baseline=baseline, scenario=scenario)
    dates = None
    if with_dates and impact.affected:
        only = frozenset(a.commitment.feature_id for a in impact.affected)
        dates = dates_get(teams=inputs.teams, features=inputs.features, preemptions=preemptions, today=today, only=only)
    return ScenarioResult(today, inputs, tuple(preemptions), baseline, scenario, impact, dates)


def scenario_preemptions(scenario: Scenario) -> list[PreemptionPlan]:
    return [PreemptionPlan(p.team_id, p.starts_on, p.weeks, float(p.share)) for p in scenario.preemptions.all()]


def scenario_evaluate(*, scenario: Scenario, today: date | None = None, with_dates: bool = True) -> ScenarioResult:
    return impact_evaluate(preemptions=scenario_preemptions(scenario), today=today, with_dates=with_dates)


def notice_recipient(affected: AffectedCommitment):
    """The EB, else the TB, at the customer (VIPs first): the person who must hear it from us."""
    for role in NOTICE_ROLES:
        for contact in affected.contacts:
            if contact.role == role:
                return contact
    return affected.contacts[0] if affected.contacts else None


def notice_draft(
    *, scenario: Scenario, affected: AffectedCommitment, action: str, new_date: date | None
) -> tuple[str, str]:
    """Subject and body of the notice to the customer, in our words, ready to edit."""
    recipient = notice_recipient(affected)
    reason = scenario.incident.title if scenario.incident_id else scenario.name
    context = {
        "recipient": recipient,
        "feature": affected.commitment.feature_title,
        "customer": affected.commitment.customer_name,
        "old_date": affected.commitment.promised_date,
        "new_date": new_date,
        "action": action,
        "reason": reason,
    }
    subject = render_to_string("roadmap/notice_subject.txt", context).strip()
    body = render_to_string("roadmap/notice_body.txt", context).strip()
    return subject, body


@transaction.atomic
def decision_save(
    *,
    scenario: Scenario,
    commitment_id: int,
    action: str,
    user,
    new_date: date | None = None,
    notice_text: str | None = None,
    notice_state: str | None = None,
    today: date | None = None,
) -> Decision:
    """Record keep / move / cancel for one affected promise, drafting the notice on first save."""
    if scenario.status != ScenarioStatus.DRAFT:
        raise ValidationError(_("This scenario is no longer a draft."))
    if action not in DecisionAction.values:
        raise ValidationError({"action": _("Choose keep, move or cancel.")})
    result = scenario_evaluate(scenario=scenario, today=today)
    affected = next((a for a in result.impact.affected if a.commitment.id == commitment_id), None)
    if affected is None:
        raise ValidationError(_("This promise is not affected by the scenario."))
    if action == DecisionAction.MOVE:
        new_date = new_date or result.suggested_date(affected)
        if new_date is None:
            raise ValidationError({"new_date": _("Enter the new date.")})
        if new_date <= affected.commitment.promised_date:
            raise ValidationError({"new_date": _("The new date must be after the promised date.")})
    else:
        new_date = None
    if notice_state and notice_state not in NoticeState.values:
        raise ValidationError({"notice_state": _("Unknown notice state.")})
    decision = Decision.objects.filter(scenario=scenario, commitment_id=commitment_id).first()
    recipient = notice_recipient(affected)
    if decision is None or decision.action != action or decision.new_date != new_date:
        subject, body = notice_draft(scenario=scenario, affected=affected, action=action, new_date=new_date)
    else:
        subject, body = decision.notice_subject, decision.notice_text
    decision = decision or Decision(scenario=scenario, commitment_id=commitment_id)
    decision.action, decision.new_date, decision.decided_by = action, new_date, user
    decision.notice_to = Persona.objects.filter(pk=recipient.persona_id).first() if recipient else None
    decision.notice_subject = subject
    decision.notice_text = notice_text if notice_text is not None and notice_text.strip() else body
    decision.notice_state = notice_state or decision.notice_state or NoticeState.DRAFT
    decision.reason = scenario.name
    decision.save()
    return decision


@transaction.atomic
def scenario_accept(*, scenario: Scenario, user) -> int:
    """Apply every decision to its commitment in one transaction; return how many promises changed."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.DRAFT:
        raise ValidationError(_("This scenario was already accepted or discarded."))
    changed = 0
    for decision in scenario.decisions.select_related("commitment"):
        commitment: Commitment = decision.commitment
        reason = _("Scenario “%(name)s”: %(action)s") % {"name": scenario.name, "action": decision.get_action_display()}
        if decision.action == DecisionAction.MOVE:
            commitment.promised_date = decision.new_date
        elif decision.action == DecisionAction.CANCEL:
            commitment.status = CommitmentStatus.CANCELLED
        else:
            continue
        commitment._change_reason = reason
        commitment.save()
        changed += 1
    scenario.status, scenario.accepted_by, scenario.accepted_at = ScenarioStatus.ACCEPTED, user, timezone.now()
    scenario.save(update_fields=["status", "accepted_by", "accepted_at"])
    if changed:
        inputs_changed(plan=True, scores=True)
    return changed


def default_start() -> date:
    """Next Monday: preemptions usually start with a week."""
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@dataclass(frozen=True)
class MinimumPreemptionResult:
    feature: object
    deadline: date
    deadline_is_fleet: bool
    found: object  # roadmap.domain.impact.MinimumPreemption
    impact: Impact


def minimum_preemption_evaluate(*, feature_id: int, deadline: date | None = None, today: date | None = None):
    """Smallest share of its team that ships a stabilization feature by the deadline, and what that costs."""
    from roadmap.domain.impact import find_minimum_preemption
    from roadmap.models import Feature

    today = today or timezone.localdate()
    feature = Feature.objects.select_related("team").get(pk=feature_id)
    fleet_deadline = fleet_deadline_get(today=today)
    chosen = deadline or fleet_deadline
    if chosen is None:
        raise ValidationError({"deadline": _("No deployment is filling up: enter a deadline.")})
    inputs = plan_inputs_get()
    if feature.pk not in {f.id for f in inputs.features}:
        raise ValidationError({"feature": _("This feature is not planned (status planned or in progress).")})
    found = find_minimum_preemption(
        teams=inputs.teams, features=inputs.features, stabilization_feature_id=feature.pk, deadline=chosen, today=today
    )
    preemption = PreemptionPlan(feature.team_id, today, found.weeks, found.share)
    result = impact_evaluate(preemptions=[preemption], today=today, with_dates=False, inputs=inputs)
    return MinimumPreemptionResult(feature, chosen, deadline is None, found, result.impact)
