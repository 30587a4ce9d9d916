"""Serializer helpers shared by every API resource."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text must be sent as a JSON string: 1477 for a name is refused, not stored as "1477"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AwareDateTimeField(serializers.DateTimeField):
    """Over the API a time must say its time zone (Z or +08:00), as the samples API requires: a bare 08:00 is
    refused, not read in the server's zone. A spreadsheet import (no request) reads it in TIME_ZONE."""

    default_error_messages = {"naive": _("Include a time zone (e.g. Z or +08:00).")}

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if self.context.get("request") is not None and isinstance(value, str):
            given = parse_datetime(value.strip())
            if given is None or timezone.is_naive(given):
                self.fail("naive")
        return parsed


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields take only strings and whose times carry a zone, as the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DateTimeField: AwareDateTimeField,
    }


class ModelConstraintsMixin:
    """Check the model's database constraints before saving, so a violation is a 400 naming the problem
    rather than an IntegrityError. Field-level limits are declared on the serializer; this catches the rest
    (cross-field checks, conditional unique constraints)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        concrete = {f.name for f in model._meta.concrete_fields}
        values = {k: v for k, v in attrs.items() if k in concrete}
        if self.instance is not None:
            candidate = model(**{f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields})
            for key, value in values.items():
                setattr(candidate, key, value)
        else:
            candidate = model(**values)
        try:
            candidate.validate_constraints()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn a service's ValidationError into the API's 400 with the same field names and messages."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
