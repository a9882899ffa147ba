"""Portal configuration: defaults here, then PORTAL_* environment variables, then a test mapping."""

import os
from pathlib import Path


class Config:
    DATA_DIR = os.environ.get("PORTAL_DATA_DIR", "var")
    DATABASE_URL = None
    PUBLIC_URL = "http://127.0.0.1:8000"
    IDP_URL = "http://127.0.0.1:8001"
    ESIA_CLIENT_ID = "MEDACCRED"
    ESIA_SCOPES = "openid fullname birthdate gender snils contacts email mobile id_doc usr_org"
    ESIA_ISSUER = "http://esia.gosuslugi.ru/"
    ESIA_CERT_PATH = None
    HTTP_TIMEOUT = (3.05, 10)
    IDP_CA_BUNDLE = None
    PROXY_FIX = False
    FAC_OGRN = "1027700000009"
    SESSION_IDLE_SECONDS = 30 * 60
    SESSION_ABSOLUTE_SECONDS = 12 * 3600
    # How often a session is rechecked with ESIA (blocked account, revoked login, lost role).
    ESIA_RECHECK_SECONDS = 300
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 0
    WTF_CSRF_TIME_LIMIT = None
    SMTP_URL = None
    MAIL_FROM = "Кабинет медработника <noreply@medaccred.example>"
    SERVICE_DAYS = 35  # working days the accreditation body has to decide
    HOURS_TOTAL = 144
    HOURS_COURSES = 74
    MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one document's file
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a whole request: the file, its signature, the form
    # What checking one uploaded file may cost before it is refused as too complex.
    UPLOAD_CHECK_SECONDS = 5.0
    UPLOAD_CHECK_MEMORY = 256 * 1024 * 1024  # address space the check may add
    UPLOAD_CHECK_INFLATED = 16 * 1024 * 1024  # bytes one compressed stream may inflate to
    MASTER_KEY = None
    TEST_API = True
    ADMIN_TOKEN = None
    SUPPORT_CHANNELS = [
        {
            "name": "Техническая поддержка кабинета",
            "contact": "support@medaccred.example",
            "hours": "Пн–Пт, 9:00–18:00 (мск)",
        },
    ]
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "application/json"]


def database_url(config) -> str:
    if config.get("DATABASE_URL"):
        return config["DATABASE_URL"]
    return f"sqlite:///{Path(config['DATA_DIR']).resolve() / 'portal.sqlite3'}"
