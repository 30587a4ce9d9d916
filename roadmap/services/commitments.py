"""Commitment requests from presales, and the PM's approval or decline (all in the history)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer, Persona
from roadmap.models import Commitment, CommitmentStatus, Feature, Strength


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
    """Ask for a new promise; it is live only after a PM approves it."""
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
        if when <= timezone.localdate():
            errors["promised_date"] = _("The date must be in the future.")
    except ValueError:
        errors["promised_date"] = _("Enter a date as YYYY-MM-DD.")
        when = None
    if strength not in Strength.values:
        errors["strength"] = _("Choose contractual, firm or soft.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            commitment = Commitment(
                feature=feature,
                customer=customer,
                persona=persona,
                promised_date=when,
                strength=strength,
                note=note,
                promised_by=user,
                status=CommitmentStatus.REQUESTED,
            )
            commitment._change_reason = _("Requested")
            commitment.save()
    except IntegrityError as exc:
        raise ValidationError({"customer": _("This customer already has a live promise for this feature.")}) from exc
    return commitment


def _decide(commitment: Commitment, *, status: str, reason: str, user) -> Commitment:
    if commitment.status != CommitmentStatus.REQUESTED:
        raise ValidationError(_("Only requested commitments can be approved or declined."))
    commitment.status = status
    commitment._change_reason = reason
    commitment.save()
    return commitment


@transaction.atomic
def commitment_approve(*, commitment: Commitment, user) -> Commitment:
    return _decide(commitment, status=CommitmentStatus.ACTIVE, reason=_("Approved by %(u)s") % {"u": user}, user=user)


@transaction.atomic
def commitment_decline(*, commitment: Commitment, reason: str, user) -> Commitment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so presales can tell the customer.")})
    commitment.decline_reason = reason
    return _decide(commitment, status=CommitmentStatus.DECLINED, reason=reason, user=user)
