"""Mail the weekly review to leadership."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.roles import Role
from desk.selectors.review import weekly_review_get


def weekly_review_recipients() -> list[str]:
    if settings.WEEKLY_REVIEW_RECIPIENTS:
        return list(settings.WEEKLY_REVIEW_RECIPIENTS)
    users = get_user_model().objects.filter(groups__name=Role.LEADERSHIP, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def weekly_review_send(*, end: date | None = None) -> int:
    """E-mail the review (HTML and plain text) to leadership; returns the number of recipients."""
    recipients = weekly_review_recipients()
    if not recipients:
        return 0
    review = weekly_review_get(end=end)
    context = {"review": review, "email": True}
    subject = _("Pledgeboard weekly review: %(start)s to %(end)s") % {"start": review.start, "end": review.end}
    message = EmailMultiAlternatives(
        subject, render_to_string("desk/review_weekly.txt", context), settings.DEFAULT_FROM_EMAIL, recipients
    )
    message.attach_alternative(render_to_string("desk/review_weekly_email.html", context), "text/html")
    message.send()
    return len(recipients)
