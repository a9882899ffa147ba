"""Where the sealed segments of a file lie: a directory of the host, or a table of the database.

Both keep the same bytes (segment i of a file is its ciphertext and tag, `storage` seals and
opens them) behind one interface. The directory is the default on SQLite; on PostgreSQL the
table is, so every cabinet instance on that database serves every file. Segments are written
in their own transaction before the record that points at them is committed, like a file
renamed into place: a process killed in between leaves segments no record knows, which
`sweep` removes.
"""

import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, insert, select

from common.datadir import ensure_dir

from .models import FileSegment, db

KINDS = ("directory", "database")


class DirectoryStore:
    """Files `<id>.bin` in DATA_DIR/files, written as `<id>.part`, synced and renamed."""

    name = "directory"

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, file_id: str) -> Path:
        return self.folder / f"{file_id}.bin"

    def write(self, file_id: str, sealed: Iterable[bytes]) -> None:
        temporary = self.folder / f"{file_id}.part"
        with open(temporary, "wb") as handle:
            for segment in sealed:
                handle.write(segment)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path(file_id))

    def count(self, file_id: str, segment_size: int) -> int | None:
        path = self.path(file_id)
        if not path.exists():
            return None
        return max(1, -(-path.stat().st_size // segment_size))

    def read(self, file_id: str, segment_size: int) -> Iterator[bytes]:
        with open(self.path(file_id), "rb") as handle:
            while segment := handle.read(segment_size):
                yield segment

    def discard(self, file_id: str) -> None:
        self.path(file_id).unlink(missing_ok=True)

    def sweep(self, known_ids: set[str], older_than_seconds: int) -> int:
        removed, cutoff = 0, time.time() - older_than_seconds
        for path in self.folder.iterdir():
            orphan = path.suffix == ".bin" and path.stem not in known_ids
            if (path.suffix == ".part" or orphan) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class DatabaseStore:
    """Rows of `file_segment`, one per segment, read back one at a time."""

    name = "database"
    table = FileSegment.__table__

    def __init__(self, engine):
        self.engine = engine

    def write(self, file_id: str, sealed: Iterable[bytes]) -> None:
        written = datetime.now(UTC).replace(tzinfo=None)
        with self.engine.begin() as connection:
            for number, segment in enumerate(sealed):
                row = {"file_id": file_id, "number": number, "data": segment}
                connection.execute(insert(self.table), {**row, "created_at": written})

    def count(self, file_id: str, segment_size: int) -> int | None:
        with self.engine.connect() as connection:
            count = connection.scalar(select(func.count()).where(self.table.c.file_id == file_id))
        return count or None

    def read(self, file_id: str, segment_size: int) -> Iterator[bytes]:
        """One segment in memory at a time, each in its own short query."""
        column, number = self.table.c, 0
        while True:
            with self.engine.connect() as connection:
                segment = connection.scalar(
                    select(column.data).where(column.file_id == file_id, column.number == number)
                )
            if segment is None:
                return
            yield bytes(segment)
            number += 1

    def discard(self, file_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(self.table).where(self.table.c.file_id == file_id))

    def sweep(self, known_ids: set[str], older_than_seconds: int) -> int:
        cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=older_than_seconds)
        column = self.table.c
        with self.engine.begin() as connection:
            stray = set(
                connection.scalars(
                    select(column.file_id).where(column.created_at < cutoff).distinct()
                )
            )
            orphans = sorted(stray - known_ids)
            if orphans:
                connection.execute(delete(self.table).where(column.file_id.in_(orphans)))
        return len(orphans)


def kind() -> str:
    """FILE_STORAGE when set, else the database on PostgreSQL and the directory otherwise."""
    chosen = current_app.config.get("FILE_STORAGE")
    if chosen:
        if chosen not in KINDS:
            raise ValueError(f"FILE_STORAGE must be one of {', '.join(KINDS)}, not {chosen!r}")
        return chosen
    url = str(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return "database" if url.startswith("postgresql") else "directory"


def directory() -> DirectoryStore:
    return DirectoryStore(ensure_dir(Path(current_app.config["DATA_DIR"]) / "files"))


def current() -> DirectoryStore | DatabaseStore:
    """The store new files go to."""
    return DatabaseStore(db.engine) if kind() == "database" else directory()


def every() -> list[DirectoryStore | DatabaseStore]:
    """Where a file may lie, the store in use first: on the database, the data directory still
    holds the files stored before the cabinet moved to it (an upgrade moves no file)."""
    return [current(), directory()] if kind() == "database" else [current()]


def holding(file_id: str, segment_size: int) -> tuple[DirectoryStore | DatabaseStore, int | None]:
    """The store that has `file_id` and its number of segments; (the store in use, None) if none."""
    for store in every():
        count = store.count(file_id, segment_size)
        if count is not None:
            return store, count
    return current(), None
