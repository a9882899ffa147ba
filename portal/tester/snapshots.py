"""Named snapshots of the cabinet: every state table's rows in the database, and the encrypted
files those rows point at kept beside it, in DATA_DIR/snapshots/<hash of the name>/.

The snapshot holds its own hard links to the files (a copy where links are impossible), so
deleting a document, a reset or `sweep-files` in the live files folder never takes a file a
snapshot still needs; restoring links them back."""

import hashlib
import os
import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from common import table_rows
from common.datadir import ensure_dir
from common.errors import ServiceError

from .. import clock, storage
from ..models import StoredFile, TesterSnapshot, db
from .reset import state_tables

FILES = StoredFile.__tablename__


def folder_of(name: str) -> Path:
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return Path(current_app.config["DATA_DIR"]) / "snapshots" / digest


def file_ids(data: dict) -> list[str]:
    return [row["id"] for row in data.get(FILES, [])]


def link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def keep_files(ids: list[str], folder: Path) -> None:
    """Put the live files `ids` into `folder`, replacing what it held."""
    fresh = ensure_dir(folder.with_name(folder.name + ".new"))
    for file_id in ids:
        source = storage.files_dir() / f"{file_id}.bin"
        if source.exists():
            link(source, fresh / source.name)
    shutil.rmtree(folder, ignore_errors=True)
    fresh.rename(folder)


def save(name: str) -> TesterSnapshot:
    """Save the cabinet's state and its files under `name`, replacing one of the same name."""
    if not name or len(name) > 100:
        raise ServiceError("name", "Укажите имя снимка (до 100 символов)")
    data = table_rows.dump(db.session, state_tables())
    keep_files(file_ids(data), folder_of(name))
    snapshot = db.session.get(TesterSnapshot, name) or TesterSnapshot(name=name)
    snapshot.data, snapshot.created_at = data, clock.now()
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def bring_back_files(name: str) -> None:
    """Link the snapshot's files into the live folder, marked new: `sweep-files` spares a file
    younger than its age limit, and their rows are not committed yet."""
    live = storage.files_dir()
    for kept in folder_of(name).glob("*.bin"):
        target = live / kept.name
        if not target.exists():
            link(kept, target)
        os.utime(target)


def restore(name: str) -> TesterSnapshot:
    """Replace the cabinet's whole state, files included, with the snapshot's."""
    snapshot = db.session.get(TesterSnapshot, name)
    if snapshot is None:
        raise LookupError(name)
    before = set(db.session.scalars(select(StoredFile.id)))
    bring_back_files(name)
    table_rows.load(db.session, state_tables(), snapshot.data)
    db.session.commit()
    clock.forget_cached()
    for file_id in before - set(file_ids(snapshot.data)):
        storage.discard(file_id)
    return snapshot


def as_json(snapshot: TesterSnapshot) -> dict:
    counts = {name: len(rows) for name, rows in snapshot.data.items() if rows}
    return {
        "name": snapshot.name,
        "saved_at": snapshot.created_at.isoformat() + "Z",
        "rows": counts,
        "files": len(file_ids(snapshot.data)),
    }


def listed() -> list[TesterSnapshot]:
    return list(db.session.scalars(select(TesterSnapshot).order_by(TesterSnapshot.name)))


def forget(name: str) -> None:
    """Delete a snapshot and its files; LookupError when there is none of that name."""
    snapshot = db.session.get(TesterSnapshot, name)
    if snapshot is None:
        raise LookupError(name)
    db.session.delete(snapshot)
    db.session.commit()
    shutil.rmtree(folder_of(name), ignore_errors=True)
