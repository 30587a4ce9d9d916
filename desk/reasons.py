"""The reasons the desk writes (the demo's first plan version)."""

from django.utils.translation import gettext_lazy

from core.reasons import reason_register

DEMO_LOADED = "demo_loaded"


def register() -> None:
    reason_register(DEMO_LOADED, gettext_lazy("Demo loaded"))
