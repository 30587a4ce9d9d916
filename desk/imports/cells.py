"""Turn a row's cells into what the API's serializer takes, with the domain's cell readers.

Choices are read by value or label in every language the product speaks, references by name or id, users by
username or e-mail; a refused cell is said in the reader's language with what would be accepted.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rest_framework import serializers

from customers.models import Customer, Persona
from desk.domain.cells import (
    CellError,
    Choice,
    Named,
    NameIndex,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_number,
    parse_reference,
    parse_user,
    split_list,
)
from incidents.models import Incident
from roadmap.models import Feature, Release, Team

# The names a reference column may give, per model: the first is the one shown in suggestions.
REFERENCE_NAMES = {
    Customer: ("name",),
    Team: ("name",),
    Release: ("name",),
    Feature: ("title",),
    Incident: ("title", "external_id"),
    Persona: ("name", "email"),
}


def language_codes() -> list[str]:
    """The reader's language first, then the other languages the product speaks."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != translation.get_supported_language_variant(current))


def choices_of(field: serializers.ChoiceField) -> tuple[Choice, ...]:
    """A choice field's values with their labels in each language, the reader's first."""
    labels: dict[str, list[str]] = {str(value): [] for value in field.choices}
    for code in language_codes():
        with translation.override(code):
            for value, label in field.choices.items():
                labels[str(value)].append(str(label))
    return tuple(Choice(value, tuple(names)) for value, names in labels.items())


def list_join(items) -> str:
    return pgettext("list separator", ", ").join(str(i) for i in items)


def choices_text(choices) -> str:
    """Strategic, Key, Standard (战略客户、重点客户、标准客户): the reader's labels, then each other language's."""
    shown = []
    for index, code in enumerate(language_codes()):
        labels = [c.labels[index] for c in choices if len(c.labels) > index]
        if index and labels == [c.labels[0] for c in choices]:
            continue
        with translation.override(code):
            shown.append(list_join(labels))
    return shown[0] + "".join(f" ({other})" for other in shown[1:])


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def cell_message(error: CellError, *, what: str) -> str:
    """Say why a cell was refused, and what to write instead, in the reader's language."""
    params = {"text": error.text, "what": what}
    if error.code == "choice":
        return _('"%(text)s" is not a valid %(what)s; use one of: %(allowed)s.') % {
            **params,
            "allowed": choices_text(error.allowed),
        }
    examples = {"allowed": list_join(error.allowed)}
    if error.code == "number":
        return _('"%(text)s" is not a number; write it like %(allowed)s.') % {**params, **examples}
    if error.code == "whole":
        return _('"%(text)s" is not a whole number; write it like %(allowed)s.') % {**params, **examples}
    if error.code in ("date", "datetime"):
        return _('"%(text)s" is not a date; write it like %(allowed)s.') % {**params, **examples}
    if error.code == "ambiguous_date":
        one, other = error.details["one"], error.details["other"]
        return _('"%(text)s" could be %(one)s or %(other)s; write the year first: %(iso_one)s or %(iso_other)s.') % {
            **params,
            "one": _day(one),
            "other": _day(other),
            "iso_one": one.isoformat(),
            "iso_other": other.isoformat(),
        }
    if error.code == "bool":
        return _('"%(text)s" is not yes or no; use one of: %(allowed)s.') % {**params, **examples}
    if error.code == "ambiguous":
        return _('Several of the %(what)s records are named "%(text)s"; give the id instead: %(allowed)s.') % {
            **params,
            **examples,
        }
    if error.code == "user":
        if error.allowed:
            return _('No user is called "%(text)s"; give a username or e-mail, such as: %(allowed)s.') % {
                **params,
                **examples,
            }
        return _('No user is called "%(text)s"; give a username or e-mail.') % params
    if error.allowed:
        return _('No %(what)s is named "%(text)s"; give a name or id, such as: %(allowed)s.') % {**params, **examples}
    return _('No %(what)s is named "%(text)s"; give a name or id.') % params


def _header_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def header_columns(model, headers: list[str], columns: set[str]) -> dict[str, str]:
    """The headers that name a column by its meaning in any language ("Tier", "客户等级", "Account owner") instead
    of its name, each with the column it stands for; a column already named in the header is not named twice."""
    aliases: dict[str, str] = {}
    for code in language_codes():
        with translation.override(code):
            for column in columns:
                aliases.setdefault(_header_key(column), column)
                try:
                    aliases.setdefault(_header_key(str(model._meta.get_field(column).verbose_name)), column)
                except Exception:  # a column that is no model field
                    continue
    renames: dict[str, str] = {}
    taken = {h for h in headers if h in columns}
    for header in headers:
        column = aliases.get(_header_key(header))
        if header not in columns and column and column not in taken:
            renames[header] = column
            taken.add(column)
    return renames


class References:
    """Everything a reference column may name, and every choice column's choices, loaded once per import."""

    def __init__(self):
        self._indexes: dict[type, NameIndex] = {}
        self._personas: dict[int, NameIndex] = {}
        self._choices: dict[int, tuple[Choice, ...]] = {}

    def rows(self, model) -> NameIndex:
        if model not in self._indexes:
            if model is get_user_model():
                found = model.objects.values_list("pk", "username", "email", "first_name", "last_name")
                rows = [Named(pk, (user, email, f"{first} {last}".strip())) for pk, user, email, first, last in found]
            else:
                names = REFERENCE_NAMES.get(model, ())
                rows = [Named(r[0], r[1:]) for r in model.objects.values_list("pk", *names)]
            self._indexes[model] = NameIndex(rows)
        return self._indexes[model]

    def personas_of(self, customer_id: int) -> NameIndex:
        if customer_id not in self._personas:
            found = Persona.objects.filter(customer_id=customer_id).values_list("pk", "name", "email")
            self._personas[customer_id] = NameIndex([Named(pk, (name, email)) for pk, name, email in found])
        return self._personas[customer_id]

    def choices(self, field) -> tuple[Choice, ...]:
        if id(field) not in self._choices:
            self._choices[id(field)] = choices_of(field)
        return self._choices[id(field)]


def _model_label(model) -> str:
    return str(model._meta.verbose_name)


def _field_label(serializer_class, column: str) -> str:
    try:
        return str(serializer_class.Meta.model._meta.get_field(column).verbose_name)
    except Exception:  # a serializer-only field
        return column


def cell_read(field, column: str, text: str, *, references: References, serializer_class):
    """The value the serializer takes for one cell, or the CellError and what the cell was meant to be."""
    if isinstance(field, serializers.ManyRelatedField):
        model = field.child_relation.queryset.model
        values = [parse_reference(item, references.rows(model)) for item in split_list(text)]
        refused = next((v for v in values if isinstance(v, CellError)), None)
        return (refused, _model_label(model)) if refused else (values, "")
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        model = field.queryset.model
        if model is get_user_model():
            return _result(parse_user(text, references.rows(model)), _("user"))
        return _result(parse_reference(text, references.rows(model)), _model_label(model))
    if isinstance(field, serializers.ChoiceField):
        return _result(parse_choice(text, references.choices(field)), _field_label(serializer_class, column))
    if isinstance(field, serializers.BooleanField):
        return _result(parse_bool(text), "")
    if isinstance(field, serializers.IntegerField):
        return _result(parse_number(text, whole=True), "", str)
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        fraction = field.max_value is not None and field.max_value <= 1
        return _result(parse_number(text, percent=fraction), "", str)
    if isinstance(field, serializers.DateTimeField):
        return _result(parse_datetime(text), "", _aware_iso)
    if isinstance(field, serializers.DateField):
        return _result(parse_date(text), "", lambda v: v.isoformat())
    return text, ""


def _aware_iso(moment) -> str:
    """A time without a zone is read in the product's time zone, as the API reads a spreadsheet's."""
    return (timezone.make_aware(moment) if timezone.is_naive(moment) else moment).isoformat()


def _result(value, what: str, shown=None):
    if isinstance(value, CellError):
        return value, what
    return (shown(value) if shown else value), ""
