"""SQLite for several processes: WAL (readers never wait for the writer) and a busy timeout
(a writer waits for the lock instead of failing with "database is locked")."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def tune_sqlite(connection, _record) -> None:
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
