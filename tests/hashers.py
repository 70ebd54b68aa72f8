"""A password hasher for the test process: Django's PBKDF2-SHA256 with one
iteration instead of a million.

Hashing was about 45 % of the non-browser suite's CPU (786 passwords at
~0.24 s each; every UserFactory sets one). The stored hash keeps the real
format, ``pbkdf2_sha256$1$<salt>$<hash>``, and PBKDF2 reads its iteration
count from the hash: server processes started by tests, which run the real
settings, verify these passwords as they are (and upgrade them to the full
count on the first login, as they would an old hash).
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
