"""Tester API: fault injection on any endpoint, and signing-key rotation."""

from flask import abort, jsonify, request

from common.errors import ServiceError
from idp_mock.models import Fault, db
from idp_mock.protocol import keys
from idp_mock.tester import faults
from idp_mock.tester.api.blueprint import json_body, tester_blueprint

bp = tester_blueprint("mock_faults", __name__)


@bp.get("/faults")
def list_faults():
    return jsonify([faults.as_json(f) for f in faults.live()])


@bp.post("/faults")
def add_fault():
    return jsonify(faults.as_json(faults.add(json_body(request)))), 201


@bp.delete("/faults")
def clear_faults():
    return jsonify({"cleared": faults.clear()})


@bp.delete("/faults/<int:fault_id>")
def clear_fault(fault_id: int):
    db.session.get(Fault, fault_id) or abort(404)
    faults.clear(fault_id)
    return "", 204


def key_json(record) -> dict:
    return {"kid": record.kid, "status": record.status, "certificate_pem": record.certificate_pem}


@bp.get("/signing-keys")
def list_keys():
    rows = keys.records()
    if not rows:
        key = keys.active()
        return jsonify(
            [{"kid": key.kid, "status": "active", "certificate_pem": key.certificate_pem.decode()}]
        )
    return jsonify([key_json(r) for r in rows])


@bp.post("/signing-keys/rotate")
def rotate_keys():
    """{"stage": "publish" | "activate" | "retire"}: GOV.UK's two-stage rotation, plus retire."""
    stage = json_body(request).get("stage")
    if stage not in keys.STAGES:
        raise ServiceError("stage", "stage: publish, activate или retire")
    return jsonify([key_json(r) for r in keys.rotate(stage)])
