"""The query strings of the customer pages."""

from django import forms

from core.forms import QueryForm
from customers.domain.bands import BANDS
from customers.models import DeploymentModel, Tier
from customers.selectors.customers import SORTS


class CustomerListQuery(QueryForm):
    q = forms.CharField(max_length=200)
    tier = forms.ChoiceField(choices=Tier.choices)
    region = forms.CharField(max_length=100)
    model = forms.ChoiceField(choices=DeploymentModel.choices)
    sort = forms.ChoiceField(choices=[(s, s) for s in SORTS])


class FleetQuery(QueryForm):
    tier = forms.ChoiceField(choices=Tier.choices)
    region = forms.CharField(max_length=100)
    band = forms.ChoiceField(choices=[(name, name) for name, _low, _high in BANDS])
