"""Configuration: defaults here, then IDP_* environment variables, then a test mapping."""

import os
from pathlib import Path

from flask import current_app


class Config:
    DATA_DIR = os.environ.get("IDP_DATA_DIR", "var")
    DATABASE_URL = None
    ISSUER = "http://esia.gosuslugi.ru/"
    TEST_API = True
    # The cabinet's address: its pages may call the tester API too (the rest are refused).
    CABINET_URL = None
    # The cabinet's PORTAL_ADMIN_TOKEN, for the trainer dashboard's reads of its tester API.
    CABINET_ADMIN_TOKEN = None
    ADMIN_TOKEN = None
    SESSION_COOKIE_NAME = "esia_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "application/json"]
    ACCESS_TOKEN_TTL = 3600
    # A relying party's own token (client_credentials), e.g. the cabinet's for the registries.
    SYSTEM_TOKEN_TTL = 900
    ID_TOKEN_TTL = 10800
    REFRESH_TOKEN_TTL = 30 * 24 * 3600
    CODE_TTL = 300
    SSO_TTL = 8 * 3600
    AUTH_REQUEST_TTL = 1800
    TIMESTAMP_SKEW = 600
    OTP_TTL = 300
    OTP_MAX_ATTEMPTS = 3
    OTP_RESEND_AFTER = 60
    OTP_MAX_PER_HOUR = 5
    # Codes of any channel one source may ask for in SOURCE_WINDOW_SECONDS.
    OTP_MAX_PER_SOURCE = 10
    # How long the profile's simulated СФР and МВД checks of personal data take.
    PROFILE_CHECK_SECONDS = 5
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_SECONDS = 1800
    SOURCE_FAILURES_PER_WINDOW = 30
    SOURCE_WINDOW_SECONDS = 900
    # argon2id cost (idp_mock/login/passwords.py PROFILES): a password a person sets themselves,
    # and the password of a persona the stand makes (seed, tester API, groups).
    PASSWORD_HASH = "rfc9106"  # noqa: S105 - a cost profile's name, not a password
    PERSONA_PASSWORD_HASH = "asvs"  # noqa: S105 - a cost profile's name


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True


def database_url(config) -> str:
    if config.get("DATABASE_URL"):
        return config["DATABASE_URL"]
    return f"sqlite:///{Path(config['DATA_DIR']).resolve() / 'idp.sqlite3'}"


def setting(name: str):
    """A configuration value of the running simulator."""
    return current_app.config[name]
