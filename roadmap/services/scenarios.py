"""Scenarios: what-if preemptions on top of the committed plan, their impact on promises, a decision per promise,
and acceptance (the scenario enters the plan and is frozen as a record) or revert (it leaves it again)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.reasons import reason_code
from customers.selectors.forecasts import fleet_deadline_get
from roadmap import reasons
from roadmap.domain.fix import fix_outlook
from roadmap.domain.impact import AffectedCommitment, Impact, assess_impact, find_minimum_preemption
from roadmap.domain.record import ScenarioResult, record_to_result, result_to_record
from roadmap.domain.schedule import PreemptionPlan
from roadmap.models import (
    Commitment,
    CommitmentStatus,
    Decision,
    DecisionAction,
    Feature,
    FeatureKind,
    Preemption,
    Scenario,
    ScenarioStatus,
    Team,
)
from roadmap.selectors.plan import PlanInputs, Recent, dates_get, plan_inputs_get, schedule_get
from roadmap.services.notices import notice_fill
from roadmap.services.plan_versions import plan_version_record

__all__ = ["ScenarioResult"]

# A scenario's impact depends only on the plan's inputs (the same object until a plan change is committed), the
# day, its preemptions and the fleet's fix deadline: each process keeps the last few, as it does the plan itself.
_impacts = Recent(8)  # (id of inputs, today, preemptions, with dates, stabilization, deadline) -> (inputs, result)


@dataclass(frozen=True)
class PreemptionInput:
    team_id: int
    starts_on: date
    weeks: int
    share: Decimal

    def plan(self, stabilization_feature_id: int | None = None) -> PreemptionPlan:
        return PreemptionPlan(self.team_id, self.starts_on, self.weeks, float(self.share), stabilization_feature_id)


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


def stabilization_check(feature_id) -> int | None:
    if feature_id in (None, ""):
        return None
    try:
        feature_id = int(feature_id)
    except (TypeError, ValueError):
        raise ValidationError({"stabilization": _("Choose a stabilization feature.")}) from None
    if not Feature.objects.filter(pk=feature_id).exists():
        raise ValidationError({"stabilization": _("No such feature.")})
    return feature_id


def preemptions_parse(preemptions) -> list[PreemptionInput]:
    if not preemptions:
        raise ValidationError({"preemptions": _("Add at least one preemption.")})
    errors: dict[str, str] = {}
    parsed = []
    for i, raw in enumerate(preemptions):
        try:
            parsed.append(preemption_parse(raw, index=i))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return parsed


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
    """A draft scenario: preemptions of one or more teams (shares, periods) serving one stabilization."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    parsed = preemptions_parse(preemptions)
    scenario = Scenario.objects.create(
        name=name[:200],
        description=description,
        created_by=user,
        incident_id=incident_id,
        stabilization_feature_id=stabilization_check(stabilization_feature_id),
    )
    _preemptions_write(scenario, parsed)
    return scenario


def _preemptions_write(scenario: Scenario, parsed: list[PreemptionInput]) -> None:
    Preemption.objects.bulk_create(
        Preemption(scenario=scenario, team_id=p.team_id, starts_on=p.starts_on, weeks=p.weeks, share=p.share)
        for p in parsed
    )


def _draft(scenario: Scenario) -> Scenario:
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not scenario.is_draft:
        raise ValidationError(_("This scenario is no longer a draft."))
    return scenario


@transaction.atomic
def scenario_update(
    *, scenario: Scenario, name: str, preemptions: list[dict], description: str = "", stabilization_feature_id=None
) -> Scenario:
    """Edit a draft: its name, preemptions and stabilization (decisions already taken are kept)."""
    scenario = _draft(scenario)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    parsed = preemptions_parse(preemptions)
    scenario.name, scenario.description = name[:200], description
    scenario.stabilization_feature_id = stabilization_check(stabilization_feature_id)
    scenario.save(update_fields=["name", "description", "stabilization_feature"])
    scenario.preemptions.all().delete()
    _preemptions_write(scenario, parsed)
    return scenario


@transaction.atomic
def scenario_duplicate(*, scenario: Scenario, user) -> Scenario:
    """A new draft with the same preemptions, stabilization and decisions (notices as drafts again)."""
    copy = Scenario.objects.create(
        name=(_("Copy of %(name)s") % {"name": scenario.name})[:200],
        description=scenario.description,
        incident_id=scenario.incident_id,
        stabilization_feature_id=scenario.stabilization_feature_id,
        created_by=user,
    )
    Preemption.objects.bulk_create(
        Preemption(scenario=copy, team_id=p.team_id, starts_on=p.starts_on, weeks=p.weeks, share=p.share)
        for p in scenario.preemptions.all()
    )
    Decision.objects.bulk_create(
        Decision(
            scenario=copy,
            commitment_id=d.commitment_id,
            action=d.action,
            new_date=d.new_date,
            reason=d.reason,
            warning=d.warning,
            notice_to_id=d.notice_to_id,
            notice_subject=d.notice_subject,
            notice_text=d.notice_text,
            notice_language=d.notice_language,
            decided_by=user,
        )
        for d in scenario.decisions.filter(commitment__status=CommitmentStatus.ACTIVE)
    )
    return copy


@transaction.atomic
def scenario_discard(*, scenario: Scenario, user) -> Scenario:
    scenario = _draft(scenario)
    scenario.status = ScenarioStatus.DISCARDED
    scenario.save(update_fields=["status"])
    return scenario


def impact_evaluate(
    *,
    preemptions: list[PreemptionPlan],
    today: date | None = None,
    with_dates: bool = True,
    inputs: PlanInputs | None = None,
    stabilization_feature_id: int | None = None,
) -> ScenarioResult:
    """Schedule the committed plan with and without the preemptions and compare what we promised."""
    today = today or timezone.localdate()
    inputs = inputs or plan_inputs_get()
    planned = stabilization_feature_id is not None and any(f.id == stabilization_feature_id for f in inputs.features)
    deadline = fleet_deadline_get(today=today) if planned else None
    key = (id(inputs), today, tuple(preemptions), with_dates, stabilization_feature_id, deadline)
    hit = _impacts.get(key)
    if hit is not None and hit[0] is inputs:
        return hit[1]
    result = _impact_compute(
        inputs=inputs,
        preemptions=preemptions,
        today=today,
        with_dates=with_dates,
        stabilization_feature_id=stabilization_feature_id if planned else None,
        deadline=deadline,
    )
    _impacts.put(key, (inputs, result))
    return result


def _impact_compute(
    *, inputs: PlanInputs, preemptions, today: date, with_dates: bool, stabilization_feature_id, deadline
) -> ScenarioResult:
    committed = inputs.preemptions
    both = committed + tuple(preemptions)
    baseline = schedule_get(teams=inputs.teams, features=inputs.features, today=today, preemptions=committed)
    scenario = schedule_get(teams=inputs.teams, features=inputs.features, today=today, preemptions=both)
    impact = assess_impact(commitments=inputs.commitments, baseline=baseline, scenario=scenario)
    suggested: dict[int, date | None] = {}
    if with_dates and impact.affected:
        only = frozenset(a.commitment.feature_id for a in impact.affected)
        dates = dates_get(teams=inputs.teams, features=inputs.features, preemptions=both, today=today, only=only)
        suggested = {a.commitment.id: dates.dates(a.commitment.feature_id).p85 for a in impact.affected}
    stabilization = None
    if stabilization_feature_id is not None:
        stabilization = fix_outlook(
            teams=inputs.teams,
            features=inputs.features,
            preemptions=both,
            plan=scenario,
            feature_id=stabilization_feature_id,
            deadline=deadline,
            today=today,
        )
    return ScenarioResult(today, tuple(preemptions), baseline, scenario, impact, stabilization, suggested)


def scenario_preemptions(scenario: Scenario) -> list[PreemptionPlan]:
    return [
        PreemptionPlan(p.team_id, p.starts_on, p.weeks, float(p.share), scenario.stabilization_feature_id)
        for p in scenario.preemptions.all()
    ]


def scenario_evaluate(*, scenario: Scenario, today: date | None = None, with_dates: bool = True) -> ScenarioResult:
    """A draft on top of today's committed plan; an accepted or reverted scenario as it was at acceptance."""
    if scenario.record:
        return record_to_result(scenario.record)
    return impact_evaluate(
        preemptions=scenario_preemptions(scenario),
        today=today,
        with_dates=with_dates,
        stabilization_feature_id=scenario.stabilization_feature_id,
    )


def _affected(result: ScenarioResult, commitment_id: int) -> AffectedCommitment:
    affected = next((a for a in result.impact.affected if a.commitment.id == commitment_id), None)
    if affected is None:
        raise ValidationError(_("This promise is not affected by the scenario."))
    return affected


def decision_warning(*, affected: AffectedCommitment, action: str, new_date: date | None) -> str:
    """Why this decision may mislead the customer ("" when it does not)."""
    eta = affected.scenario_eta
    when = eta.isoformat() if eta else ""  # "" reads "not within the plan"
    if action == DecisionAction.KEEP and affected.late:
        return reason_code(reasons.KEEP_LATE, eta=when, date=affected.commitment.promised_date.isoformat())
    if action == DecisionAction.MOVE and new_date and (eta is None or new_date < eta):
        return reason_code(reasons.MOVE_BEFORE_ETA, date=new_date.isoformat(), eta=when)
    return ""


@transaction.atomic
def decision_save(
    *,
    scenario: Scenario,
    commitment_id: int,
    action: str,
    user,
    new_date: date | None = None,
    reason: str = "",
    notice_text: str | None = None,
    notice_subject: str | None = None,
    today: date | None = None,
) -> Decision:
    """Record keep / move / cancel for one affected promise and draft its notice.

    Keep on a late promise needs a reason and carries a warning; move takes any future date (the scenario's
    P85 when none is given) and warns when it is before the planned ETA."""
    scenario = _draft(scenario)
    if action not in DecisionAction.values:
        raise ValidationError({"action": _("Choose keep, move or cancel.")})
    today = today or timezone.localdate()
    result = scenario_evaluate(scenario=scenario, today=today)
    affected = _affected(result, commitment_id)
    reason = (reason or "").strip()
    if action == DecisionAction.MOVE:
        new_date = new_date or result.suggested_date(affected)
        if new_date is None:
            raise ValidationError({"new_date": _("Enter the new date.")})
        if new_date <= today:
            raise ValidationError({"new_date": _("The new date must be in the future.")})
    else:
        new_date = None
    warning = decision_warning(affected=affected, action=action, new_date=new_date)
    if action == DecisionAction.KEEP and affected.late and not reason:
        raise ValidationError({"reason": _("This promise is late under the scenario: say why you keep its date.")})
    decision = Decision.objects.filter(scenario=scenario, commitment_id=commitment_id).first()
    redraft = decision is None or decision.action != action or decision.new_date != new_date
    decision = decision or Decision(scenario=scenario, commitment_id=commitment_id)
    decision.action, decision.new_date, decision.decided_by = action, new_date, user
    decision.reason, decision.warning = reason, warning
    notice_fill(decision, scenario=scenario, affected=affected, redraft=redraft)
    if notice_text is not None and notice_text.strip():
        decision.notice_text = notice_text
    if notice_subject is not None and notice_subject.strip():
        decision.notice_subject = notice_subject.strip()[:300]
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, scenario: Scenario, commitment_id: int) -> None:
    """Undo a decision on a draft (the promise is undecided again)."""
    _draft(scenario)
    Decision.objects.filter(scenario=scenario, commitment_id=commitment_id).delete()


@dataclass(frozen=True)
class AcceptPreview:
    """What accepting will change, shown before the PM confirms."""

    result: ScenarioResult
    moves: list  # (decision, commitment)
    cancels: list
    keeps: list
    undecided: list  # late promises without a decision


def accept_preview(*, scenario: Scenario, today: date | None = None) -> AcceptPreview:
    result = scenario_evaluate(scenario=scenario, today=today)
    decisions = {
        d.commitment_id: d for d in scenario.decisions.select_related("commitment__feature", "commitment__customer")
    }
    moves, cancels, keeps = [], [], []
    for d in decisions.values():
        {DecisionAction.MOVE: moves, DecisionAction.CANCEL: cancels}.get(d.action, keeps).append(d)
    undecided = [a for a in result.impact.affected if a.late and a.commitment.id not in decisions]
    return AcceptPreview(result, moves, cancels, keeps, undecided)


@transaction.atomic
def scenario_accept(*, scenario: Scenario, user, reason: str = "", today: date | None = None) -> int:
    """The scenario enters the committed plan: its preemptions become plan inputs, its decisions change their
    promises (with history reasons), and what it shows is frozen as its record. Returns promises changed."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.DRAFT:
        raise ValidationError(_("This scenario was already accepted or discarded."))
    today = today or timezone.localdate()
    inputs = plan_inputs_get()
    result = scenario_evaluate(scenario=scenario, today=today)
    record = result_to_record(result, titles=inputs.titles)
    record["decisions"] = {}
    changed = 0
    why = reason.strip() or reason_code(reasons.SCENARIO_ACCEPTED, name=scenario.name)
    for decision in scenario.decisions.select_related("commitment"):
        commitment: Commitment = decision.commitment
        record["decisions"][str(commitment.pk)] = {
            "action": decision.action,
            "promised_date": commitment.promised_date.isoformat(),
            "new_date": decision.new_date.isoformat() if decision.new_date else None,
            "status": commitment.status,
        }
        if decision.action == DecisionAction.MOVE:
            commitment.promised_date = decision.new_date
        elif decision.action == DecisionAction.CANCEL:
            commitment.status = CommitmentStatus.CANCELLED
        else:
            continue
        commitment._change_reason = reason_code(reasons.SCENARIO_DECISION, why=why, action=decision.action)
        commitment.save()
        changed += 1
    scenario.status, scenario.accepted_by, scenario.accepted_at = ScenarioStatus.ACCEPTED, user, timezone.now()
    scenario.reason, scenario.record = why, record
    scenario.save(update_fields=["status", "accepted_by", "accepted_at", "reason", "record"])
    inputs_changed(plan=True, scores=True)  # its preemptions are plan inputs now
    plan_version_record(kind="accept", user=user, reason=why, scenario=scenario, today=today)
    return changed


@transaction.atomic
def scenario_revert(*, scenario: Scenario, user, reason: str = "", today: date | None = None) -> list[str]:
    """Undo an acceptance: its preemptions leave the plan and its promises get their dates and status back
    (unless changed since: those are listed and left alone). Returns what could not be restored."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted scenario can be reverted."))
    why = reason.strip() or reason_code(reasons.SCENARIO_REVERTED, name=scenario.name)
    kept: list[str] = []
    applied = scenario.record.get("decisions", {})
    commitments = Commitment.objects.select_for_update().in_bulk([int(pk) for pk in applied])
    for pk, was in applied.items():
        commitment = commitments.get(int(pk))
        if commitment is None or was["action"] == DecisionAction.KEEP:
            continue
        if was["action"] == DecisionAction.MOVE:
            if commitment.promised_date.isoformat() != was["new_date"] or commitment.status != was["status"]:
                kept.append(str(commitment))
                continue
            commitment.promised_date = date.fromisoformat(was["promised_date"])
        elif commitment.status == CommitmentStatus.CANCELLED:
            commitment.status = was["status"]
        else:
            kept.append(str(commitment))
            continue
        commitment._change_reason = why
        commitment.save()
    scenario.status, scenario.reverted_by, scenario.reverted_at = ScenarioStatus.REVERTED, user, timezone.now()
    scenario.reason = why
    scenario.save(update_fields=["status", "reverted_by", "reverted_at", "reason"])
    inputs_changed(plan=True, scores=True)
    plan_version_record(kind="revert", user=user, reason=why, scenario=scenario, today=today)
    return kept


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
    """Smallest share of its team that ships a stabilization feature by the deadline, on top of the committed
    plan, and what that costs."""
    today = today or timezone.localdate()
    feature = Feature.objects.select_related("team").filter(pk=feature_id, kind=FeatureKind.STABILIZATION).first()
    if feature is None:
        raise ValidationError({"feature": _("Choose a stabilization feature.")})
    fleet_deadline = fleet_deadline_get(today=today)
    chosen = deadline or fleet_deadline
    if chosen is None:
        raise ValidationError({"deadline": _("No deployment is filling up: enter a deadline.")})
    inputs = plan_inputs_get()
    if feature.pk not in {f.id for f in inputs.features}:
        raise ValidationError({"feature": _("This feature is not planned (status planned or in progress).")})
    found = find_minimum_preemption(
        teams=inputs.teams,
        features=inputs.features,
        stabilization_feature_id=feature.pk,
        deadline=chosen,
        today=today,
        preemptions=inputs.preemptions,
    )
    preemption = PreemptionPlan(feature.team_id, today, found.weeks, found.share, feature.pk)
    result = impact_evaluate(preemptions=[preemption], today=today, with_dates=False, inputs=inputs)
    return MinimumPreemptionResult(feature, chosen, deadline is None, found, result.impact)
