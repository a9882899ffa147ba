"""Server-side login sessions with idle and absolute timeouts, rechecked with ESIA."""

import secrets
from datetime import timedelta

from flask import current_app, flash, g, make_response, redirect, request, session
from flask_login import LoginManager, login_url, login_user, logout_user

from . import recheck
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


def close(record: UserSession, reason: str) -> None:
    """End the session record for good; the tokens kept for the recheck go with it."""
    record.ended_at, record.end_reason, record.esia_tokens = now(), reason, None
    db.session.commit()


@login_manager.user_loader
def load_session(session_id: str) -> UserSession | None:
    record = db.session.get(UserSession, session_id)
    if record is None or record.ended_at is not None:
        return None
    if expired(record):
        close(record, "expired")
        return None
    reason = recheck.run(record)
    if reason is not None:
        close(record, reason)
        flash(recheck.ENDED[reason])
        g.ended_by_esia = True
        return None
    if now() - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now()
        db.session.commit()
    return record


def page_to_return_to() -> str:
    """The page the person was on: for a poll or a fragment that is the page around it."""
    hx = request.headers
    if hx.get("HX-Request") == "true" and not hx.get("HX-Boosted") and hx.get("HX-Current-URL"):
        return hx["HX-Current-URL"]
    return request.url


@login_manager.unauthorized_handler
def ask_to_log_in():
    """To the login page, back here afterwards; htmx is told to load it as a whole page."""
    if not g.get("ended_by_esia"):
        flash(login_manager.login_message)
    target = login_url(login_manager.login_view, page_to_return_to())
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def open_session(doctor: Doctor, access: str, esia_tokens: dict) -> UserSession:
    """A new session record; the old cookie's contents are dropped (session id rotation)."""
    session.clear()
    session_id = secrets.token_urlsafe(32)
    record = UserSession(
        id=session_id,
        doctor_id=doctor.id,
        access=access,
        created_at=now(),
        last_seen_at=now(),
        user_agent=request.headers.get("User-Agent", "")[:300],
        esia_tokens=recheck.seal(recheck.kept(esia_tokens), session_id),
        esia_checked_at=now(),
    )
    db.session.add(record)
    db.session.commit()
    login_user(record)
    return record


def end_session(record: UserSession | None) -> None:
    if record is not None and record.ended_at is None:
        close(record, "logout")
    logout_user()
    session.clear()
