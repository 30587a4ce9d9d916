from django.contrib import admin

from core.models import Heartbeat, Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("key", "task", "status", "generation", "attempts", "runs", "queued_at", "finished_at")
    list_filter = ("status", "task")
    search_fields = ("key",)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "beat_at")
