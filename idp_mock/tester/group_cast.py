"""A group's copies of the demo cast: each copy its own Иванова…Волкова with logins made from
the group's id and the copy's number, so a printed class sheet stays right after a reset and
no two groups (nor the stand's own people) share a phone, an e-mail, a SNILS or an OID."""

from idp_mock import clock
from idp_mock.login.passwords import hash_persona_password
from idp_mock.models import Persona
from idp_mock.tester import personas, seed

GROUP_OID_BASE = personas.GROUP_OIDS
MAX_COPIES = 99
MAX_GROUP_ID = 99_999


def oid(group_id: int, copy: int, index: int) -> int:
    return GROUP_OID_BASE + group_id * 1000 + copy * 10 + index


def phone(group_id: int, copy: int, index: int) -> str:
    """+7 98G GGG GCC I: a mobile number no real subscriber is given in class."""
    return f"+798{group_id:05d}{copy:02d}{index}"


def email(local: str, group_id: int, copy: int) -> str:
    return f"{local}-g{group_id}-{copy}@class.example"


def snils(group_id: int, copy: int, index: int) -> str:
    return seed.snils(800_000_000 + group_id * 1000 + copy * 10 + index)


def copy_of(person: dict, group_id: int, copy: int, index: int) -> dict:
    """One demo person made over for seat `copy` of the group."""
    made = {
        **person,
        "oid": oid(group_id, copy, index),
        "phone": phone(group_id, copy, index),
        "email": email(person["email"].split("@")[0], group_id, copy),
    }
    if person.get("snils"):
        made["snils"] = snils(group_id, copy, index)
    return made


def cast(group_id: int, copies: int) -> list[dict]:
    """Every person of every copy, as tester JSON."""
    people = seed.demo_people(clock.now().date())
    demo = [seed.with_documents(p, i) for i, p in enumerate(people, start=1)]
    return [
        copy_of(person, group_id, copy, index)
        for copy in range(1, copies + 1)
        for index, person in enumerate(demo, start=1)
    ]


def make_people(group_id: int, copies: int) -> list[Persona]:
    """The copies added to the session: the demo password is hashed once for all of them."""
    password_hash = hash_persona_password(seed.DEMO_PASSWORD)
    made = []
    for data in cast(group_id, copies):
        own_oid = data.pop("oid")  # in the groups' range, which the tester API refuses
        persona = personas.new_persona(data)
        persona.oid, persona.password_hash, persona.group_id = own_oid, password_hash, group_id
        made.append(persona)
    return made


def seat(persona: Persona) -> int | None:
    """The copy a group's person belongs to (None: added to the group by hand)."""
    number = persona.oid - GROUP_OID_BASE - persona.group_id * 1000
    return number // 10 if 0 < number < 1000 and persona.oid >= GROUP_OID_BASE else None
