from celery import shared_task

from desk.services.review import weekly_review_send


# The registered name predates this module; beat rows store it.
@shared_task(name="core.tasks.weekly_review_email", ignore_result=True, acks_late=True)
def weekly_review_email() -> int:
    """Monday 08:00: mail the weekly review to leadership."""
    return weekly_review_send()
