from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import changes
        from roadmap import reasons
        from roadmap.services.inputs import roadmap_inputs_changed

        reasons.register()

        changes.listen(roadmap_inputs_changed)
