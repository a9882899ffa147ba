"""Groups: a class of trainees or one parallel test run, each its own world on one stand —
its copies of the demo cast, clock, outbox, faults and snapshots. Nothing done in one group is
seen in another; the stand's own people live outside every group."""

from flask import g
from sqlalchemy import select

from common.errors import ServiceError
from common.table_rows import encode
from common.tester_api.contract import checked
from idp_mock import clock
from idp_mock.models import Group, GroupSnapshot, Persona, db
from idp_mock.tester import faults, group_cast, group_state, personas, seed
from idp_mock.tester.api.bodies import FaultInput
from idp_mock.tester.transaction import all_or_nothing


def create(name: str, copies: int) -> Group:
    """A new group holding `copies` copies of the demo cast, stored."""
    name = (name or "").strip()
    if not name:
        raise ServiceError("name", "Введите название группы")
    if not 0 <= copies <= group_cast.MAX_COPIES:
        raise ServiceError("copies", f"Укажите число от 0 до {group_cast.MAX_COPIES}")
    group = Group(name=name[:100], copies=copies, clock_offset=0, created_at=clock.stand_now())
    db.session.add(group)
    db.session.flush()
    if group.id > group_cast.MAX_GROUP_ID:
        db.session.rollback()
        raise ServiceError("name", "Групп слишком много: сбросьте стенд")
    group_cast.make_people(group.id, copies)
    db.session.flush()
    group.baseline = people_rows(group.id)
    db.session.commit()
    return group


def people_rows(group_id: int) -> list[dict]:
    return group_state.rows_of(Persona, Persona.group_id == group_id)


def add_person(group: Group, data: dict) -> Persona:
    """A person made by hand in the group; a reset brings them back as made."""
    with all_or_nothing():
        persona = personas.new_persona(data)
        persona.group_id = group.id
        db.session.flush()
        row = group_state.rows_of(Persona, Persona.oid == persona.oid)
        group.baseline = [*group.baseline, *row]
    return persona


def reset(group: Group) -> Group:
    """Back to how the group was made: the same people, logins and OIDs; its codes, lockouts,
    sessions, tokens, outbox, faults and clock gone. Its snapshots stay."""
    group_id, baseline = group.id, group.baseline
    group_state.wipe(group_id)
    group_state.load(group_id, {"persona": baseline, "clock_offset": 0})
    db.session.commit()
    g.pop("clock_offset", None)
    return db.session.get(Group, group_id)


def delete(group: Group) -> None:
    """Everything of the group gone; its id, and so its logins and OIDs, never come back."""
    group_id = group.id
    group_state.wipe(group_id)
    db.session.execute(db.delete(GroupSnapshot).where(GroupSnapshot.group_id == group_id))
    db.session.execute(db.delete(Group).where(Group.id == group_id))
    db.session.commit()


def move_clock(group: Group, seconds: int) -> None:
    """Move the group's clock (back to real time with `seconds` None), stored."""
    clock.use_group(group.id)
    clock.advance(-clock.offset() if seconds is None else seconds)


def now_of(group: Group):
    clock.use_group(group.id)
    return clock.now()


def add_fault(group: Group, data: dict):
    """Arm a fault for the group's requests from fields a FaultInput accepts."""
    checked_data = checked(FaultInput, data)
    return faults.add(checked_data, group.id)


def listed() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(Group.id)))


def people(group: Group) -> list[Persona]:
    query = select(Persona).where(Persona.group_id == group.id).order_by(Persona.oid)
    return list(db.session.scalars(query))


def person_json(persona: Persona) -> dict:
    return {
        "oid": persona.oid,
        "phone": persona.phone,
        "email": persona.email,
        "snils": persona.snils,
        "password": seed.DEMO_PASSWORD if group_cast.seat(persona) else None,
        "who": persona.full_name,
        "copy": group_cast.seat(persona),
    }


def as_json(group: Group) -> dict:
    return {
        "id": group.id,
        "name": group.name,
        "copies": group.copies,
        "personas": [person_json(p) for p in people(group)],
    }


def seating(group: Group) -> dict:
    """The class sheet: the cast's people (columns), each seat's logins (rows), and the people
    made by hand."""
    seats: dict[int, list[Persona]] = {}
    by_hand = []
    for persona in people(group):
        seat = group_cast.seat(persona)
        if seat is None:
            by_hand.append(persona)
        else:
            seats.setdefault(seat, []).append(persona)
    cast = seats[min(seats)] if seats else []
    return {"cast": cast, "seats": sorted(seats.items()), "by_hand": by_hand}


def save_snapshot(group: Group, name: str) -> GroupSnapshot:
    """Save the group's people and state under `name`, replacing one of the same name."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ServiceError("name", "Укажите имя снимка (до 100 символов)")
    snapshot = db.session.get(GroupSnapshot, (group.id, name))
    snapshot = snapshot or GroupSnapshot(group_id=group.id, name=name)
    snapshot.data, snapshot.created_at = group_state.dump(group.id), clock.stand_now()
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def restore_snapshot(group: Group, name: str) -> GroupSnapshot:
    """Replace the group's state with the snapshot's; LookupError when there is none."""
    group_id = group.id
    snapshot = db.session.get(GroupSnapshot, (group_id, name))
    if snapshot is None:
        raise LookupError(name)
    data = snapshot.data
    group_state.wipe(group_id)
    group_state.load(group_id, data)
    db.session.commit()
    g.pop("clock_offset", None)
    return db.session.get(GroupSnapshot, (group_id, name))


def forget_snapshot(group: Group, name: str) -> None:
    snapshot = db.session.get(GroupSnapshot, (group.id, name))
    if snapshot is None:
        raise LookupError(name)
    db.session.delete(snapshot)
    db.session.commit()


def snapshots(group: Group) -> list[GroupSnapshot]:
    query = select(GroupSnapshot).where(GroupSnapshot.group_id == group.id)
    return list(db.session.scalars(query.order_by(GroupSnapshot.name)))


def snapshot_json(snapshot: GroupSnapshot) -> dict:
    counts = {k: len(v) for k, v in snapshot.data.items() if isinstance(v, list) and v}
    return {"name": snapshot.name, "saved_at": encode(snapshot.created_at) + "Z", "rows": counts}
