"""One group's state as rows: its people and everything tied to them (logins, codes, sessions,
tokens, recoveries, app sign-ins, biometric history, consents, the login timeline), its outbox,
faults, source limits and clock. Saved for a group's snapshot and wiped for its reset or deletion,
without touching any other group or the stand's own people."""

from sqlalchemy import delete, select

from common.table_rows import decode, encode
from idp_mock.login import key_containers
from idp_mock.models import (
    AppConfirmation,
    AppDevice,
    AuthCode,
    AuthRequest,
    BiometricState,
    ConsentGrant,
    Fault,
    Group,
    IssuedToken,
    LoginThrottle,
    Message,
    OtpChallenge,
    Persona,
    ProfileCheck,
    Recovery,
    SsoSession,
    TimelineEvent,
    db,
)

# Parents first, as they are put back.
PERSON_TABLES = (
    AuthRequest,
    OtpChallenge,
    SsoSession,
    AuthCode,
    IssuedToken,
    Recovery,
    AppConfirmation,
    BiometricState,
    AppDevice,
    ProfileCheck,
    ConsentGrant,
)


def group_oids(group_id: int):
    return select(Persona.oid).where(Persona.group_id == group_id)


def conditions(group_id: int) -> list[tuple]:
    """Each table of a group's state with the rows of it that are the group's, parents first."""
    oids = group_oids(group_id)
    flows = select(AuthRequest.id).where(AuthRequest.persona_oid.in_(oids))
    return [
        (Persona, Persona.group_id == group_id),
        *[(model, model.persona_oid.in_(oids)) for model in PERSON_TABLES],
        (TimelineEvent, TimelineEvent.auth_request_id.in_(flows)),
        (Message, Message.group_id == group_id),
        (Fault, Fault.group_id == group_id),
        (LoginThrottle, LoginThrottle.source.startswith(f"group{group_id}:")),
    ]


def rows_of(model, condition) -> list[dict]:
    table = model.__table__
    found = db.session.execute(select(table).where(condition)).mappings()
    return [{key: encode(value) for key, value in row.items()} for row in found]


def dump(group_id: int) -> dict:
    """The group's state as JSON values, by table name."""
    group = db.session.get(Group, group_id)
    data = {model.__tablename__: rows_of(model, where) for model, where in conditions(group_id)}
    return {**data, "clock_offset": group.clock_offset}


def wipe(group_id: int) -> None:
    """Remove the group's people and state, children first; the caller commits."""
    for snils in db.session.scalars(select(Persona.snils).where(Persona.group_id == group_id)):
        key_containers.forget_certificates_of(snils)
    for model, condition in reversed(conditions(group_id)):
        db.session.execute(
            delete(model).where(condition).execution_options(synchronize_session=False)
        )
    db.session.expunge_all()


def load(group_id: int, data: dict) -> None:
    """Put back rows `dump` gave (after `wipe`); the caller commits."""
    for model, _ in conditions(group_id):
        table = model.__table__
        rows = [
            {key: decode(table.c[key], value) for key, value in row.items()}
            for row in data.get(table.name, [])
        ]
        if rows:
            db.session.execute(table.insert(), rows)
    db.session.get(Group, group_id).clock_offset = data.get("clock_offset", 0)
