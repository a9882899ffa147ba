"""Password hashing (argon2id) and the Gosuslugi password policy."""

import dataclasses
import re

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app

from idp_mock.config import setting

SPECIAL = re.compile(r"[^\w\s]|_")

# argon2id costs by name. "rfc9106": RFC 9106's second recommendation (m=64 MiB, t=3, p=4).
# "asvs": the minimum ASVS 5.0 (V11.4.2, after OWASP) accepts, m=19 MiB, t=2, p=1, a quarter of the
# CPU, so a class or a parallel suite logs in many times a second. "cheapest": unit tests only.
PROFILES = {
    "rfc9106": profiles.RFC_9106_LOW_MEMORY,
    "asvs": dataclasses.replace(
        profiles.RFC_9106_LOW_MEMORY, time_cost=2, memory_cost=19 * 1024, parallelism=1
    ),
    "cheapest": profiles.CHEAPEST,
}


def hasher(setting_name: str = "PASSWORD_HASH") -> PasswordHasher:
    if current_app.config.get("FAST_PASSWORD_HASH"):
        return PasswordHasher.from_parameters(PROFILES["cheapest"])
    return PasswordHasher.from_parameters(PROFILES[setting(setting_name)])


def hash_password(password: str) -> str:
    """A password the person chose: the stand's full cost."""
    return hasher().hash(password)


def hash_persona_password(password: str) -> str:
    """A password the stand gives a persona it makes (seed, tester API, groups)."""
    return hasher("PERSONA_PASSWORD_HASH").hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Same work whether or not the account exists: no hash is checked against a dummy.
    A hash carries its own cost, so hashes made under either setting verify."""
    ph = hasher("PERSONA_PASSWORD_HASH")
    try:
        return ph.verify(password_hash or dummy_hash(ph), password) and bool(password_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


def dummy_hash(ph: PasswordHasher) -> str:
    key = f"DUMMY_PASSWORD_HASH_{ph.memory_cost}_{ph.time_cost}_{ph.parallelism}"
    if key not in current_app.extensions:
        current_app.extensions[key] = ph.hash("dummy-password-for-timing")
    return current_app.extensions[key]


def password_problem(password: str) -> str | None:
    """The policy from Gosuslugi: 8+ characters, upper and lower case, a digit, a special sign."""
    if len(password) < 8:
        return "Пароль должен быть не короче 8 символов"
    if len(password) > 128:
        return "Пароль должен быть не длиннее 128 символов"
    if not (re.search(r"[a-zа-яё]", password) and re.search(r"[A-ZА-ЯЁ]", password)):
        return "Пароль должен содержать строчные и заглавные буквы"
    if not re.search(r"\d", password):
        return "Пароль должен содержать цифру"
    if not SPECIAL.search(password):
        return "Пароль должен содержать специальный символ, например ! или %"
    return None
