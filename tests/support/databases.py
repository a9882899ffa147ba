"""Databases for the tests: where each app's lives, scratch ones, and emptying tables."""

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text


def database_url(env: str, data_dir: Path, name: str) -> str:
    return os.environ.get(env) or f"sqlite:///{data_dir / name}"


class ScratchDatabases:
    """Empty databases of the kind the suite runs on: new PostgreSQL databases on the server
    of IDP_DATABASE_URL, or SQLite files in `folder`; `drop()` removes the PostgreSQL ones."""

    def __init__(self, folder: Path):
        configured = os.environ.get("IDP_DATABASE_URL", "")
        self.folder, self.created = folder, []
        self.server = configured.rsplit("/", 1)[0] if configured.startswith("postgresql") else None

    def admin(self):
        return create_engine(f"{self.server}/postgres", isolation_level="AUTOCOMMIT")

    def make(self, name: str) -> str:
        if self.server is None:
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        database = f"scratch_{name}_{uuid.uuid4().hex[:8]}"
        engine = self.admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        engine.dispose()
        self.created.append(database)
        return f"{self.server}/{database}"

    def drop(self) -> None:
        if not self.created:
            return
        engine = self.admin()
        with engine.connect() as connection:
            for database in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        engine.dispose()


def empty_tables(app, db) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())

