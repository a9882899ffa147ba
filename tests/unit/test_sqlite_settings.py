"""What every SQLite connection of both apps is set to: WAL, a busy timeout, synchronous=NORMAL."""

from sqlalchemy import create_engine, text

import common.sqlite  # noqa: F401 - registers the connection settings


def test_every_sqlite_connection_gets_wal_a_busy_timeout_and_normal_sync(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'settings.sqlite3'}")
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "synchronous")
        }
    engine.dispose()
    # synchronous: 1 is NORMAL (2 is FULL, SQLite's default).
    assert pragma == {"journal_mode": "wal", "busy_timeout": 30_000, "synchronous": 1}
