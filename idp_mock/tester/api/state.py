"""Tester API: snapshots, sessions and tokens, the clock set and reset, headless shortcuts."""

from datetime import UTC, datetime

from flask import abort, jsonify, request, url_for
from sqlalchemy import select

from common.converters import BIGGEST_ID
from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import app_login
from idp_mock.models import AuthRequest, IssuedToken, Snapshot, SsoSession, db
from idp_mock.tester import sessions, shortcuts, snapshots, timeline
from idp_mock.tester.api.blueprint import json_body, tester_blueprint

bp = tester_blueprint("mock_state", __name__)


@bp.get("/snapshots")
def list_snapshots():
    rows = db.session.scalars(select(Snapshot).order_by(Snapshot.name))
    return jsonify([snapshots.as_json(s) for s in rows])


@bp.post("/snapshots")
def save_snapshot():
    snapshot = snapshots.save(str(json_body(request).get("name") or "").strip())
    return jsonify(snapshots.as_json(snapshot)), 201


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name: str):
    try:
        return jsonify(snapshots.as_json(snapshots.restore(name)))
    except LookupError:
        abort(404)


@bp.delete("/snapshots/<name>")
def delete_snapshot(name: str):
    db.session.delete(db.session.get(Snapshot, name) or abort(404))
    db.session.commit()
    return "", 204


def oid_filter() -> int | None:
    oid = request.args.get("oid", type=int)
    if oid is not None and not 0 < oid <= BIGGEST_ID:
        return 0  # nobody has it: an empty list, as for any unknown person
    return oid


@bp.get("/sessions")
def list_sessions():
    return jsonify([sessions.session_json(s) for s in sessions.list_sessions(oid_filter())])


@bp.post("/sessions/<sso_id>/revoke")
def revoke_session(sso_id: str):
    sso = db.session.get(SsoSession, sso_id) or abort(404)
    sessions.end_session(sso)
    db.session.commit()
    return jsonify(sessions.session_json(sso))


@bp.get("/tokens")
def list_tokens():
    return jsonify([sessions.token_json(t) for t in sessions.list_tokens(oid_filter())])


@bp.post("/tokens/<token_id>/revoke")
def revoke_token(token_id: str):
    token = db.session.get(IssuedToken, token_id) or abort(404)
    token.revoked = True
    db.session.commit()
    return jsonify(sessions.token_json(token))


@bp.post("/personas/<int:oid>/revoke")
def revoke_person(oid: int):
    sessions.revoke_person(oid)
    db.session.commit()
    return jsonify({"sessions": len(sessions.list_sessions(oid)), "oid": oid})


@bp.post("/clock/set")
def set_clock():
    """Put the clock at a given UTC moment: {"now": "2027-01-01T09:00:00Z"}."""
    try:
        target = datetime.fromisoformat(str(json_body(request).get("now", "")))
    except ValueError:
        raise ServiceError(
            "now", "now: дата и время ISO 8601, например 2027-01-01T09:00:00Z"
        ) from None
    if target.tzinfo:
        target = target.astimezone(UTC).replace(tzinfo=None)
    clock.advance(int((target - clock.now()).total_seconds()))
    return jsonify({"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()})


@bp.post("/clock/reset")
def reset_clock():
    clock.advance(-clock.offset())
    return jsonify({"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()})


@bp.post("/flows/<rid>/login")
def log_in_flow(rid: str):
    """Finish a pending login as a persona, without the form (headless e2e suites)."""
    try:
        auth_request = shortcuts.log_in_flow(rid, json_body(request))
    except LookupError:
        abort(404)
    return jsonify({"rid": auth_request.id, "oid": auth_request.persona_oid})


@bp.post("/codes")
def issue_code():
    """An authorization code for a persona without any page: tokens without the redirect dance."""
    return jsonify(shortcuts.issue_code(json_body(request))), 201


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
def show_app_confirmation(rid: str):
    """The Gosuslugi-app request of a pending login: its number and link."""
    return jsonify(confirmation_json(flow_confirmation(rid)))


@bp.post("/flows/<rid>/app")
def decide_app_confirmation(rid: str):
    """Approve or deny in the app headlessly: {"decision", "oid" | "login", "number"?}."""
    data = json_body(request)
    if data.get("decision") not in ("approve", "deny"):
        raise ServiceError("decision", "decision: approve или deny")
    confirmation = flow_confirmation(rid)
    if confirmation.persona_oid is None:
        confirmation.persona_oid = shortcuts.persona_of(data).oid
    number = data.get("number", confirmation.number)
    app_login.decide(confirmation, data["decision"] == "approve", number)
    return jsonify(confirmation_json(confirmation))


@bp.get("/flows/<rid>/timeline")
def flow_timeline(rid: str):
    """Every step of one login with a plain-Russian explanation (for trainers)."""
    db.session.get(AuthRequest, rid) or abort(404)
    return jsonify([timeline.as_json(e) for e in timeline.events(rid)])
