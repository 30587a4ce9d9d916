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
