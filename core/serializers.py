"""Serializer helpers shared by every API resource."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


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
