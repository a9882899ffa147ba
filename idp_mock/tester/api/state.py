"""Tester API: snapshots, sessions and tokens, the clock set and reset, headless shortcuts."""

from datetime import UTC

from flask import abort, jsonify, url_for
from sqlalchemy import select

from common.converters import BIGGEST_ID
from idp_mock import clock
from idp_mock.login import app_login
from idp_mock.models import AuthRequest, IssuedToken, Snapshot, SsoSession, db
from idp_mock.tester import sessions, shortcuts, snapshots, timeline
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint
from idp_mock.tester.api.contract import operation

bp = tester_blueprint("mock_state", __name__)
MISSING = "No such thing"


@bp.get("/snapshots")
@operation("Saved snapshots", {200: ("OK", list[replies.Snapshot])})
def list_snapshots():
    rows = db.session.scalars(select(Snapshot).order_by(Snapshot.name))
    return jsonify([snapshots.as_json(s) for s in rows])


@bp.post("/snapshots")
@operation(
    "Save the whole state under a name (replaces one of the same name)",
    {201: ("Saved", replies.Snapshot)},
    body=bodies.SnapshotName,
)
def save_snapshot(body: bodies.SnapshotName):
    snapshot = snapshots.save(body.name.strip())
    return jsonify(snapshots.as_json(snapshot)), 201


@bp.post("/snapshots/<name>/restore")
@operation(
    "Replace the whole state with a snapshot's", {200: ("Restored", replies.Snapshot), 404: MISSING}
)
def restore_snapshot(name: str):
    try:
        return jsonify(snapshots.as_json(snapshots.restore(name)))
    except LookupError:
        abort(404)


@bp.delete("/snapshots/<name>")
@operation("Forget a snapshot", {204: "Deleted", 404: MISSING})
def delete_snapshot(name: str):
    db.session.delete(db.session.get(Snapshot, name) or abort(404))
    db.session.commit()
    return "", 204


def oid_filter(query: bodies.OidQuery) -> int | None:
    if query.oid is not None and not 0 < query.oid <= BIGGEST_ID:
        return 0  # nobody has it: an empty list, as for any unknown person
    return query.oid


@bp.get("/sessions")
@operation(
    "SSO sessions, newest first", {200: ("OK", list[replies.Session])}, query=bodies.OidQuery
)
def list_sessions(query: bodies.OidQuery):
    return jsonify([sessions.session_json(s) for s in sessions.list_sessions(oid_filter(query))])


@bp.post("/sessions/<sso_id>/revoke")
@operation("End a session and revoke its tokens", {200: ("Ended", replies.Session), 404: MISSING})
def revoke_session(sso_id: str):
    sso = db.session.get(SsoSession, sso_id) or abort(404)
    sessions.end_session(sso)
    db.session.commit()
    return jsonify(sessions.session_json(sso))


@bp.get("/tokens")
@operation(
    "Access and refresh tokens issued", {200: ("OK", list[replies.Token])}, query=bodies.OidQuery
)
def list_tokens(query: bodies.OidQuery):
    return jsonify([sessions.token_json(t) for t in sessions.list_tokens(oid_filter(query))])


@bp.post("/tokens/<token_id>/revoke")
@operation("Revoke one token", {200: ("Revoked", replies.Token), 404: MISSING})
def revoke_token(token_id: str):
    token = db.session.get(IssuedToken, token_id) or abort(404)
    token.revoked = True
    db.session.commit()
    return jsonify(sessions.token_json(token))


@bp.post("/personas/<int:oid>/revoke")
@operation(
    "End every session and revoke every token of a person",
    {200: ("Revoked", replies.PersonRevoked), 404: "No such person"},
)
def revoke_person(oid: int):
    sessions.revoke_person(oid)
    db.session.commit()
    return jsonify({"sessions": len(sessions.list_sessions(oid)), "oid": oid})


def clock_json() -> dict:
    return {"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()}


@bp.post("/clock/set")
@operation(
    "Put the clock at a moment (it may go back)",
    {200: ("Set", replies.Clock)},
    body=bodies.ClockSet,
)
def set_clock(body: bodies.ClockSet):
    """Put the clock at a given UTC moment: {"now": "2027-01-01T09:00:00Z"}."""
    target = body.now
    if target.tzinfo:
        target = target.astimezone(UTC).replace(tzinfo=None)
    clock.advance(int((target - clock.now()).total_seconds()))
    return jsonify(clock_json())


@bp.post("/clock/reset")
@operation("Back to real time", {200: ("Reset", replies.Clock)})
def reset_clock():
    clock.advance(-clock.offset())
    return jsonify(clock_json())


@bp.post("/flows/<rid>/login")
@operation(
    "Finish the pending login `rid` (from the login page URL) as a persona, without the form; "
    "the browser then goes to consent",
    {200: ("Logged in", replies.LoggedIn), 404: MISSING},
    body=bodies.LoginAs,
)
def log_in_flow(rid: str, body: bodies.LoginAs):
    """Finish a pending login as a persona, without the form (headless e2e suites)."""
    try:
        auth_request = shortcuts.log_in_flow(rid, body.changes())
    except LookupError:
        abort(404)
    return jsonify({"rid": auth_request.id, "oid": auth_request.persona_oid})


@bp.post("/codes")
@operation(
    "An authorization code for a persona without any page "
    "(exchange it at a token endpoint as usual)",
    {201: ("Issued", replies.IssuedCode)},
    body=bodies.CodeRequest,
)
def issue_code(body: bodies.CodeRequest):
    """An authorization code for a persona without any page: tokens without the redirect dance."""
    return jsonify(shortcuts.issue_code(body.changes())), 201


def confirmation_json(confirmation) -> dict:
    return {
        "id": confirmation.id,
        "number": confirmation.number,
        "status": confirmation.status,
        "reason": confirmation.reason,
        "oid": confirmation.persona_oid,
        "expires_at": confirmation.expires_at.isoformat() + "Z",
        "url": url_for("app_login.phone", token=confirmation.id, _external=True),
    }


def flow_confirmation(rid: str):
    confirmation = app_login.latest(rid) or abort(404)
    return app_login.refresh(confirmation)


@bp.get("/flows/<rid>/app")
@operation(
    "The Gosuslugi-app request of a pending login: its number and phone link",
    {200: ("OK", replies.AppConfirmation), 404: MISSING},
)
def show_app_confirmation(rid: str):
    return jsonify(confirmation_json(flow_confirmation(rid)))


@bp.post("/flows/<rid>/app")
@operation(
    "Approve or deny it as the app would, headlessly",
    {200: ("Decided", replies.AppConfirmation), 404: MISSING},
    body=bodies.AppDecision,
)
def decide_app_confirmation(rid: str, body: bodies.AppDecision):
    confirmation = flow_confirmation(rid)
    if confirmation.persona_oid is None:
        confirmation.persona_oid = shortcuts.persona_of(body.changes()).oid
    number = confirmation.number if body.number is None else body.number
    app_login.decide(confirmation, body.decision == "approve", number)
    return jsonify(confirmation_json(confirmation))


@bp.get("/flows/<rid>/timeline")
@operation(
    "Every step of one login with a one-line Russian explanation",
    {200: ("OK", list[replies.TimelineEvent]), 404: MISSING},
)
def flow_timeline(rid: str):
    db.session.get(AuthRequest, rid) or abort(404)
    return jsonify([timeline.as_json(e) for e in timeline.events(rid)])
