"""How a service writes one row: every model rule checked first, many-to-many links after the row exists."""

from collections.abc import Iterable, Mapping

from django.db import models


def instance_write(
    instance: models.Model,
    *,
    fields: Mapping[str, object],
    links: Mapping[str, Iterable] | None = None,
    reason: str = "",
) -> models.Model:
    """Set `fields`, check the model's rules (field limits, choices, validators, database constraints), save,
    then set the many-to-many `links`; `reason` goes to the row's history where it keeps one."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    if reason:
        instance._change_reason = reason
    instance.save()
    for name, values in (links or {}).items():
        getattr(instance, name).set(list(values))
    return instance


def split_links(model: type[models.Model], data: Mapping[str, object]) -> tuple[dict, dict]:
    """Separate a model's plain fields from its many-to-many fields in `data`."""
    many = {f.name for f in model._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in many}, {k: v for k, v in data.items() if k in many}
