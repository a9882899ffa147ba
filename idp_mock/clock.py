"""The simulator's clocks: real UTC time plus an offset the tester can move forward. The stand
has one clock; each group has its own. A request reads the clock of the person it is about
(`follow`), the stand's until it is known."""

from datetime import UTC, datetime, timedelta

from flask import g

from idp_mock.models import ClockState, Group, Persona, db


def _state() -> ClockState:
    state = db.session.get(ClockState, 1)
    if state is None:
        state = ClockState(id=1, offset_seconds=0)
        db.session.add(state)
        db.session.flush()
    return state


def group_id() -> int | None:
    """The group whose clock this request reads (None: the stand's)."""
    return g.get("clock_group")


def use_group(group: int | None) -> None:
    """Read `group`'s clock from now on in this request (None: the stand's)."""
    if g.get("clock_group") != group or "clock_offset" not in g:
        g.clock_group = group
        g.pop("clock_offset", None)


def follow(persona: Persona | None) -> None:
    """Read the clock of the person the request is about."""
    use_group(persona.group_id if persona else None)


def follow_oid(oid: int | None) -> None:
    if oid is not None:
        follow(db.session.get(Persona, oid))


def _group_offset(group: int) -> int:
    row = db.session.get(Group, group)
    return row.clock_offset if row else 0


def offset() -> int:
    if "clock_offset" not in g:
        group = group_id()
        g.clock_offset = _state().offset_seconds if group is None else _group_offset(group)
    return g.clock_offset


def now() -> datetime:
    """Naive UTC 'now' as the simulator sees it (naive: SQLite keeps no time zone)."""
    return wall_now() + timedelta(seconds=offset())


def stand_now() -> datetime:
    """'Now' on the stand's clock, whoever the request is about: a login transaction is opened
    before anyone is named, so its age is measured on the clock it was opened by."""
    return wall_now() + timedelta(seconds=_state().offset_seconds)


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
    """Move the clock being read within the caller's transaction (the caller commits)."""
    group = group_id()
    state = _state() if group is None else db.session.get(Group, group)
    if group is None:
        state.offset_seconds += seconds
        g.clock_offset = state.offset_seconds
    else:
        state.clock_offset += seconds
        g.clock_offset = state.clock_offset


def advance(seconds: int) -> datetime:
    """Move the clock on, stored."""
    move(seconds)
    db.session.commit()
    return now()


def reset() -> datetime:
    """Back to real time, stored."""
    return advance(-offset())
