"""Tester API: the cabinet's clock, global and per doctor (by ESIA oid), in the simulator's
shapes: GET shows it, POST {"advance_seconds"} moves it on, /set {"now"} puts it at a moment
(back too), /reset takes it back."""

from flask import jsonify

from common.tester_api import bodies
from common.tester_api.contract import operation
from portal import clock

from . import replies
from .blueprint import bp

OID = {"oid": "The doctor's ESIA oid; they need not have logged in yet"}
DOCTOR = "/doctors/<int(min=1):oid>/clock"


def clock_json() -> dict:
    moment = clock.now(for_oid=clock.EVERYONE)
    return {"now": moment.isoformat() + "Z", "offset_seconds": clock.own_offset()}


def doctor_clock_json(oid: int) -> dict:
    return {
        "oid": oid,
        "now": clock.now(for_oid=oid).isoformat() + "Z",
        "offset_seconds": clock.own_offset(oid),
        "global_offset_seconds": clock.own_offset(),
    }


@bp.get("/clock")
@operation("The cabinet's global time", {200: ("OK", replies.Clock)})
def show_clock():
    return jsonify(clock_json())


@bp.post("/clock")
@operation("Move the global clock forward", {200: ("Moved", replies.Clock)}, body=bodies.ClockMove)
def move_clock(body: bodies.ClockMove):
    clock.advance(body.advance_seconds)
    return jsonify(clock_json())


@bp.post("/clock/set")
@operation(
    "Put the global clock at a moment (it may go back)",
    {200: ("Set", replies.Clock)},
    body=bodies.ClockSet,
)
def set_clock(body: bodies.ClockSet):
    clock.set_to(body.moment())
    return jsonify(clock_json())


@bp.post("/clock/reset")
@operation(
    "The global clock back to real time (doctors' own offsets stay)",
    {200: ("Reset", replies.Clock)},
)
def reset_clock():
    clock.reset()
    return jsonify(clock_json())


@bp.get(DOCTOR)
@operation("One doctor's time", {200: ("OK", replies.DoctorClock)}, path_help=OID)
def show_doctor_clock(oid: int):
    return jsonify(doctor_clock_json(oid))


@bp.post(DOCTOR)
@operation(
    "Move one doctor's clock forward, on top of the global one",
    {200: ("Moved", replies.DoctorClock)},
    body=bodies.ClockMove,
    path_help=OID,
)
def move_doctor_clock(oid: int, body: bodies.ClockMove):
    clock.advance(body.advance_seconds, oid)
    return jsonify(doctor_clock_json(oid))


@bp.post(f"{DOCTOR}/set")
@operation(
    "Put one doctor's clock at a moment (it may go back)",
    {200: ("Set", replies.DoctorClock)},
    body=bodies.ClockSet,
    path_help=OID,
)
def set_doctor_clock(oid: int, body: bodies.ClockSet):
    clock.set_to(body.moment(), oid)
    return jsonify(doctor_clock_json(oid))


@bp.post(f"{DOCTOR}/reset")
@operation(
    "One doctor's clock back to the global clock",
    {200: ("Reset", replies.DoctorClock)},
    path_help=OID,
)
def reset_doctor_clock(oid: int):
    clock.reset(oid)
    return jsonify(doctor_clock_json(oid))
