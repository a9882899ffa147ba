"""The simulator's one clock: real UTC time plus an offset the tester can move forward."""

from datetime import UTC, datetime, timedelta

from flask import g

from idp_mock.models import ClockState, db


def _state() -> ClockState:
    state = db.session.get(ClockState, 1)
    if state is None:
        state = ClockState(id=1, offset_seconds=0)
        db.session.add(state)
        db.session.flush()
    return state


def offset() -> int:
    if "clock_offset" not in g:
        g.clock_offset = _state().offset_seconds
    return g.clock_offset


def now() -> datetime:
    """Naive UTC 'now' as the simulator sees it (naive: SQLite keeps no time zone)."""
    return datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=offset())


def wall_now() -> datetime:
    """Real UTC time, for checks about the relying party's own clock (request timestamps)."""
    return datetime.now(UTC).replace(tzinfo=None)


def wall_epoch() -> int:
    """Real time as Unix seconds, for JWT iat/nbf/exp that clients check with their own clock."""
    return int(datetime.now(UTC).timestamp())


def epoch(moment: datetime) -> int:
    """Unix seconds of a stored (naive UTC) moment."""
    return int(moment.replace(tzinfo=UTC).timestamp())


def move(seconds: int) -> None:
    """Move the clock within the caller's transaction (the caller commits)."""
    state = _state()
    state.offset_seconds += seconds
    g.clock_offset = state.offset_seconds


def advance(seconds: int) -> datetime:
    """Move the clock on, stored."""
    move(seconds)
    db.session.commit()
    return now()


def reset() -> datetime:
    """Back to real time, stored."""
    return advance(-offset())
