"""Portal configuration: defaults here, then PORTAL_* environment variables, then a test mapping."""

import os
from pathlib import Path


class Config:
    DATA_DIR = os.environ.get("PORTAL_DATA_DIR", "var")
    DATABASE_URL = None
    IDP_URL = "http://127.0.0.1:8001"
    PUBLIC_URL = "http://127.0.0.1:8000"
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "application/json"]


class TestConfig(Config):
    TESTING = True


def database_url(config) -> str:
    if config.get("DATABASE_URL"):
        return config["DATABASE_URL"]
    return f"sqlite:///{Path(config['DATA_DIR']).resolve() / 'portal.sqlite3'}"
