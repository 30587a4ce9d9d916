from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.changes import InputsChangedAdmin
from roadmap.domain.scoring import validate_weights
from roadmap.models import (
    Commitment,
    Decision,
    Feature,
    FeatureRequest,
    Preemption,
    PriorityScore,
    PriorityScoreSnapshot,
    Release,
    Scenario,
    ScoringPolicy,
    Team,
    TeamCapacityChange,
)


class TeamCapacityChangeInline(admin.TabularInline):
    model = TeamCapacityChange
    extra = 0


@admin.register(Team)
class TeamAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_scores = False

    list_display = ("name", "engineers", "focus_factor", "wip_limit")
    search_fields = ("name",)
    inlines = (TeamCapacityChangeInline,)


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("name", "target_date", "status")
    list_filter = ("status",)
    search_fields = ("name",)


class FeatureRequestInline(admin.TabularInline):
    model = FeatureRequest
    extra = 0
    autocomplete_fields = ("customer", "persona")


@admin.register(Feature)
class FeatureAdmin(InputsChangedAdmin, admin.ModelAdmin):
    list_display = ("title", "kind", "team", "status", "priority_rank", "effort_weeks", "progress", "release")
    list_filter = ("kind", "status", "team", "release")
    search_fields = ("title", "description")
    list_select_related = ("team", "release")
    filter_horizontal = ("depends_on",)
    raw_id_fields = ("incidents",)
    inlines = (FeatureRequestInline,)


@admin.register(FeatureRequest)
class FeatureRequestAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_plan = False

    list_display = ("feature", "customer", "persona", "requested_at")
    search_fields = ("feature__title", "customer__name")
    list_select_related = ("feature", "customer", "persona")
    autocomplete_fields = ("customer", "persona")
    raw_id_fields = ("feature",)


@admin.register(Commitment)
class CommitmentAdmin(InputsChangedAdmin, SimpleHistoryAdmin):
    list_display = ("feature", "customer", "promised_date", "strength", "status", "persona", "promised_by")
    list_filter = ("status", "strength")
    search_fields = ("feature__title", "customer__name", "persona__name")
    date_hierarchy = "promised_date"
    list_select_related = ("feature", "customer", "persona", "promised_by")
    autocomplete_fields = ("customer", "persona")
    raw_id_fields = ("feature",)


class PreemptionInline(admin.TabularInline):
    model = Preemption
    extra = 0


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "created_by", "created_at", "accepted_at")
    list_filter = ("status",)
    search_fields = ("name", "description")
    inlines = (PreemptionInline,)
    raw_id_fields = ("incident", "stabilization_feature")


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("scenario", "commitment", "action", "new_date", "notice_state", "notice_to", "decided_by")
    list_filter = ("action", "notice_state")
    search_fields = ("scenario__name", "commitment__customer__name", "commitment__feature__title")
    list_select_related = ("scenario", "commitment__feature", "commitment__customer", "notice_to", "decided_by")
    raw_id_fields = ("commitment", "notice_to")


class ScoringPolicyForm(forms.ModelForm):
    class Meta:
        model = ScoringPolicy
        fields = ("version", "name", "weights", "is_active")
        help_texts = {
            "weights": 'Overrides of the default weights, e.g. {"tier": {"strategic": 4}, "vip": 3}. '
            "The priorities policy page lists every weight and its default.",
        }

    def clean_weights(self):
        weights = self.cleaned_data["weights"]
        errors = validate_weights(weights)
        if errors:
            raise forms.ValidationError(errors)
        return weights


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_plan = False

    form = ScoringPolicyForm
    list_display = ("version", "name", "is_active", "created_at", "created_by", "reason")
    list_filter = ("is_active",)


@admin.register(PriorityScore)
class PriorityScoreAdmin(InputsChangedAdmin, admin.ModelAdmin):
    changes_scores = False

    list_display = ("__str__", "score", "rank", "policy_version", "computed_at")
    list_filter = ("policy_version",)
    raw_id_fields = ("feature", "incident")
    search_fields = ("feature__title", "incident__title")


@admin.register(PriorityScoreSnapshot)
class PriorityScoreSnapshotAdmin(admin.ModelAdmin):
    list_display = ("week", "feature", "incident", "score", "rank")
    list_filter = ("week",)
    raw_id_fields = ("feature", "incident")
