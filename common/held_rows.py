"""Rows a request has read stay in its session until the request ends.

SQLAlchemy's identity map holds objects weakly, so a row read in one function and dropped
(the request's person found before the view runs, the login transaction read by each step) is
read again by the next function that asks for it. Holding every loaded object for the life of
the session makes the second `session.get` of a row free until a commit expires it. This is
the "strong reference session" recipe of SQLAlchemy's documentation (Session Basics)."""

from sqlalchemy import event
from sqlalchemy.orm import Session


def _held(session: Session) -> set:
    return session.info.setdefault("held_rows", set())


def hold(session: Session, instance) -> None:
    _held(session).add(instance)


def release(session: Session, instance) -> None:
    _held(session).discard(instance)


def hold_loaded_rows(session_class: type[Session]) -> None:
    """Make every session of `session_class` keep what it loads (idempotent)."""
    if event.contains(session_class, "loaded_as_persistent", hold):
        return
    for name in ("pending_to_persistent", "deleted_to_persistent", "detached_to_persistent",
                 "loaded_as_persistent"):
        event.listen(session_class, name, hold)
    for name in ("persistent_to_detached", "persistent_to_deleted", "persistent_to_transient"):
        event.listen(session_class, name, release)
