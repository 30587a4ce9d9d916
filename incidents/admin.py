from django.contrib import admin

from core.changes import InputsChangedAdmin
from incidents.models import AffectedCustomer, Incident, TimelineEvent, WebhookDelivery


class AffectedCustomerInline(admin.TabularInline):
    model = AffectedCustomer
    extra = 0
    autocomplete_fields = ("customer",)


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ("at", "kind", "text", "author")


@admin.register(Incident)
class IncidentAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_plan = False

    list_display = ("title", "severity", "status", "category", "reported_at", "resolved_at", "external_source")
    list_filter = ("severity", "status", "category", "external_source")
    search_fields = ("title", "description", "external_id")
    date_hierarchy = "reported_at"
    inlines = (AffectedCustomerInline, TimelineEventInline)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("source", "delivery_id", "status", "attempts", "received_at", "processed_at")
    list_filter = ("source", "status")
    search_fields = ("delivery_id",)
    readonly_fields = ("received_at",)
