"""Tester API: snapshots, sessions and tokens, the clock, a fresh start, headless shortcuts."""

from flask import abort, jsonify, url_for

from common.converters import BIGGEST_ID
from common.tester_api.bodies import ClockMove, ClockSet, SnapshotName
from common.tester_api.contract import operation
from idp_mock import clock
from idp_mock.login.sso import end_session
from idp_mock.models import AuthRequest, IssuedToken, SsoSession, db
from idp_mock.tester import reset, sessions, shortcuts, snapshots, timeline
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint

bp = tester_blueprint("mock_state", __name__)
MISSING = "No such thing"


@bp.get("/snapshots")
@operation("Saved snapshots", {200: ("OK", list[replies.Snapshot])})
def list_snapshots():
    return jsonify([snapshots.as_json(s) for s in snapshots.listed()])


@bp.post("/snapshots")
@operation(
    "Save the whole state under a name (replaces one of the same name)",
    {201: ("Saved", replies.Snapshot)},
    body=SnapshotName,
)
def save_snapshot(body: SnapshotName):
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
    try:
        snapshots.forget(name)
    except LookupError:
        abort(404)
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
    end_session(sso)
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
    return jsonify(sessions.token_json(sessions.revoke_token(token)))


@bp.post("/personas/<int:oid>/revoke")
@operation(
    "End every session and revoke every token of a person",
    {200: ("Revoked", replies.PersonRevoked), 404: "No such person"},
)
def revoke_person(oid: int):
    return jsonify({"sessions": sessions.end_every_session(oid), "oid": oid})


def clock_json() -> dict:
    return {"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()}


@bp.get("/clock")
@operation("The simulator's current time", {200: ("OK", replies.Clock)})
def show_clock():
    return jsonify(clock_json())


@bp.post("/clock")
@operation("Move the clock forward", {200: ("Moved", replies.Clock)}, body=ClockMove)
def move_clock(body: ClockMove):
    clock.advance(body.advance_seconds)
    return jsonify(clock_json())


@bp.post("/clock/set")
@operation(
    "Put the clock at a moment (it may go back)",
    {200: ("Set", replies.Clock)},
    body=ClockSet,
)
def set_clock(body: ClockSet):
    """Put the clock at a given UTC moment: {"now": "2027-01-01T09:00:00Z"}."""
    clock.advance(int((body.moment() - clock.now()).total_seconds()))
    return jsonify(clock_json())


@bp.post("/clock/reset")
@operation("Back to real time", {200: ("Reset", replies.Clock)})
def reset_clock():
    clock.reset()
    return jsonify(clock_json())


@bp.post("/reset")
@operation(
    "Wipe people, logins, tokens, messages and clock; reseed the demo personas",
    {200: ("Reset", replies.ResetDone)},
    body=bodies.Reset,
    body_required=False,
)
def reset_everything(body: bodies.Reset):
    """Wipe people, logins, tokens, messages and the clock; reseed. Clients stay unless asked."""
    people = reset.start_afresh(forget_clients=body.clients)
    return jsonify({"personas": len(people), "clock": clock_json()})


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


@bp.get("/flows/<rid>/app")
@operation(
    "The Gosuslugi-app request of a pending login: its number and phone link",
    {200: ("OK", replies.AppConfirmation), 404: MISSING},
)
def show_app_confirmation(rid: str):
    return jsonify(confirmation_json(shortcuts.app_request(rid) or abort(404)))


@bp.post("/flows/<rid>/app")
@operation(
    "Approve or deny it as the app of the person named by oid or login would, headlessly",
    {200: ("Decided", replies.AppConfirmation), 404: MISSING},
    body=bodies.AppDecision,
)
def decide_app_confirmation(rid: str, body: bodies.AppDecision):
    confirmation = shortcuts.app_request(rid) or abort(404)
    return jsonify(confirmation_json(shortcuts.decide_app(confirmation, body.changes())))


@bp.get("/flows/<rid>/timeline")
@operation(
    "Every step of one login with a one-line Russian explanation",
    {200: ("OK", list[replies.TimelineEvent]), 404: MISSING},
)
def flow_timeline(rid: str):
    db.session.get(AuthRequest, rid) or abort(404)
    return jsonify([timeline.as_json(e) for e in timeline.events(rid)])
