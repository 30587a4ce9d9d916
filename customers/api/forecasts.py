"""Monitoring integrations push capacity samples and read forecasts (names and fields fixed)."""

from datetime import timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from customers.models import FORECAST_FIELDS, CapacityForecast, CapacitySample, Deployment
from customers.services.forecasts import MAX_BYTES, forecast_refresh, samples_ingest

STALE_AFTER = timedelta(hours=1)


class SampleSerializer(serializers.Serializer):
    taken_at = serializers.DateTimeField()
    used_bytes = serializers.IntegerField(min_value=0, max_value=MAX_BYTES)
    capacity_bytes = serializers.IntegerField(
        min_value=1,
        max_value=MAX_BYTES,
        required=False,
        help_text="The disk's size at the reading (default: the deployment's capacity)",
    )


class ForecastSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapacityForecast
        fields = [*FORECAST_FIELDS, "computed_at"]


class DeploymentSamplesApi(APIView):
    """Push capacity samples: idempotent on (deployment, taken_at); a bad row rejects the whole request."""

    @extend_schema(
        request=SampleSerializer(many=True),
        responses={
            201: inline_serializer(
                "SamplesStored", {"received": serializers.IntegerField(), "created": serializers.IntegerField()}
            ),
            400: OpenApiResponse(
                description="A malformed or implausible row (dated in the future or before the floor, too large, "
                "two different readings of one moment), named by its index; nothing was written"
            ),
            403: OpenApiResponse(description="Your role does not allow this action"),
            404: OpenApiResponse(description="No such deployment"),
        },
    )
    def post(self, request, pk: int):
        deployment = get_object_or_404(Deployment, pk=pk)
        try:
            created = samples_ingest(deployment=deployment, rows=request.data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response({"received": len(request.data), "created": created}, status=201)


class DeploymentForecastApi(APIView):
    """The deployment's forecast; recomputed on read when older than its newest sample or an hour."""

    @extend_schema(responses={200: ForecastSerializer, 404: OpenApiResponse(description="No such deployment")})
    def get(self, request, pk: int):
        deployment = get_object_or_404(Deployment, pk=pk)
        forecast = CapacityForecast.objects.filter(deployment=deployment).first()
        newest = (
            CapacitySample.objects.filter(deployment=deployment)
            .order_by("-taken_at")
            .values_list("taken_at", flat=True)
            .first()
        )
        stale = (
            forecast is None
            or forecast.computed_at < timezone.now() - STALE_AFTER
            or (newest is not None and (forecast.samples_until is None or newest > forecast.samples_until))
        )
        if stale:
            forecast = forecast_refresh(deployment_id=deployment.pk)
        return Response(ForecastSerializer(forecast).data)
