"""What the console sends in (a person's form, a JSON import of people, a fault) checked by the
tester API's own models, as the API's requests are, before the services store it: a wrong type
is refused in Russian next to its field, never stored and never a 500. And the people's export."""

import json

from common.converters import BIGGEST_ID
from common.errors import ServiceError
from common.tester_api.contract import checked
from idp_mock.models import Fault, Persona, db
from idp_mock.tester import faults, persona_forms_input, personas
from idp_mock.tester.api.bodies import FaultInput, NewPersona, PersonaChanges
from idp_mock.tester.seed import DEMO_PASSWORD
from idp_mock.tester.transaction import all_or_nothing

READ_ONLY = {"trusted", "failed_logins", "locked_until"}


def change_from_console(persona: Persona, data: dict) -> Persona:
    """The console form's changes, checked as a PATCH is, stored."""
    changes = persona_forms_input.changes(persona, data)
    return personas.change(persona, checked(PersonaChanges, changes))


def create_from_console(data: dict) -> Persona:
    """A new person from the console form, checked as a POST is, stored."""
    return personas.create(checked(NewPersona, persona_forms_input.person(data, [])))


def export() -> list[dict]:
    """Every person as the tester API shows them, to be imported elsewhere."""
    return personas.listed_as_json()


def import_json(text: str) -> int:
    """Create or update people from an export, each keeping its OID: all of them, or none."""
    rows = parsed_rows(text)
    with all_or_nothing():
        for number, row in enumerate(rows, start=1):
            store_row(number, row)
    return len(rows)


def parsed_rows(text: str) -> list[dict]:
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError):
        raise ServiceError("data", "Это не JSON. Вставьте выгрузку целиком") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ServiceError("data", "Нужен список пользователей в JSON: [{...}, {...}]")
    return rows


def store_row(number: int, row: dict) -> None:
    """One person of the import, checked as the API checks a PATCH (a person we have) or a POST;
    a refusal names the person's place in the list."""
    row = {key: value for key, value in row.items() if key not in READ_ONLY}
    existing = stored_person(row.get("oid"))
    try:
        if existing:
            personas.apply(existing, checked(PersonaChanges, row))
        else:
            personas.new_persona(checked(NewPersona, {"password": DEMO_PASSWORD, **row}))
    except ServiceError as error:
        raise ServiceError("data", f"Пользователь № {number} в списке: {error.message}") from None


def stored_person(oid) -> Persona | None:
    if isinstance(oid, bool) or not isinstance(oid, int) or not 0 < oid <= BIGGEST_ID:
        return None
    return db.session.get(Persona, oid)


def add_fault(form_data: dict) -> Fault:
    """The console's fault form, its filled fields checked as a POST /faults is, armed."""
    data = {k: v for k, v in form_data.items() if v not in (None, "") and k != "csrf_token"}
    return faults.add(checked(FaultInput, data))
