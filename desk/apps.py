from django.apps import AppConfig


class DeskConfig(AppConfig):
    """Pages and tools that look across apps: home, search, weekly review, imports, backups, demo data."""

    name = "desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from desk import reasons

        reasons.register()
