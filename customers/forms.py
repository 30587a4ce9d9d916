"""The query strings of the customer pages and the forms that edit a customer and its people in place."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator

from core.forms import QueryForm
from core.roles import ROLE_NAMES
from customers.domain.bands import BANDS
from customers.models import Customer, DeploymentModel, Persona, Tier
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


def _owners():
    """People who can own an account: active users holding a Pledgeboard role."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=ROLE_NAMES)
    return users.distinct().order_by("username")


class CustomerEditForm(forms.ModelForm):
    """The account facts a PM keeps in place: tier, ARR, renewal date and owner."""

    class Meta:
        model = Customer
        fields = ["tier", "arr", "renewal_date", "owner"]
        widgets = {
            "renewal_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "arr": forms.NumberInput(attrs={"min": "0", "step": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["arr"].min_value = 0
        self.fields["arr"].validators.append(MinValueValidator(0))


class PersonaForm(forms.ModelForm):
    """One of the customer's key people, added or edited on the customer page."""

    class Meta:
        model = Persona
        fields = ["name", "role", "is_vip", "title", "email", "phone", "stance", "language"]
