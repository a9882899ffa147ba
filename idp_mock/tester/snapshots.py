"""Named snapshots: the simulator's whole state saved as JSON and put back on request."""

import base64
from datetime import date, datetime

from flask import g
from sqlalchemy import Date, DateTime, Integer, LargeBinary, delete, select, text

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.models import Snapshot, db

NOT_STATE = {"snapshot"}


def tables():
    return [t for t in db.metadata.sorted_tables if t.name not in NOT_STATE]


def encode(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()  # key containers
    return value.isoformat() if isinstance(value, date | datetime) else value


def decode(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def save(name: str) -> Snapshot:
    """Save every state table under `name`, replacing a snapshot of the same name."""
    if not name or len(name) > 100:
        raise ServiceError("name", "Укажите имя снимка (до 100 символов)")
    data = {
        table.name: [
            {key: encode(value) for key, value in row.items()}
            for row in db.session.execute(select(table)).mappings()
        ]
        for table in tables()
    }
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
    for table in reversed(tables()):
        db.session.execute(delete(table))
    for table in tables():
        rows = [
            {key: decode(table.c[key], value) for key, value in row.items()}
            for row in snapshot.data.get(table.name, [])
        ]
        if rows:
            db.session.execute(table.insert(), rows)
    restart_sequences()
    db.session.commit()
    g.pop("clock_offset", None)
    return snapshot


def restart_sequences() -> None:
    """PostgreSQL's serial counters do not see explicit ids: move them past the restored rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer) and keys[0].autoincrement:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "  # noqa: S608 our own names # nosec B608
                    f"COALESCE((SELECT MAX({keys[0].name}) FROM {table.name}), 0) + 1, false)"
                )
            )


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
