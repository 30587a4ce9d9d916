"""How a service writes one row: every model rule checked before it is saved."""

from collections.abc import Callable, Mapping

from django.db import models


def instance_write(
    instance: models.Model,
    *,
    fields: Mapping[str, object],
    check: Callable[[models.Model], None] | None = None,
    reason: str = "",
) -> models.Model:
    """Set `fields`, run the service's own `check`, check the model's rules (field limits, choices, validators,
    database constraints) and save; `reason` goes to the row's history where it keeps one."""
    for name, value in fields.items():
        setattr(instance, name, value)
    if check is not None:
        check(instance)
    instance.full_clean()
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def split_links(model: type[models.Model], data: Mapping[str, object]) -> tuple[dict, dict]:
    """Separate a model's plain fields from its many-to-many fields in `data`."""
    many = {f.name for f in model._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in many}, {k: v for k, v in data.items() if k in many}


EXTERNAL_FIELDS = ("external_source", "external_key", "external_url")


def source_owned_check(
    instance: models.Model, data: Mapping[str, object], *, owned: tuple[str, ...], source: str
) -> None:
    """A row a connector keeps (its `external_source` is set) takes the fields that source owns only from that
    source: any other writer (pages, API, import, admin) is refused with a pointer to where to change them."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    held = getattr(instance, "external_source", "")
    if not held or source == held:
        return
    refused = {}
    for name in (*owned, *EXTERNAL_FIELDS):
        if name in data and data[name] != getattr(instance, name):
            where = getattr(instance, "external_url", "") or held
            refused[name] = _("This comes from %(source)s and is read-only here: change it at %(where)s.") % {
                "source": held,
                "where": where,
            }
    if refused:
        raise ValidationError(refused)
