"""Whole tables as JSON and back: what a tester's named snapshot keeps and puts back."""

import base64
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, LargeBinary, Table, delete, select, text
from sqlalchemy.orm import Session


def encode(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
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


def dump(session: Session, tables: list[Table]) -> dict[str, list[dict]]:
    """Every row of `tables` as JSON values, by table name."""
    return {
        table.name: [
            {key: encode(value) for key, value in row.items()}
            for row in session.execute(select(table)).mappings()
        ]
        for table in tables
    }


def load(session: Session, tables: list[Table], data: dict[str, list[dict]]) -> None:
    """Replace the rows of `tables` (sorted parents first) with `data`; the caller commits."""
    for table in reversed(tables):
        session.execute(delete(table))
    for table in tables:
        rows = [
            {key: decode(table.c[key], value) for key, value in row.items()}
            for row in data.get(table.name, [])
        ]
        if rows:
            session.execute(table.insert(), rows)
    restart_sequences(session, tables)


def restart_sequences(session: Session, tables: list[Table]) -> None:
    """PostgreSQL's serial counters do not see explicit ids: move them past the restored rows."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer) and keys[0].autoincrement:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "  # noqa: S608 our own names # nosec B608
                    f"COALESCE((SELECT MAX({keys[0].name}) FROM {table.name}), 0) + 1, false)"
                )
            )
