from django.contrib import admin

from core.changes import InputsChangedAdmin
from customers.models import CapacityForecast, CapacitySample, Customer, Deployment, Persona


class PersonaInline(admin.TabularInline):
    model = Persona
    extra = 0
    fields = ("name", "title", "role", "influence", "stance", "is_vip", "email")


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 0
    fields = ("name", "capacity_bytes", "version")


@admin.register(Customer)
class CustomerAdmin(InputsChangedAdmin, admin.ModelAdmin):
    list_display = ("name", "tier", "arr", "deployment_model", "region", "industry", "health", "owner")
    list_filter = ("tier", "deployment_model", "health", "region")
    search_fields = ("name", "industry", "region")
    list_select_related = ("owner",)
    inlines = (PersonaInline, DeploymentInline)


@admin.register(Persona)
class PersonaAdmin(InputsChangedAdmin, admin.ModelAdmin):
    list_display = ("name", "customer", "role", "title", "is_vip", "influence", "stance", "completeness")
    list_filter = ("role", "is_vip", "stance")
    search_fields = ("name", "title", "email", "customer__name")
    list_select_related = ("customer",)
    autocomplete_fields = ("customer",)


@admin.register(Deployment)
class DeploymentAdmin(admin.ModelAdmin):
    list_display = ("name", "customer", "capacity_bytes", "version")
    search_fields = ("name", "customer__name")
    list_select_related = ("customer",)
    autocomplete_fields = ("customer",)


@admin.register(CapacitySample)
class CapacitySampleAdmin(admin.ModelAdmin):
    list_display = ("deployment", "taken_at", "used_bytes", "capacity_bytes")
    date_hierarchy = "taken_at"
    search_fields = ("deployment__name", "deployment__customer__name")
    list_select_related = ("deployment__customer",)
    raw_id_fields = ("deployment",)


@admin.register(CapacityForecast)
class CapacityForecastAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_plan = False

    list_display = ("deployment", "status", "free_ratio", "days_to_full", "full_at", "method", "computed_at")
    list_filter = ("status", "method")
    search_fields = ("deployment__name", "deployment__customer__name")
    list_select_related = ("deployment__customer",)
    raw_id_fields = ("deployment",)
