"""Passwords are stored as Argon2id with OWASP's parameters; a PBKDF2 hash is rewritten at the next login."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from core.hashers import Argon2idHasher

PRODUCTION = ["core.hashers.Argon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@override_settings(PASSWORD_HASHERS=PRODUCTION)
def test_new_passwords_are_argon2id_with_owasp_parameters():
    encoded = make_password("correct horse")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idHasher)
    assert check_password("correct horse", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION)
def test_a_pbkdf2_hash_is_rewritten_at_login(django_user_model):
    user = django_user_model.objects.create(username="old", password=make_password("pw-123456", hasher="pbkdf2_sha256"))
    assert user.password.startswith("pbkdf2_sha256$")
    assert user.check_password("pw-123456")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_passwords_are_hashed_on_threads_of_lower_cpu_priority():
    """Logins wait their turn for the CPU instead of holding up the pages of people already signed in."""
    import os
    import threading

    from core.hashers import HASH_NICENESS, hashing_pool

    ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    theirs = hashing_pool().submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
    assert theirs == min(19, ours + HASH_NICENESS)
    assert hashing_pool() is hashing_pool()
