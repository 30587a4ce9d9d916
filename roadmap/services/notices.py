"""Notices to customers about a decision on their promise: drafted in the recipient's language, editable until
sent, sent by e-mail to every EB of the customer with the TB in copy, and recorded as sent."""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.domain.personas import NOTICE_ROLES, contact_rank
from customers.models import Persona
from roadmap.domain.impact import AffectedCommitment
from roadmap.models import Decision, NoticeState, Scenario, ScenarioStatus


def notice_recipient(affected: AffectedCommitment):
    """The EB, else the TB, at the customer (VIPs first): the person the notice is addressed to."""
    for role in NOTICE_ROLES:
        for contact in affected.contacts:
            if contact.role == role:
                return contact
    return affected.contacts[0] if affected.contacts else None


def notice_draft(*, scenario: Scenario, affected: AffectedCommitment, action: str, new_date, language: str):
    """Subject and body of the notice, in `language`, in our words, ready to edit (stored raw, escaped on output)."""
    recipient = notice_recipient(affected)
    context = {
        "recipient": recipient,
        "feature": affected.commitment.feature_title,
        "customer": affected.commitment.customer_name,
        "old_date": affected.commitment.promised_date,
        "new_date": new_date,
        "action": action,
        "reason": scenario.incident.title if scenario.incident_id else scenario.name,
    }
    with translation.override(language):
        subject = render_to_string("roadmap/notice_subject.txt", context).strip()
        body = render_to_string("roadmap/notice_body.txt", context).strip()
    return " ".join(subject.split())[:300], body


def notice_fill(decision: Decision, *, scenario: Scenario, affected: AffectedCommitment, redraft: bool) -> None:
    """Address the decision's notice and (re)draft it when the decision changed."""
    recipient = notice_recipient(affected)
    persona = Persona.objects.filter(pk=recipient.persona_id).first() if recipient else None
    decision.notice_to = persona
    language = persona.language if persona else settings.LANGUAGE_CODE
    if redraft or not decision.notice_text:
        decision.notice_language = language
        decision.notice_subject, decision.notice_text = notice_draft(
            scenario=scenario, affected=affected, action=decision.action, new_date=decision.new_date, language=language
        )
        decision.notice_state = NoticeState.DRAFT


def _open_notice(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().select_related("scenario").get(pk=decision.pk)
    if decision.notice_state != NoticeState.DRAFT:
        raise ValidationError(_("This notice was already sent; it can no longer be changed."))
    return decision


@transaction.atomic
def notice_update(*, decision: Decision, subject: str, text: str) -> Decision:
    """Edit a notice until it is sent (also after its scenario was accepted)."""
    decision = _open_notice(decision)
    subject, text = " ".join((subject or "").split()), (text or "").strip()
    errors = {}
    if not subject:
        errors["notice_subject"] = _("The notice needs a subject.")
    if not text:
        errors["notice_text"] = _("The notice needs a text.")
    if errors:
        raise ValidationError(errors)
    decision.notice_subject, decision.notice_text = subject[:300], text
    decision.save(update_fields=["notice_subject", "notice_text", "updated_at"])
    return decision


def notice_addresses(customer_id: int) -> tuple[list[str], list[str], str]:
    """(to, cc, role addressed): every EB of the customer with an e-mail, the configured roles (TB) in copy;
    with no EB to write to, the first of the copy roles is addressed instead."""
    cc_roles = settings.PLEDGEBOARD["NOTICE_CC_ROLES"]
    people = sorted(
        Persona.objects.filter(customer_id=customer_id).exclude(email=""),
        key=lambda p: (contact_rank(p.role), not p.is_vip, p.name),
    )
    to = [p.email for p in people if p.role == "EB"]
    cc = [p.email for p in people if p.role in cc_roles]
    role = "EB"
    if not to and cc:
        role = next(p.role for p in people if p.role in cc_roles)
        to = [p.email for p in people if p.role == role]
        cc = [e for e in cc if e not in to]
    return to, cc, role


@transaction.atomic
def notice_send(*, decision: Decision, user) -> Decision:
    """Send the notice of a decision the plan has taken (its scenario is accepted); recorded with the time."""
    decision = _open_notice(decision)
    if decision.scenario.status != ScenarioStatus.ACCEPTED:
        raise ValidationError(_("Accept the scenario first: a notice goes out once its decision is in the plan."))
    customer_id = decision.commitment.customer_id
    to, cc, role = notice_addresses(customer_id)
    if not to:
        raise ValidationError(_("No EB or TB of this customer has an e-mail address: add one first."))
    message = EmailMessage(
        subject=decision.notice_subject, body=decision.notice_text, to=to, cc=cc, from_email=settings.DEFAULT_FROM_EMAIL
    )
    try:
        message.send(fail_silently=False)  # before recording it as sent: a refused mail stays a draft
    except (smtplib.SMTPException, OSError) as error:
        raise ValidationError(
            _("The mail server did not take the notice (%(error)s); it is still a draft.") % {"error": error}
        ) from error
    decision.notice_state, decision.sent_at, decision.sent_by = NoticeState.SENT, timezone.now(), user
    decision.notice_recipients = {"to": to, "cc": cc, "to_role": role}
    decision.save(update_fields=["notice_state", "sent_at", "sent_by", "notice_recipients", "updated_at"])
    return decision


@transaction.atomic
def notice_acknowledge(*, decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.notice_state != NoticeState.SENT:
        raise ValidationError(_("Only a sent notice can be acknowledged."))
    decision.notice_state = NoticeState.ACKNOWLEDGED
    decision.save(update_fields=["notice_state", "updated_at"])
    return decision
