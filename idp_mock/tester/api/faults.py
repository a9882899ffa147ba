"""Tester API: fault injection on any endpoint, and signing-key rotation."""

from flask import abort, jsonify

from common.tester_api.contract import operation
from idp_mock.models import Fault, db
from idp_mock.protocol import keys
from idp_mock.tester import faults
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint

bp = tester_blueprint("mock_faults", __name__)


@bp.get("/faults")
@operation("Faults still armed", {200: ("OK", list[replies.Fault])})
def list_faults():
    return jsonify([faults.as_json(f) for f in faults.live()])


@bp.post("/faults")
@operation(
    "Arm a fault on the paths matching `path` (a glob), once, N times or until cleared",
    {201: ("Armed", replies.Fault)},
    body=bodies.FaultInput,
)
def add_fault(body: bodies.FaultInput):
    return jsonify(faults.as_json(faults.add(body.changes()))), 201


@bp.delete("/faults")
@operation("Clear every fault", {200: ("Cleared", replies.FaultsCleared)})
def clear_faults():
    return jsonify({"cleared": faults.clear()})


@bp.delete("/faults/<int:fault_id>")
@operation("Clear one fault", {204: "Cleared", 404: "No such fault"})
def clear_fault(fault_id: int):
    fault = db.session.get(Fault, fault_id)
    if fault is None or fault.group_id is not None:
        abort(404)  # a group's faults are cleared through the group
    faults.clear(fault_id)
    return "", 204


def key_json(record) -> dict:
    return {"kid": record.kid, "status": record.status, "certificate_pem": record.certificate_pem}


@bp.get("/signing-keys")
@operation("Token-signing keys and their stage", {200: ("OK", list[replies.SigningKey])})
def list_keys():
    rows = keys.records()
    if not rows:
        key = keys.active()
        return jsonify(
            [{"kid": key.kid, "status": "active", "certificate_pem": key.certificate_pem.decode()}]
        )
    return jsonify([key_json(r) for r in rows])


@bp.post("/signing-keys/rotate")
@operation(
    "Rotate the signing key: publish a next key in the JWKS, activate it "
    "(the old one stays published), retire the old one",
    {200: ("Rotated", list[replies.SigningKey])},
    body=bodies.KeyRotation,
)
def rotate_keys(body: bodies.KeyRotation):
    """GOV.UK's two-stage rotation, plus retire."""
    return jsonify([key_json(r) for r in keys.rotate(body.stage)])
