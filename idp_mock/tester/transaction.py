"""One tester change, one commit: what a change did is stored whole, or none of it when it fails."""

from collections.abc import Iterator
from contextlib import contextmanager

from idp_mock.models import db


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Commit what the block did; roll all of it back when the block raises (then re-raise)."""
    try:
        yield
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
