"""Creating and changing test people, as the tester API, the console and the seed do.

What comes from the API or the console has passed the API's models (types, choices, lengths);
here are the rules that need the database or an algorithm: free logins, checksums, the password.
"""

from datetime import date

from sqlalchemy import select

from common.errors import ServiceError
from common.validators import is_valid_email, is_valid_snils, normalize_phone, snils_digits
from idp_mock import clock
from idp_mock.login import app_device, consent, sso
from idp_mock.login.passwords import hash_persona_password, password_problem
from idp_mock.models import Persona, db
from idp_mock.tester.transaction import all_or_nothing

EDITABLE = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_place",
    "gender",
    "inn",
    "level",
    "state",
    "citizenship",
    "phone_verified",
    "email_verified",
    "documents",
    "addresses",
    "roles",
    "registry",
    "description",
    "fixed_code",
    "script",
)


FIRST_OID = 1000000000
GROUP_OIDS = 3_000_000_000  # and up: the groups' copies of the cast (tester/group_cast.py)


def new_oid() -> int:
    below_groups = select(db.func.max(Persona.oid)).where(Persona.oid < GROUP_OIDS)
    highest = db.session.scalar(below_groups) or FIRST_OID
    return max(highest, FIRST_OID) + 1


def set_password(persona: Persona, password: str) -> None:
    problem = password_problem(password or "")
    if problem:
        raise ServiceError("password", problem)
    persona.password_hash = hash_persona_password(password)


def check_free(persona: Persona, column, value, field: str, what: str) -> None:
    """One login belongs to one person: refuse a phone, e-mail or SNILS someone else has."""
    if value is None:
        return
    owner = db.session.scalar(select(Persona.oid).where(column == value))
    if owner is not None and owner != persona.oid:
        raise ServiceError(field, f"{what} уже есть у другого пользователя (OID {owner})")


def canonical_email(value: str) -> str | None:
    return value.lower() if is_valid_email(value) else None


def canonical_snils(value: str) -> str | None:
    return snils_digits(value) if is_valid_snils(value) else None


# Each way to log in: its column, its canonical form (None when malformed), what to say.
IDENTIFIERS = {
    "phone": (
        Persona.phone,
        normalize_phone,
        "Укажите мобильный номер в формате +7 9XX XXX-XX-XX",
        "Этот телефон",
    ),
    "email": (
        Persona.email,
        canonical_email,
        "Укажите адрес почты в формате name@example.ru",
        "Эта почта",
    ),
    "snils": (
        Persona.snils,
        canonical_snils,
        "СНИЛС не проходит проверку контрольного числа",
        "Этот СНИЛС",
    ),
}


def set_identifiers(persona: Persona, data: dict) -> None:
    """Phone, e-mail and SNILS in their canonical form; an empty one is removed."""
    for field, (column, canonical, malformed, what) in IDENTIFIERS.items():
        if field not in data:
            continue
        value = canonical(data[field]) if data[field] else None
        if data[field] and value is None:
            raise ServiceError(field, malformed)
        check_free(persona, column, value, field, what)
        setattr(persona, field, value)


def apply(persona: Persona, data: dict) -> Persona:
    """Copy tester-supplied fields onto a persona, checking the ones with rules."""
    set_identifiers(persona, data)
    if data.get("state") == "blocked" and persona.oid:
        sso.revoke_person(persona.oid)
    if "birth_date" in data:
        persona.birth_date = date.fromisoformat(data["birth_date"])
    if "password" in data:
        set_password(persona, data["password"])
    if "locked_until" in data and data["locked_until"] is None:
        unlock(persona)
    for field in EDITABLE:
        if field in data:
            setattr(persona, field, data[field])
    persona.updated_at = clock.now()
    return persona


def unlock(persona: Persona) -> None:
    """A trainer's unlock: the person may try again now, lockout and code limits lifted."""
    clock.follow(persona)
    persona.locked_until, persona.failed_logins = None, 0
    persona.codes_counted_from = clock.now()


def chosen_oid(oid: int | None) -> int:
    if oid is None:
        return new_oid()
    if oid >= GROUP_OIDS:
        raise ServiceError("oid", f"OID от {GROUP_OIDS} отведены группам: укажите меньший")
    if db.session.get(Persona, oid) is not None:
        raise ServiceError("oid", f"OID {oid} уже занят")
    return oid


def create(data: dict) -> Persona:
    """A new test person from tester JSON, stored; raises ServiceError naming the bad field."""
    with all_or_nothing():
        return new_persona(data)


def new_persona(data: dict) -> Persona:
    """A new test person added to the session, not yet stored."""
    if not (data.get("phone") or data.get("email")):
        raise ServiceError("phone", "Нужен телефон или почта для входа")
    persona = Persona(
        oid=chosen_oid(data.get("oid")),
        failed_logins=0,
        documents=[],
        addresses=[],
        roles=[],
        registry={},
    )
    db.session.add(apply(persona, data))
    return persona


def as_json(persona: Persona, consents: list[dict] | None = None) -> dict:
    """The person as the tester API shows them; `consents` when read already for a list."""
    if consents is None:
        consents = consent.as_json_of([persona.oid])[persona.oid]
    return {
        "oid": persona.oid,
        "email": persona.email,
        "phone": persona.phone,
        "snils": persona.snils,
        "last_name": persona.last_name,
        "first_name": persona.first_name,
        "middle_name": persona.middle_name,
        "birth_date": persona.birth_date.isoformat(),
        "birth_place": persona.birth_place,
        "gender": persona.gender,
        "inn": persona.inn,
        "citizenship": persona.citizenship,
        "level": persona.level,
        "state": persona.state or "active",
        "trusted": persona.trusted,
        "phone_verified": persona.phone_verified,
        "email_verified": persona.email_verified,
        "documents": persona.documents,
        "addresses": persona.addresses,
        "roles": persona.roles,
        "registry": persona.registry,
        "description": persona.description,
        "failed_logins": persona.failed_logins,
        "locked_until": persona.locked_until.isoformat() + "Z" if persona.locked_until else None,
        "fixed_code": persona.fixed_code,
        "script": persona.script or {},
        "group": persona.group_id,
        "consents": consents,
    }


def listed() -> list[Persona]:
    """The stand's own people (a group's are listed with their group)."""
    query = select(Persona).where(Persona.group_id.is_(None)).order_by(Persona.oid)
    return list(db.session.scalars(query))


def listed_as_json() -> list[dict]:
    """The stand's own people as the tester API shows them, their consents read at once."""
    people = listed()
    consents = consent.as_json_of([persona.oid for persona in people])
    return [as_json(persona, consents[persona.oid]) for persona in people]


def change(persona: Persona, data: dict) -> Persona:
    """Apply tester changes and store them; when one is refused, none is stored."""
    with all_or_nothing():
        return apply(persona, data)


def delete(persona: Persona) -> None:
    """The person goes, and with them their tokens, signed-in apps, consents and installed
    certificates. Tokens are revoked first, as SQLite keeps rows whose person is gone (no
    foreign-key enforcement), and a refresh must not find them live."""
    # Imported here: the signature module reads the seed, which builds on this module.
    from idp_mock.login import key_containers
    from idp_mock.profile import checks

    sso.revoke_person(persona.oid)
    app_device.forget_person(persona.oid)
    checks.forget_person(persona.oid)
    consent.forget_person(persona.oid)
    key_containers.forget_certificates_of(persona.snils)
    db.session.delete(persona)
    db.session.commit()
