"""Tester API: a fresh start between classes, and named snapshots saved and put back."""

from flask import jsonify

from common.tester_api import bodies
from common.tester_api.contract import Error, Reply, operation
from portal.tester import reset, snapshots

from . import replies
from .blueprint import bp
from .clock import clock_json

MISSING = Reply("No snapshot of that name", Error)
NAME = {"name": "The snapshot's name"}


def no_snapshot(name: str):
    return jsonify({"error": f"Снимка «{name}» нет: сохраните его сначала", "field": "name"}), 404


@bp.post("/reset")
@operation(
    "Wipe doctors, documents and their files, applications, sessions, notifications, e-mails "
    "and clocks; keys, the ESIA registration and snapshots stay",
    {200: ("Reset", replies.ResetDone)},
)
def reset_everything():
    removed = reset.start_afresh()
    return jsonify({"removed": removed, "clock": clock_json()})


@bp.get("/snapshots")
@operation("Saved snapshots", {200: ("OK", list[replies.Snapshot])})
def list_snapshots():
    return jsonify([snapshots.as_json(s) for s in snapshots.listed()])


@bp.post("/snapshots")
@operation(
    "Save the cabinet's state and files under a name (replacing one of that name)",
    {201: ("Saved", replies.Snapshot)},
    body=bodies.SnapshotName,
)
def save_snapshot(body: bodies.SnapshotName):
    snapshot = snapshots.save(body.name.strip())
    return jsonify(snapshots.as_json(snapshot)), 201


@bp.post("/snapshots/<name>/restore")
@operation(
    "Replace the cabinet's whole state, files and clocks included, with a snapshot's",
    {200: ("Restored", replies.Snapshot), 404: MISSING},
    path_help=NAME,
)
def restore_snapshot(name: str):
    try:
        return jsonify(snapshots.as_json(snapshots.restore(name)))
    except LookupError:
        return no_snapshot(name)


@bp.delete("/snapshots/<name>")
@operation("Forget a snapshot and its files", {204: "Deleted", 404: MISSING}, path_help=NAME)
def delete_snapshot(name: str):
    try:
        snapshots.forget(name)
    except LookupError:
        return no_snapshot(name)
    return "", 204
