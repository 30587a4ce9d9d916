"""API list filters that refuse a value of the wrong type (400) instead of reading it loosely.

django-filter reads `?is_vip=null` as "no filter" and `?policy_version=0.5` as a number; the schema says boolean
and integer, so both are a 400 here, like any other malformed parameter; so is a filter sent empty (`?tier=`).
"""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

TRUE, FALSE = ("true", "1"), ("false", "0")


class StrictBooleanField(forms.Field):
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        lowered = str(value).strip().lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.Filter):
    """`true`/`false` (or 1/0) as sent; django-filter's boolean widget would read anything else as "no filter"."""

    field_class = StrictBooleanField


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class StrictFilterSet(filters.FilterSet):
    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.IntegerField: {"filter_class": IntegerFilter},
        models.SmallIntegerField: {"filter_class": IntegerFilter},
        models.PositiveIntegerField: {"filter_class": IntegerFilter},
        models.PositiveSmallIntegerField: {"filter_class": IntegerFilter},
        models.BigIntegerField: {"filter_class": IntegerFilter},
    }

    def is_valid(self):
        """A parameter sent empty (`?tier=`) is no value of its type: leave it out or give one."""
        valid = super().is_valid()
        empty = [name for name in self.filters if name in self.data and self.data.get(name) == ""]
        for name in empty:
            self.form.add_error(name, _("Give a value, or leave the parameter out."))
        return valid and not empty


class StrictFilterBackend(filters.DjangoFilterBackend):
    filterset_base = StrictFilterSet


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` sent empty is no page (404), as `?page=abc` is; DRF would read it as page 1."""

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not raw.strip():
            raise NotFound(_("Invalid page."))
        return super().get_page_number(request, paginator)
