"""What a poll's 304 is decided from: the session the cookie names and the polled application
(or the doctor's list), read in one query before anything is loaded or rendered.

The quick answer is given only when the full path would change nothing: the session is open,
in full access, a doctor's, was touched within TOUCH_EVERY and needs no ESIA recheck yet.
Otherwise the poll takes the full path (Flask-Login, the recheck), which answers the same ETag."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import func, select
from sqlalchemy.sql import Select

from .clock import EVERYONE, real_now
from .models import Application, ClockOffset, Doctor, UserSession, db
from .sessions import TOUCH_EVERY

GLOBAL_OFFSET = (
    select(ClockOffset.offset_seconds).where(ClockOffset.esia_oid == EVERYONE).scalar_subquery()
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

    def unchanged(self, if_none_match) -> bool:
        """The browser's copy is current and the session needs nothing: answer 304 now."""
        return self.etag in if_none_match and self.quick()

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


def etag_of(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def status_state(status: str, updated_at: datetime) -> str:
    return f"{status}:{updated_at.isoformat()}"


def with_session(*columns) -> Select:
    """The open session of this request's cookie beside `columns`."""
    return (
        select(
            UserSession.created_at,
            UserSession.last_seen_at,
            UserSession.esia_checked_at,
            UserSession.esia_tokens.is_not(None),
            UserSession.access,
            Doctor.role,
            GLOBAL_OFFSET,
            *columns,
        )
        .join(Doctor, Doctor.id == UserSession.doctor_id)
        .where(UserSession.id == str(session.get("_user_id", "")), UserSession.ended_at.is_(None))
    )


def polled(query: Select, state) -> Polled | None:
    row = db.session.execute(query).first()
    if row is None:
        return None
    return Polled(*row[:7], state=state(*row[7:]))


def application_status(application_id: int) -> Polled | None:
    """The session and the application's (status, updated_at), when it is the doctor's."""
    query = with_session(Application.status, Application.updated_at).join(
        Application,
        (Application.doctor_id == UserSession.doctor_id) & (Application.id == application_id),
    )
    return polled(query, status_state)


def applications_list(arguments: str) -> Polled | None:
    """The session and what the doctor's list of applications is made of: how many there are
    and the newest change, with the list's filters and page."""
    mine = Application.doctor_id == UserSession.doctor_id
    count = select(func.count(Application.id)).where(mine).scalar_subquery()
    newest = select(func.max(Application.updated_at)).where(mine).scalar_subquery()
    query = with_session(count, newest)
    return polled(query, lambda n, at: f"{arguments}|{n}|{at.isoformat() if at else ''}")
