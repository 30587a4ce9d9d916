"""Forms of roadmap pages that are more than a handful of fields, and the pages' query strings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QueryForm
from roadmap.domain.scoring import DEFAULT_WEIGHTS, POSITIVE_WEIGHTS, merge_weights
from roadmap.models import Commitment, Feature, Scenario, Team, TeamCapacityChange


def weight_keys() -> list[tuple[str, str | None, float]]:
    """Every weight as (key, sub-key or None, default), in the order the policy page lists them."""
    keys = []
    for key, default in DEFAULT_WEIGHTS.items():
        if isinstance(default, dict):
            keys.extend((key, sub, float(value)) for sub, value in default.items())
        else:
            keys.append((key, None, float(default)))
    return keys


def field_name(key: str, sub: str | None) -> str:
    return f"{key}.{sub}" if sub else key


class PolicyForm(forms.Form):
    """Every weight of a scoring policy as a number >= 0 (those that divide > 0), plus who-and-why on save."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, initial_weights: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        merged = merge_weights(initial_weights or {})
        for key, sub, default in weight_keys():
            value = merged[key][sub] if sub else merged[key]
            self.fields[field_name(key, sub)] = forms.FloatField(
                label=field_name(key, sub),
                min_value=0,
                initial=value,
                required=True,
                widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
            )
            self.fields[field_name(key, sub)].default = default

    def clean(self):
        cleaned = super().clean()
        for key in POSITIVE_WEIGHTS:
            if cleaned.get(key) == 0:
                self.add_error(key, _("Must be greater than 0."))
        return cleaned

    def weights(self) -> dict:
        """The weights that differ from the defaults, nested like a policy's JSON."""
        out: dict = {}
        for key, sub, default in weight_keys():
            value = self.cleaned_data[field_name(key, sub)]
            if value == default:
                continue
            if sub:
                out.setdefault(key, {})[sub] = value
            else:
                out[key] = value
        return out

    def weight_rows(self):
        """(bound field, default, changed from the default) per weight, for the editor table."""
        rows = []
        for key, sub, default in weight_keys():
            field = self[field_name(key, sub)]
            try:
                changed = float(field.value()) != default
            except (TypeError, ValueError):
                changed = True
            rows.append((field, default, changed))
        return rows


class PlanQuery(QueryForm):
    """The timeline and its CSV: one team (or all), the baseline or a scenario."""

    team = forms.ModelChoiceField(queryset=Team.objects.all())
    scenario = forms.ModelChoiceField(queryset=Scenario.objects.prefetch_related("preemptions"))


class CheckQuery(QueryForm):
    """The commitment check: a search, the feature to check and the date the customer wants."""

    q = forms.CharField(max_length=200)
    feature = forms.ModelChoiceField(queryset=Feature.objects.select_related("team"))
    date = forms.DateField()


class CompareQuery(QueryForm):
    a = forms.ModelChoiceField(queryset=Scenario.objects.prefetch_related("preemptions__team"))
    b = forms.ModelChoiceField(queryset=Scenario.objects.prefetch_related("preemptions__team"))


class MinimumQuery(QueryForm):
    """The minimum preemption: a feature (the service says whether it is stabilization work) and a deadline."""

    feature = forms.ModelChoiceField(queryset=Feature.objects.all())
    deadline = forms.DateField()


class FeatureEditForm(forms.ModelForm):
    """A feature edited in place; the service checks what the form cannot (dependency cycles, effort order)."""

    class Meta:
        model = Feature
        fields = [
            "title",
            "team",
            "effort_low_weeks",
            "effort_weeks",
            "effort_high_weeks",
            "status",
            "release",
            "priority_rank",
            "depends_on",
        ]
        widgets = {"depends_on": forms.SelectMultiple(attrs={"size": 6})}
        labels = {"team": _("Team"), "release": _("Release")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = Feature.objects.exclude(pk=self.instance.pk).order_by("title")
        self.fields["depends_on"].required = False


class CommitmentEditForm(forms.ModelForm):
    """A promise edited in place: its date, strength, the person it was made to and its status."""

    class Meta:
        model = Commitment
        fields = ["promised_date", "strength", "persona", "status"]
        widgets = {"promised_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = self.instance.customer.personas.order_by("name")
        self.fields["persona"].required = False


FOCUS_WIDGET = forms.NumberInput(attrs={"step": "0.05", "min": "0.05", "max": "1"})


class TeamEditForm(forms.ModelForm):
    """A team's capacity edited in place: engineers, focus (share of time on roadmap work) and WIP limit."""

    class Meta:
        model = Team
        fields = ["engineers", "focus_factor", "wip_limit"]
        widgets = {"focus_factor": FOCUS_WIDGET, "wip_limit": forms.NumberInput(attrs={"min": "1"})}


class CapacityChangeForm(forms.ModelForm):
    """From a date the team has this many engineers at this focus (hiring, leave, a re-org)."""

    class Meta:
        model = TeamCapacityChange
        fields = ["starts_on", "engineers", "focus_factor", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "focus_factor": FOCUS_WIDGET,
        }
