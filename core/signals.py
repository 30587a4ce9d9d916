from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from core.models import Preference

SESSION_LANGUAGE_KEY = "pledgeboard_language"


@receiver(user_logged_in)
def remember_language_on_login(sender, request, user, **kwargs):
    """Load the user's language once at login, so pages need no extra query for it."""
    if request is not None and hasattr(request, "session"):
        language = Preference.objects.filter(user=user).values_list("language", flat=True).first() or ""
        request.session[SESSION_LANGUAGE_KEY] = language
