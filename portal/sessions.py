"""Server-side login sessions with idle and absolute timeouts."""

import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import LoginManager, login_user, logout_user

from .clock import now
from .models import Doctor, UserSession, db

login_manager = LoginManager()
login_manager.login_view = "pages.landing"
login_manager.login_message = "Войдите через Госуслуги, чтобы открыть эту страницу."
login_manager.session_protection = "basic"
TOUCH_EVERY = timedelta(seconds=60)


def expired(record: UserSession) -> bool:
    idle = timedelta(seconds=current_app.config["SESSION_IDLE_SECONDS"])
    absolute = timedelta(seconds=current_app.config["SESSION_ABSOLUTE_SECONDS"])
    moment = now()
    return moment - record.last_seen_at > idle or moment - record.created_at > absolute


@login_manager.user_loader
def load_session(session_id: str) -> UserSession | None:
    record = db.session.get(UserSession, session_id)
    if record is None or record.ended_at is not None:
        return None
    if expired(record):
        record.ended_at = now()
        db.session.commit()
        return None
    if now() - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now()
        db.session.commit()
    return record


def open_session(doctor: Doctor, access: str) -> UserSession:
    """A new session record; the old cookie's contents are dropped (session id rotation)."""
    session.clear()
    record = UserSession(
        id=secrets.token_urlsafe(32),
        doctor_id=doctor.id,
        access=access,
        created_at=now(),
        last_seen_at=now(),
        user_agent=request.headers.get("User-Agent", "")[:300],
    )
    db.session.add(record)
    db.session.commit()
    login_user(record)
    return record


def end_session(record: UserSession | None) -> None:
    if record is not None and record.ended_at is None:
        record.ended_at = now()
        db.session.commit()
    logout_user()
    session.clear()
