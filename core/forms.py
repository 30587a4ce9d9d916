"""Query strings are parsed through forms: a bad value is a 400 page, never a 500 deeper down. Edit forms write
through the services."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import BadRequest, ValidationError


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


def form_write(form: forms.BaseForm, write: Callable[[dict], object]) -> bool:
    """Validate `form`, then `write` its cleaned data through a service; the service's refusals become the form's
    errors (on their field when the form has it), so the page shows them beside what the user typed."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return False
    return True
