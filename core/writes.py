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
