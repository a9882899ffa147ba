"""SQLite for several processes: WAL (readers never wait for the writer), a busy timeout
(a writer waits for the lock instead of failing with "database is locked") and synchronous=NORMAL,
SQLite's recommendation for WAL: a commit no longer waits for fsync (a login makes about ten),
a killed process loses nothing and the file cannot be corrupted; only a power cut may lose the
last commits. A deployment that cannot accept that uses PostgreSQL."""

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
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
