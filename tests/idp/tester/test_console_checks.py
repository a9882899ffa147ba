"""What the console takes in is checked by the tester API's own models: a wrong row of an import,
a wrong field of a person's form or of a fault is told in Russian next to its field, and nothing
of it is stored. A refused API change stores nothing either."""

import json

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser
from tests.support.pages import Page
from tests.support.persona_console import edit_persona

API = "/_mock/api"
PEOPLE = "/_mock/personas"
IMPORT = "/_mock/personas/import"


def submit(client, page_url: str, action: str, **fields):
    page = client.get(page_url)
    assert page.status_code == 200, page.text
    return client.post(action, data={"csrf_token": Page(page.text).csrf_token, **fields})


def exported(client) -> list[dict]:
    return json.loads(client.get(f"{PEOPLE}/export").data)


def newcomer(person: dict, **changes) -> dict:
    """A copy of an exported person under a new OID, with logins of its own."""
    copy = {**person, "oid": 1000000999, "phone": "+79160009999", "email": "new@example.ru"}
    copy.pop("snils")
    return {**copy, **changes}


def import_error(response) -> str:
    assert response.status_code == 422, response.text
    assert 'id="data-error"' in response.text
    start = response.text.index('id="data-error"')
    return response.text[start : start + 400]


def test_an_import_row_with_a_wrong_nested_type_is_told_with_its_number_and_nothing_is_stored(
    client, demo
):
    people = exported(client)
    people[0]["first_name"] = "Марина"
    wrong = newcomer(people[0], documents=[{"id": "первый", "type": "RF_PASSPORT"}])
    response = submit(client, PEOPLE, IMPORT, data=json.dumps([people[0], wrong]))
    error = import_error(response)
    assert "Пользователь № 2" in error and "documents[0].id: целое число" in error
    assert client.get(f"{API}/personas/1000000999").status_code == 404
    first = client.get(f"{API}/personas/{people[0]['oid']}").get_json()
    assert first["first_name"] == "Мария"


def test_a_wrong_type_deep_in_the_registry_facts_is_refused(client, demo):
    before = client.get(f"{API}/personas").get_json()
    people = exported(client)
    people[1]["registry"]["frmr"]["certificate"]["valid_until"] = 20300101
    response = submit(client, PEOPLE, IMPORT, data=json.dumps(people))
    error = import_error(response)
    assert "Пользователь № 2" in error and "registry.frmr.certificate.valid_until" in error
    assert client.get(f"{API}/personas").get_json() == before


def test_a_row_breaking_a_rule_of_the_database_is_told_with_its_number(client, demo):
    people = exported(client)
    taken = newcomer(people[0], phone=people[1]["phone"])
    response = submit(client, PEOPLE, IMPORT, data=json.dumps([taken]))
    error = import_error(response)
    assert "Пользователь № 1" in error and "Этот телефон уже есть" in error
    assert client.get(f"{API}/personas/1000000999").status_code == 404


def test_a_new_person_without_a_name_is_refused_by_the_models_rule(client, demo):
    person = newcomer(exported(client)[0])
    person.pop("last_name")
    error = import_error(submit(client, PEOPLE, IMPORT, data=json.dumps([person])))
    assert "Пользователь № 1" in error and "Укажите last_name" in error


def test_the_whole_export_imports_back_unchanged(client, demo):
    people = exported(client)
    response = submit(client, PEOPLE, IMPORT, data=json.dumps(people))
    assert response.status_code == 303
    assert exported(client) == people


def test_a_list_nested_too_deep_is_refused_not_a_server_error(client, demo):
    response = submit(client, PEOPLE, IMPORT, data="[" * 5000 + "]" * 5000)
    assert response.status_code == 422 and 'id="data-error"' in response.text


def test_a_script_that_is_not_an_object_is_told_next_to_its_field(client, demo):
    oid = demo[DOCTOR_PHONE]
    response = edit_persona(client, oid, script='["deny"]')
    assert response.status_code == 422 and 'id="script-error"' in response.text
    assert client.get(f"{API}/personas/{oid}").get_json()["script"] != ["deny"]


def test_a_script_outcome_the_api_refuses_the_console_refuses_too(client, demo):
    oid = demo[DOCTOR_PHONE]
    response = edit_persona(client, oid, script='{"app": "maybe"}')
    assert response.status_code == 422 and 'id="script-error"' in response.text


def test_a_fixed_code_of_letters_is_told_next_to_its_field(client, demo):
    oid = demo[DOCTOR_PHONE]
    response = edit_persona(client, oid, fixed_code="12ab56")
    assert response.status_code == 422 and 'id="fixed_code-error"' in response.text
    assert client.get(f"{API}/personas/{oid}").get_json()["fixed_code"] is None


def test_a_deeply_nested_script_is_refused_not_a_server_error(client, demo):
    oid = demo[DOCTOR_PHONE]
    response = edit_persona(client, oid, script="[" * 1900 + "]" * 1900)
    assert response.status_code == 422 and 'id="script-error"' in response.text


def test_an_unknown_fault_kind_is_told_next_to_its_field(client):
    response = submit(client, "/_mock/faults", "/_mock/faults", kind="meltdown", path="/")
    assert response.status_code == 422 and 'id="kind-error"' in response.text
    assert client.get(f"{API}/faults").get_json() == []


def test_a_refused_change_of_a_person_ends_none_of_their_sessions(client, registered, demo):
    GosuslugiUser(client).log_in(registered.v1_params())
    (session,) = client.get(f"{API}/sessions").get_json()
    response = client.patch(
        f"{API}/personas/{session['oid']}", json={"state": "blocked", "password": "weak"}
    )
    assert response.status_code == 422 and response.get_json()["field"] == "password"
    assert client.get(f"{API}/sessions").get_json()[0]["active"] is True
    assert client.get(f"{API}/personas/{session['oid']}").get_json()["state"] == "active"
