from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import Preference


def preference_set_language(*, user, language: str) -> str:
    """Remember the user's interface language."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language: %(language)s") % {"language": language})
    Preference.objects.update_or_create(user=user, defaults={"language": language})
    return language
