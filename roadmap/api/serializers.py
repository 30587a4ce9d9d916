from decimal import Decimal

from rest_framework import serializers

from core.serializers import ModelConstraintsMixin, StrictModelSerializer, service_errors
from roadmap.models import Commitment, Feature, Release, Team
from roadmap.services.commitments import commitment_create, commitment_update
from roadmap.services.features import feature_create, feature_update
from roadmap.services.teams import team_create, team_update


class TeamSerializer(ModelConstraintsMixin, StrictModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "engineers", "focus_factor", "wip_limit"]
        extra_kwargs = {
            "focus_factor": {"min_value": Decimal("0.01"), "max_value": Decimal("1")},
            "wip_limit": {"min_value": 1},
        }

    def create(self, validated_data):
        with service_errors():
            return team_create(data=validated_data)

    def update(self, instance, validated_data):
        with service_errors():
            return team_update(team=instance, data=validated_data)


class ReleaseSerializer(ModelConstraintsMixin, StrictModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "name", "target_date", "status"]


class FeatureSerializer(StrictModelSerializer):
    external_url = serializers.CharField(read_only=True)  # "" when no source keeps the feature

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
            "external_source",
            "external_key",
            "external_url",
        ]
        # Set by connectors only; the fields a source owns are refused by the service on such a feature.
        read_only_fields = ["external_source", "external_key", "external_url"]
        extra_kwargs = {
            "effort_weeks": {"min_value": Decimal("0.01")},
            "progress": {"min_value": Decimal("0"), "max_value": Decimal("1")},
        }

    def create(self, validated_data):
        with service_errors():
            return feature_create(data=validated_data)

    def update(self, instance, validated_data):
        with service_errors():
            return feature_update(feature=instance, data=validated_data)


class CommitmentSerializer(StrictModelSerializer):
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

    def create(self, validated_data):
        request = self.context.get("request")
        user = validated_data.pop("promised_by", None) or getattr(request, "user", None)
        with service_errors():
            return commitment_create(data=validated_data, user=user)

    def update(self, instance, validated_data):
        with service_errors():
            return commitment_update(commitment=instance, data=validated_data)
