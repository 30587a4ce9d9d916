"""The query strings of the incident pages and the form that files a new incident."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import QueryForm
from customers.models import Customer, Deployment
from incidents.models import Category, DeliveryStatus, Incident, IncidentStatus, Severity
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


class IncidentNewForm(forms.ModelForm):
    """A new incident filed by hand: what happened, how bad, to whom and where, and when it started."""

    customers = forms.ModelMultipleChoiceField(
        label=_("Customers hit"),
        queryset=Customer.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Incident
        fields = ["title", "severity", "category", "customers", "deployment", "reported_at"]
        labels = {"reported_at": _("Started at")}
        widgets = {"reported_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deployments = self.fields["deployment"]
        deployments.queryset = Deployment.objects.select_related("customer").order_by("customer__name", "name")
        deployments.label_from_instance = lambda d: f"{d.customer.name} · {d.name}"
        self.fields["reported_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if not self.is_bound:
            self.initial.setdefault("reported_at", timezone.localtime().replace(second=0, microsecond=0))

    def incident_data(self) -> tuple[dict, list[int]]:
        """What the service takes: the incident's own fields, and the ids of the customers it hits."""
        data = dict(self.cleaned_data)
        customers = data.pop("customers", [])
        return data, [c.pk for c in customers]
