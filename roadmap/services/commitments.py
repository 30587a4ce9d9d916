"""Promises to customers: made by a PM, requested by presales, approved or declined, changed (all in the
history). The API, the spreadsheet import and the pages all come through here, so a promise is judged by the
same rules whichever way it arrives."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.reasons import reason_code
from core.roles import can_write
from core.writes import instance_write
from customers.models import Customer, Persona
from roadmap import reasons
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, CommitmentStatus, Feature, Strength


def _rules_check(commitment: Commitment, *, date_changed: bool) -> None:
    """What the model cannot know: a new live promise lies in the future; its person works at its customer."""
    errors: dict[str, str] = {}
    live = commitment.status in LIVE_COMMITMENT_STATUSES
    if live and date_changed and commitment.promised_date and commitment.promised_date <= timezone.localdate():
        errors["promised_date"] = _("The date must be in the future.")
    if live and commitment.feature_id and commitment.customer_id:
        twin = Commitment.objects.filter(
            feature_id=commitment.feature_id, customer_id=commitment.customer_id, status__in=LIVE_COMMITMENT_STATUSES
        ).exclude(pk=commitment.pk)
        if twin.exists():
            errors["customer"] = _("This customer already has a live promise for this feature.")
    if commitment.persona_id and commitment.customer_id:
        works_there = Persona.objects.filter(pk=commitment.persona_id, customer_id=commitment.customer_id).exists()
        if not works_there:
            errors["persona"] = _("This person works at another customer.")
    if errors:
        raise ValidationError(errors)


def _save(commitment: Commitment, data: dict, *, date_changed: bool, reason: str) -> Commitment:
    before = (commitment.feature_id, commitment.customer_id)

    def check(candidate: Commitment) -> None:
        _rules_check(candidate, date_changed=date_changed)

    try:
        with transaction.atomic():
            instance_write(commitment, fields=data, check=check, reason=reason)
    except IntegrityError as exc:  # a live twin committed meanwhile
        raise ValidationError({"customer": _("This customer already has a live promise for this feature.")}) from exc
    # A promise weighs in its feature's score and in the incidents that hit its customer (promises at risk).
    inputs_changed(
        plan=True,
        scores=True,
        features={f for f in (before[0], commitment.feature_id) if f},
        customers={c for c in (before[1], commitment.customer_id) if c},
    )
    return commitment


@transaction.atomic
def commitment_create(*, data: dict, user=None) -> Commitment:
    """Make a promise; someone who may not change the roadmap (presales) only requests it."""
    data = dict(data)
    if user is not None and not can_write(user):
        data["status"] = CommitmentStatus.REQUESTED
    commitment = Commitment(promised_by=user if getattr(user, "pk", None) else None)
    requested = data.get("status") == CommitmentStatus.REQUESTED
    reason = reason_code(reasons.REQUESTED if requested else reasons.PROMISED)
    return _save(commitment, data, date_changed=True, reason=reason)


@transaction.atomic
def commitment_update(*, commitment: Commitment, data: dict, reason: str = "") -> Commitment:
    date_changed = "promised_date" in data and data["promised_date"] != commitment.promised_date
    revived = data.get("status") in LIVE_COMMITMENT_STATUSES and commitment.status not in LIVE_COMMITMENT_STATUSES
    return _save(commitment, data, date_changed=date_changed or revived, reason=reason or reason_code(reasons.CHANGED))


@transaction.atomic
def commitment_request(
    *,
    feature_id: int,
    customer_name: str,
    promised_date: str | date,
    user,
    persona_name: str = "",
    strength: str = Strength.FIRM,
    note: str = "",
) -> Commitment:
    """Ask for a new promise by names, as presales type them; it is live only after a PM approves it."""
    errors: dict[str, str] = {}
    feature = Feature.objects.filter(pk=feature_id).first()
    if feature is None:
        errors["feature"] = _("Choose a feature.")
    customer = Customer.objects.filter(name__iexact=(customer_name or "").strip()).first()
    if customer is None:
        errors["customer"] = _("No customer with this exact name.")
    persona = None
    if customer and persona_name.strip():
        persona = Persona.objects.filter(customer=customer, name__iexact=persona_name.strip()).first()
        if persona is None:
            errors["persona"] = _("No such person at this customer.")
    try:
        when = promised_date if isinstance(promised_date, date) else date.fromisoformat(str(promised_date))
    except ValueError:
        errors["promised_date"] = _("Enter a date as YYYY-MM-DD.")
        when = None
    if strength not in Strength.values:
        errors["strength"] = _("Choose contractual, firm or soft.")
    if errors:
        raise ValidationError(errors)
    data = {
        "feature": feature,
        "customer": customer,
        "persona": persona,
        "promised_date": when,
        "strength": strength,
        "note": note,
        "status": CommitmentStatus.REQUESTED,
    }
    return commitment_create(data=data, user=user)


def _decide(commitment: Commitment, *, status: str, reason: str) -> Commitment:
    if commitment.status != CommitmentStatus.REQUESTED:
        raise ValidationError(_("Only requested commitments can be approved or declined."))
    commitment.status = status
    commitment._change_reason = reason
    commitment.save()
    inputs_changed(plan=True, scores=True, features=[commitment.feature_id], customers=[commitment.customer_id])
    return commitment


@transaction.atomic
def commitment_approve(*, commitment: Commitment, user) -> Commitment:
    return _decide(commitment, status=CommitmentStatus.ACTIVE, reason=reason_code(reasons.APPROVED_BY, u=user))


@transaction.atomic
def commitment_decline(*, commitment: Commitment, reason: str, user) -> Commitment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so presales can tell the customer.")})
    commitment.decline_reason = reason
    return _decide(commitment, status=CommitmentStatus.DECLINED, reason=reason)
