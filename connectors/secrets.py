"""Connector credentials at rest: Fernet-encrypted JSON, keyed from PLEDGEBOARD_CONNECTOR_KEY (or, without it,
derived from the Django secret key). A value written as ``env:NAME`` is read from the environment when used, so a
token can stay out of the database altogether."""

import base64
import hashlib
import json
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

ENV_PREFIX = "env:"


def _fernet() -> Fernet:
    key = settings.PLEDGEBOARD["CONNECTOR_KEY"]
    if not key:
        key = base64.urlsafe_b64encode(hashlib.sha256(f"connectors:{settings.SECRET_KEY}".encode()).digest()).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def credentials_seal(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode() if values else ""


def credentials_stored(sealed: str) -> dict:
    """The credentials as written (``env:NAME`` kept as is)."""
    if not sealed:
        return {}
    try:
        return json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken as exc:
        raise ValueError("The stored credentials cannot be read with this server's connector key.") from exc


def credentials_open(sealed: str) -> dict:
    """The credentials to use, ``env:NAME`` values read from the environment (missing: empty)."""
    values = credentials_stored(sealed)
    return {
        name: os.environ.get(value[len(ENV_PREFIX) :], "")
        if isinstance(value, str) and value.startswith(ENV_PREFIX)
        else value
        for name, value in values.items()
    }
