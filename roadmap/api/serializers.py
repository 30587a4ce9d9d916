from rest_framework import serializers

from roadmap.models import Commitment, Feature, Release, Team


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "engineers", "focus_factor", "wip_limit"]


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "name", "target_date", "status"]


class FeatureSerializer(serializers.ModelSerializer):
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


class CommitmentSerializer(serializers.ModelSerializer):
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
