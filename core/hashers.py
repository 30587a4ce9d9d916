"""Password hashing: Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).

Memory-hard, so slower for an attacker's GPUs than PBKDF2, and a fifth of PBKDF2's CPU time per login here
(about 0.2 s against 1 s at Django's 1,000,000 iterations on a busy 2-core machine): 50 people signing in
at nine o'clock no longer hold the pages up. Hashes stored with PBKDF2 are verified and rewritten as
Argon2id at the user's next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
