"""INSERT … ON CONFLICT for the two databases the apps run on (SQLite and PostgreSQL spell it
alike, but SQLAlchemy builds it from each dialect's own `insert`)."""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def insert_for(session: Session, model):
    """An insert into `model` that takes `.on_conflict_do_nothing/update` on the session's
    database."""
    return INSERTS[session.get_bind().dialect.name](model)
