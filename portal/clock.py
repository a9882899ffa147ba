"""The cabinet's time, naive UTC as stored: real time plus the tester's global offset, plus the
doctor's own offset when the time is a doctor's (by ESIA oid). Offsets live in the database so
every worker agrees; each is read at most once per request (cached on `flask.g`).

Whose time it is:
- a request of a logged-in doctor (or reviewer) runs on that person's clock once Flask-Login has
  loaded them; session timeouts are checked before that, on the global clock, so moving one
  doctor's clock neither logs them out nor blocks their next login;
- work for a named doctor outside their request (reminders, notifications, whether their
  application is overdue, also in the reviewer's queue) asks `now_for(doctor)`;
- anything else (the CLI, the tester API, anonymous pages) runs on the global clock.
"""

from datetime import UTC, datetime, timedelta

from flask import g, has_app_context, has_request_context
from sqlalchemy import delete, select

from .models import ClockOffset, db

EVERYONE = 0  # the global clock's key; ESIA oids start at 1000000000


def real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def now(for_oid: int | None = None) -> datetime:
    """'Now' for the doctor with ESIA oid `for_oid`, else for whoever this request is."""
    if not has_app_context():
        return real_now()
    oid = for_oid if for_oid is not None else request_oid()
    return real_now() + timedelta(seconds=total_offset(oid))


def now_for(doctor) -> datetime:
    """'Now' on the doctor's own clock, whoever asks."""
    return now(for_oid=doctor.esia_oid)


def request_oid() -> int:
    """The ESIA oid of the request's person once Flask-Login has loaded them, else EVERYONE.
    Asking `current_user` here would load them, and loading checks the session's age by now()."""
    if not has_request_context() or "_login_user" not in g:
        return EVERYONE
    user = g._login_user
    return user.doctor.esia_oid if getattr(user, "is_authenticated", False) else EVERYONE


def cached() -> dict[int, int]:
    """Every stored offset by oid, read once per request: one row per clock a tester moved, so
    the whole table is small, and a page about many doctors (the review queue) asks once."""
    if "clock_offsets" not in g:
        query = select(ClockOffset.esia_oid, ClockOffset.offset_seconds)
        g.clock_offsets = dict(db.session.execute(query).all())
    return g.clock_offsets


def own_offset(oid: int = EVERYONE) -> int:
    """The offset stored for one clock alone (a doctor's is on top of the global one)."""
    return cached().get(oid, 0)


def total_offset(oid: int) -> int:
    extra = own_offset(oid) if oid != EVERYONE else 0
    return own_offset(EVERYONE) + extra


def move(seconds: int, oid: int = EVERYONE) -> None:
    """Move one clock within the caller's transaction (the caller commits)."""
    state = db.session.get(ClockOffset, oid) or ClockOffset(esia_oid=oid, offset_seconds=0)
    state.offset_seconds += seconds
    db.session.add(state)
    cached()[oid] = state.offset_seconds


def advance(seconds: int, oid: int = EVERYONE) -> datetime:
    """Move one clock by `seconds` (back when negative), stored; its new 'now'."""
    move(seconds, oid)
    db.session.commit()
    return now(for_oid=oid)


def set_to(moment: datetime, oid: int = EVERYONE) -> datetime:
    """Put one clock at `moment` (naive UTC): a doctor's clock moves by its own offset."""
    return advance(int((moment - now(for_oid=oid)).total_seconds()), oid)


def reset(oid: int = EVERYONE) -> datetime:
    """One clock back: the global one to real time, a doctor's to the global clock."""
    db.session.execute(delete(ClockOffset).where(ClockOffset.esia_oid == oid))
    db.session.commit()
    cached().pop(oid, None)
    return now(for_oid=oid)


def doctors_moved() -> dict[int, int]:
    """Every doctor's own offset, by ESIA oid."""
    return {oid: seconds for oid, seconds in cached().items() if oid != EVERYONE}


def forget_cached() -> None:
    """After the offsets were replaced wholesale (reset, snapshot restore)."""
    g.pop("clock_offsets", None)
