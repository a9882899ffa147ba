"""Named snapshots: the simulator's whole state saved as JSON and put back on request."""

from flask import g
from sqlalchemy import select

from common import table_rows
from common.errors import ServiceError
from idp_mock import clock
from idp_mock.models import Snapshot, db

NOT_STATE = {"snapshot"}


def tables():
    return [t for t in db.metadata.sorted_tables if t.name not in NOT_STATE]


def save(name: str) -> Snapshot:
    """Save every state table under `name`, replacing a snapshot of the same name."""
    if not name or len(name) > 100:
        raise ServiceError("name", "Укажите имя снимка (до 100 символов)")
    data = table_rows.dump(db.session, tables())
    snapshot = db.session.get(Snapshot, name) or Snapshot(name=name)
    snapshot.data, snapshot.created_at = data, clock.now()
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def restore(name: str) -> Snapshot:
    """Replace the whole state with the snapshot's."""
    snapshot = db.session.get(Snapshot, name)
    if snapshot is None:
        raise LookupError(name)
    table_rows.load(db.session, tables(), snapshot.data)
    db.session.commit()
    g.pop("clock_offset", None)
    return snapshot


def as_json(snapshot: Snapshot) -> dict:
    counts = {name: len(rows) for name, rows in snapshot.data.items() if rows}
    return {
        "name": snapshot.name,
        "saved_at": snapshot.created_at.isoformat() + "Z",
        "rows": counts,
    }


def listed() -> list[Snapshot]:
    return list(db.session.scalars(select(Snapshot).order_by(Snapshot.name)))


def forget(name: str) -> None:
    """Delete a snapshot; LookupError when there is none of that name."""
    snapshot = db.session.get(Snapshot, name)
    if snapshot is None:
        raise LookupError(name)
    db.session.delete(snapshot)
    db.session.commit()
