from decimal import Decimal

from rest_framework import serializers

from core.serializers import ModelConstraintsMixin
from roadmap.models import Commitment, Feature, Release, Team


class TeamSerializer(ModelConstraintsMixin, serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "engineers", "focus_factor", "wip_limit"]
        extra_kwargs = {
            "focus_factor": {"min_value": Decimal("0.01"), "max_value": Decimal("1")},
            "wip_limit": {"min_value": 1},
        }


class ReleaseSerializer(ModelConstraintsMixin, serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "name", "target_date", "status"]


class FeatureSerializer(ModelConstraintsMixin, serializers.ModelSerializer):
    class Meta:
        model = Feature
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "team",
            "release",
            "effort_weeks",
            "effort_low_weeks",
            "effort_high_weeks",
            "status",
            "priority_rank",
            "progress",
            "depends_on",
            "incidents",
            "delivered_on",
        ]
        extra_kwargs = {
            "effort_weeks": {"min_value": Decimal("0.01")},
            "progress": {"min_value": Decimal("0"), "max_value": Decimal("1")},
        }


class CommitmentSerializer(ModelConstraintsMixin, serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "feature",
            "customer",
            "promised_date",
            "persona",
            "promised_by",
            "strength",
            "status",
            "note",
            "decline_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["promised_by", "created_at", "updated_at"]
