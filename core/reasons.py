"""Reasons the product writes by itself (history notes, plan versions, warnings) are stored as a code and its
parameters, `code:approved_by|u=pm`, and put into words when they are read, in the reader's language. A reason
a person typed is stored and shown as typed.

Each app registers the codes it writes (`reason_register`) with a translatable sentence; pages use the
`reason` template filter and the API `reason_render` / `reason_parse`, so every reader sees one wording.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

PREFIX = "code:"
_ESCAPES = (("%", "%25"), ("|", "%7C"), ("=", "%3D"))


@dataclass(frozen=True)
class _Code:
    sentence: str | Promise
    # How one parameter reads: a choice's label, "" as "not within the plan" ... (value -> words).
    labels: Mapping[str, Callable[[str], str]] = field(default_factory=dict)


_codes: dict[str, _Code] = {}


def reason_register(code: str, sentence: str | Promise, **labels: Callable[[str], str]) -> None:
    """Say how reason `code` reads: `sentence` (lazy, with `%(name)s` parameters) and optional label makers."""
    _codes[code] = _Code(sentence, labels)


def _escape(value: str) -> str:
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def _unescape(value: str) -> str:
    for raw, escaped in reversed(_ESCAPES):
        value = value.replace(escaped, raw)
    return value


def reason_code(code: str, **params: object) -> str:
    """The stored form of a reason the product writes: `code:<code>|name=value|...` (values escaped)."""
    parts = [PREFIX + code]
    parts += [f"{name}={_escape(str(value))}" for name, value in params.items() if value is not None]
    return "|".join(parts)


def reason_parse(stored: str | None) -> tuple[str | None, dict[str, str]]:
    """(code, parameters) of a stored reason; (None, {}) for text a person typed (or an unknown code)."""
    if not stored or not stored.startswith(PREFIX):
        return None, {}
    head, *rest = stored.split("|")
    code = head[len(PREFIX) :]
    if code not in _codes:
        return None, {}
    params = {}
    for part in rest:
        name, _sep, value = part.partition("=")
        params[name] = _unescape(value)
    return code, params


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""


def reason_render(stored: str | None) -> str:
    """A stored reason in words, in the active language; typed text comes back as typed."""
    code, params = reason_parse(stored)
    if code is None:
        return stored or ""
    entry = _codes[code]
    words = _Params()
    for name, value in params.items():
        if name in entry.labels:
            words[name] = entry.labels[name](value)
        elif value.startswith(PREFIX):  # a reason inside a reason: "<why>: Cancel"
            words[name] = reason_render(value)
        else:
            words[name] = value
    return str(entry.sentence) % words
