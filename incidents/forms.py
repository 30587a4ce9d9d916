"""The query strings of the incident pages."""

from django import forms

from core.forms import QueryForm
from incidents.models import Category, DeliveryStatus, IncidentStatus, Severity


class IncidentListQuery(QueryForm):
    severity = forms.ChoiceField(choices=Severity.choices)
    status = forms.ChoiceField(choices=IncidentStatus.choices)
    category = forms.ChoiceField(choices=Category.choices)
    customer = forms.CharField(max_length=200)
    q = forms.CharField(max_length=200)


class InboxQuery(QueryForm):
    status = forms.ChoiceField(choices=DeliveryStatus.choices)
