"""The protocol timeline of each login, for trainers: every request and redirect with its
parameters and a one-line explanation in plain Russian."""

from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import TimelineEvent, db

HIDDEN = {"client_secret", "password", "code_verifier", "csrf_token", "refresh_token"}


def shown(params: dict) -> dict:
    """Parameters worth showing; secrets are replaced by their length."""
    result = {}
    for key, value in params.items():
        if key in HIDDEN and value:
            result[key] = f"(скрыто, {len(str(value))} симв.)"
        elif value not in (None, ""):
            result[key] = str(value)[:300]
    return result


def note(auth_request_id: str | None, step: str, text: str, ok: bool = True, **params) -> None:
    """Add an event; the caller's commit stores it."""
    if not auth_request_id:
        return
    db.session.add(
        TimelineEvent(
            auth_request_id=auth_request_id,
            at=clock.now(),
            step=step,
            ok=ok,
            text=text,
            params=shown(params),
        )
    )


def events(auth_request_id: str) -> list[TimelineEvent]:
    query = (
        select(TimelineEvent)
        .where(TimelineEvent.auth_request_id == auth_request_id)
        .order_by(TimelineEvent.at, TimelineEvent.id)
    )
    return list(db.session.scalars(query))


def as_json(event: TimelineEvent) -> dict:
    return {
        "at": event.at.isoformat() + "Z",
        "step": event.step,
        "ok": event.ok,
        "text": event.text,
        "params": event.params,
    }


def log(auth_request_id: str | None, step: str, text: str, ok: bool = True, **params) -> None:
    """Add an event and commit it (also after a refusal, when nothing else is stored)."""
    note(auth_request_id, step, text, ok, **params)
    db.session.commit()
