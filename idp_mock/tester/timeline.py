"""The protocol timeline of each login, for trainers: every request and redirect with its
parameters and a one-line explanation in plain Russian."""

import hashlib

from flask import Response, request
from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import AuthCode, IssuedToken, TimelineEvent, db

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


def note(auth_request_id: str | None, step: str, text: str, ok: bool = True, /, **params) -> None:
    """Add an event; the caller's commit stores it. The arguments before `/` are positional
    only, so a client's request parameter named `step` or `text` is just a parameter."""
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


def log(auth_request_id: str | None, step: str, text: str, ok: bool = True, /, **params) -> None:
    """Add an event and commit it (also after a refusal, when nothing else is stored)."""
    note(auth_request_id, step, text, ok, **params)
    db.session.commit()


def flow_of_token(token: str) -> str | None:
    """The login an access token was issued for, through the code it was exchanged for."""
    issued = db.session.get(IssuedToken, hashlib.sha256(token.encode()).hexdigest())
    grant = db.session.get(AuthCode, issued.code_hash) if issued and issued.code_hash else None
    return grant.auth_request_id if grant else None


def note_data_read(response: Response) -> Response:
    """After a Bearer call to the person API: the site's back-channel read on the timeline."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    rid = flow_of_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if rid:
        path, ok = request.full_path.rstrip("?"), response.status_code < 400
        text = "Сайт прочитал данные человека" if ok else "Госуслуги отказали в данных"
        log(rid, "data", f"{text}: {request.method} {path} → {response.status_code}", ok,
            path=path, status=response.status_code)  # fmt: skip
    return response
