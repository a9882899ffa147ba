"""A fresh start between classes: every doctor, document and its encrypted file, application,
session, notification, e-mail and clock offset gone. The keys in the data directory and the
cabinet's registration with ESIA stay; so do the tester's snapshots."""

from sqlalchemy import delete, func, select

from portal import clock, storage
from portal.models import StoredFile, TesterSnapshot, db


def state_tables():
    return [t for t in db.metadata.sorted_tables if t.name != TesterSnapshot.__tablename__]


def start_afresh() -> dict[str, int]:
    """Wipe the cabinet's state in one commit, then its files; rows removed, by table."""
    files = list(db.session.scalars(select(StoredFile.id)))
    removed = {}
    for table in reversed(state_tables()):
        removed[table.name] = db.session.scalar(select(func.count()).select_from(table))
        db.session.execute(delete(table))
    db.session.commit()
    clock.forget_cached()
    for file_id in files:
        storage.discard(file_id)
    return {name: count for name, count in removed.items() if count}
