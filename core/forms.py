"""Query strings are parsed through forms: a bad value is a 400 page, never a 500 deeper down."""

from django import forms
from django.core.exceptions import BadRequest


class QueryForm(forms.Form):
    """A page's query parameters; every field is optional (an empty parameter means "not chosen")."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            field.required = False


def query_parse(request, form_class: type[QueryForm]) -> dict:
    """The cleaned query of `request`, or a 400 page (in the layout) that names the first bad parameter."""
    form = form_class(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise BadRequest(f"{name}: {errors[0]}")
    return form.cleaned_data
