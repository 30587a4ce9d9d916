"""The query strings of the incident pages."""

from django import forms

from core.forms import QueryForm
from incidents.models import Category, DeliveryStatus, IncidentStatus, Severity
from incidents.selectors.incidents import OPEN_FILTER, SEVERE_FILTER


class IncidentListQuery(QueryForm):
    """The incident list's filters: a severity (or SEV1-or-SEV2), a status (or not resolved), a category, text."""

    severity = forms.ChoiceField(choices=[(SEVERE_FILTER, SEVERE_FILTER), *Severity.choices])
    status = forms.ChoiceField(choices=[(OPEN_FILTER, OPEN_FILTER), *IncidentStatus.choices])
    category = forms.ChoiceField(choices=Category.choices)
    customer = forms.CharField(max_length=200)
    q = forms.CharField(max_length=200)


class InboxQuery(QueryForm):
    status = forms.ChoiceField(choices=DeliveryStatus.choices)
