"""What a poll's 304 is decided from: the session the cookie names and the polled application
(or the doctor's list), read in one query before anything is loaded or rendered.

The quick answer is given only when the full path would change nothing: the session is open,
in full access, a doctor's, was touched within TOUCH_EVERY and needs no ESIA recheck yet.
Otherwise the poll takes the full path (Flask-Login, the recheck), which answers the same ETag."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import bindparam, func, select
from sqlalchemy.sql import Select

from .clock import EVERYONE, real_now
from .models import Application, ClockOffset, Doctor, UserSession, db
from .sessions import TOUCH_EVERY

# Built once with bound parameters on the tables (not the ORM classes): a poll pays for neither
# building the query, nor its cache key, nor the ORM's execution layer.
SESSIONS, DOCTORS = UserSession.__table__, Doctor.__table__
APPLICATIONS, OFFSETS = Application.__table__, ClockOffset.__table__
GLOBAL_OFFSET = (
    select(OFFSETS.c.offset_seconds).where(OFFSETS.c.esia_oid == EVERYONE).scalar_subquery()
)
OPEN_SESSION = (
    select(
        SESSIONS.c.created_at,
        SESSIONS.c.last_seen_at,
        SESSIONS.c.esia_checked_at,
        SESSIONS.c.esia_tokens.is_not(None),
        SESSIONS.c.access,
        DOCTORS.c.role,
        GLOBAL_OFFSET,
    )
    .join(DOCTORS, DOCTORS.c.id == SESSIONS.c.doctor_id)
    .where(SESSIONS.c.id == bindparam("session_id"), SESSIONS.c.ended_at.is_(None))
)
MINE = APPLICATIONS.c.doctor_id == SESSIONS.c.doctor_id
STATUS = OPEN_SESSION.add_columns(APPLICATIONS.c.status, APPLICATIONS.c.updated_at).join(
    APPLICATIONS, MINE & (APPLICATIONS.c.id == bindparam("application_id"))
)
LIST = OPEN_SESSION.add_columns(
    select(func.count(APPLICATIONS.c.id)).where(MINE).scalar_subquery(),
    select(func.max(APPLICATIONS.c.updated_at)).where(MINE).scalar_subquery(),
)


@dataclass
class Polled:
    """One poll's session facts and the state its ETag is made of."""

    created_at: datetime
    last_seen_at: datetime
    esia_checked_at: datetime | None
    sealed: bool
    access: str
    role: str
    offset: int | None
    state: str

    @property
    def etag(self) -> str:
        return etag_of(self.state)

    def unchanged(self, if_none_match) -> str | None:
        """The validator to answer 304 with now: the browser's copy is current and the session
        needs nothing."""
        return matched(self.etag, if_none_match) if self.quick() else None

    def quick(self) -> bool:
        """True when the full path would only confirm the session: no touch, no recheck due."""
        moment = real_now() + timedelta(seconds=self.offset or 0)
        config = current_app.config
        recheck = timedelta(seconds=config["ESIA_RECHECK_SECONDS"])
        checked = self.esia_checked_at
        return (
            self.access == "full"
            and self.role == "doctor"
            and moment - self.last_seen_at <= TOUCH_EVERY
            and moment - self.last_seen_at <= timedelta(seconds=config["SESSION_IDLE_SECONDS"])
            and moment - self.created_at <= timedelta(seconds=config["SESSION_ABSOLUTE_SECONDS"])
            and not (self.sealed and (checked is None or checked <= moment - recheck))
        )


def matched(etag: str, if_none_match) -> str | None:
    """The browser's validator for `etag`, as sent: Flask-Compress tags a compressed answer
    `etag:gzip` (or :br, :zstd), and the browser sends that back."""
    for sent in if_none_match.as_set():
        if sent == etag or sent.startswith(f"{etag}:"):
            return sent
    return None


def etag_of(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def status_state(status: str, updated_at: datetime) -> str:
    return f"{status}:{updated_at.isoformat()}"


def polled(query: Select, state, **values) -> Polled | None:
    values["session_id"] = str(session.get("_user_id", ""))
    row = db.session.connection().execute(query, values).first()
    if row is None:
        return None
    return Polled(*row[:7], state=state(*row[7:]))


def application_status(application_id: int) -> Polled | None:
    """The session and the application's (status, updated_at), when it is the doctor's."""
    return polled(STATUS, status_state, application_id=application_id)


def applications_list(arguments: str) -> Polled | None:
    """The session and what the doctor's list of applications is made of: how many there are
    and the newest change, with the list's filters and page."""
    return polled(LIST, lambda n, at: f"{arguments}|{n}|{at.isoformat() if at else ''}")
