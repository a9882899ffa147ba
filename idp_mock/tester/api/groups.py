"""Tester API: groups — a class of trainees or one parallel test run, each its own world."""

from flask import abort, jsonify

from common.tester_api.bodies import ClockMove, ClockSet, SnapshotName
from common.tester_api.contract import operation
from idp_mock import clock, outbox
from idp_mock.models import Fault, Group, db
from idp_mock.tester import faults, groups
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint

bp = tester_blueprint("mock_groups", __name__)
NO_GROUP = "No such group"


def group_or_404(group_id: int) -> Group:
    """The group, whose clock the request then reads."""
    group = db.session.get(Group, group_id) or abort(404)
    clock.use_group(group.id)
    return group


@bp.get("/groups")
@operation("Every group", {200: ("OK", list[replies.GroupSummary])})
def list_groups():
    return jsonify(
        [
            {"id": x.id, "name": x.name, "copies": x.copies, "people": len(groups.people(x))}
            for x in groups.listed()
        ]
    )


@bp.post("/groups")
@operation(
    "Make a group holding `copies` copies of the demo cast (0: an empty group, filled with "
    'POST /personas {..., "group": id})',
    {201: ("Made", replies.Group)},
    body=bodies.NewGroup,
)
def create_group(body: bodies.NewGroup):
    return jsonify(groups.as_json(groups.create(body.name, body.copies))), 201


@bp.get("/groups/<int:group_id>")
@operation("One group and its people", {200: ("OK", replies.Group), 404: NO_GROUP})
def show_group(group_id: int):
    return jsonify(groups.as_json(group_or_404(group_id)))


@bp.delete("/groups/<int:group_id>")
@operation("Delete a group and everything of it", {204: "Deleted", 404: NO_GROUP})
def delete_group(group_id: int):
    groups.delete(group_or_404(group_id))
    return "", 204


@bp.post("/groups/<int:group_id>/reset")
@operation(
    "Back to how the group was made: same people and logins; codes, lockouts, sessions, "
    "tokens, outbox, faults and clock wiped",
    {200: ("Reset", replies.Group), 404: NO_GROUP},
)
def reset_group(group_id: int):
    return jsonify(groups.as_json(groups.reset(group_or_404(group_id))))


def clock_json() -> dict:
    return {"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()}


@bp.get("/groups/<int:group_id>/clock")
@operation("The group's current time", {200: ("OK", replies.Clock), 404: NO_GROUP})
def show_clock(group_id: int):
    group_or_404(group_id)
    return jsonify(clock_json())


@bp.post("/groups/<int:group_id>/clock")
@operation(
    "Move the group's clock forward",
    {200: ("Moved", replies.Clock), 404: NO_GROUP},
    body=ClockMove,
)
def move_clock(group_id: int, body: ClockMove):
    group_or_404(group_id)
    clock.advance(body.advance_seconds)
    return jsonify(clock_json())


@bp.post("/groups/<int:group_id>/clock/set")
@operation(
    "Put the group's clock at a moment (it may go back)",
    {200: ("Set", replies.Clock), 404: NO_GROUP},
    body=ClockSet,
)
def set_clock(group_id: int, body: ClockSet):
    group_or_404(group_id)
    clock.advance(int((body.moment() - clock.now()).total_seconds()))
    return jsonify(clock_json())


@bp.post("/groups/<int:group_id>/clock/reset")
@operation("The group's clock back to real time", {200: ("Reset", replies.Clock), 404: NO_GROUP})
def reset_clock(group_id: int):
    group_or_404(group_id)
    clock.reset()
    return jsonify(clock_json())


@bp.get("/groups/<int:group_id>/messages")
@operation(
    "SMS and e-mails sent to the group's people, newest first (at most 200)",
    {200: ("OK", list[replies.Message]), 404: NO_GROUP},
    query=bodies.MessagesQuery,
)
def list_messages(group_id: int, query: bodies.MessagesQuery):
    group = group_or_404(group_id)
    found = outbox.latest(query.to or "", exact=True, group=group.id)
    return jsonify([outbox.as_json(m) for m in found])


@bp.get("/groups/<int:group_id>/faults")
@operation("The group's faults still armed", {200: ("OK", list[replies.Fault]), 404: NO_GROUP})
def list_faults(group_id: int):
    group = group_or_404(group_id)
    return jsonify([faults.as_json(f) for f in faults.live(group.id)])


@bp.post("/groups/<int:group_id>/faults")
@operation(
    "Arm a fault for the requests of the group's people only",
    {201: ("Armed", replies.Fault), 404: NO_GROUP},
    body=bodies.FaultInput,
)
def add_fault(group_id: int, body: bodies.FaultInput):
    group = group_or_404(group_id)
    return jsonify(faults.as_json(faults.add(body.changes(), group.id))), 201


@bp.delete("/groups/<int:group_id>/faults")
@operation("Clear the group's faults", {200: ("Cleared", replies.FaultsCleared), 404: NO_GROUP})
def clear_faults(group_id: int):
    group = group_or_404(group_id)
    return jsonify({"cleared": faults.clear(group=group.id)})


@bp.delete("/groups/<int:group_id>/faults/<int:fault_id>")
@operation("Clear one of the group's faults", {204: "Cleared", 404: "No such fault"})
def clear_fault(group_id: int, fault_id: int):
    group = group_or_404(group_id)
    fault = db.session.get(Fault, fault_id)
    if fault is None or fault.group_id != group.id:
        abort(404)
    faults.clear(fault_id, group.id)
    return "", 204


@bp.get("/groups/<int:group_id>/snapshots")
@operation("The group's snapshots", {200: ("OK", list[replies.Snapshot]), 404: NO_GROUP})
def list_snapshots(group_id: int):
    group = group_or_404(group_id)
    return jsonify([groups.snapshot_json(s) for s in groups.snapshots(group)])


@bp.post("/groups/<int:group_id>/snapshots")
@operation(
    "Save the group's people and state under a name (replaces one of the same name)",
    {201: ("Saved", replies.Snapshot), 404: NO_GROUP},
    body=SnapshotName,
)
def save_snapshot(group_id: int, body: SnapshotName):
    snapshot = groups.save_snapshot(group_or_404(group_id), body.name)
    return jsonify(groups.snapshot_json(snapshot)), 201


@bp.post("/groups/<int:group_id>/snapshots/<name>/restore")
@operation(
    "Put the group's people and state back as the snapshot has them",
    {200: ("Restored", replies.Snapshot), 404: "No such group or snapshot"},
)
def restore_snapshot(group_id: int, name: str):
    try:
        snapshot = groups.restore_snapshot(group_or_404(group_id), name)
    except LookupError:
        abort(404)
    return jsonify(groups.snapshot_json(snapshot))


@bp.delete("/groups/<int:group_id>/snapshots/<name>")
@operation("Forget one of the group's snapshots", {204: "Deleted", 404: "No such snapshot"})
def delete_snapshot(group_id: int, name: str):
    try:
        groups.forget_snapshot(group_or_404(group_id), name)
    except LookupError:
        abort(404)
    return "", 204
