"""Password hashing (argon2id) and the Gosuslugi password policy."""

import re

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app

SPECIAL = re.compile(r"[^\w\s]|_")


def hasher() -> PasswordHasher:
    if current_app.config.get("FAST_PASSWORD_HASH"):
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Same work whether or not the account exists: no hash is checked against a dummy."""
    ph = hasher()
    try:
        return ph.verify(password_hash or dummy_hash(ph), password) and bool(password_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


def dummy_hash(ph: PasswordHasher) -> str:
    key = "DUMMY_PASSWORD_HASH"
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
