"""A person's page in the console changes everything the API's PATCH does that a tester reasons
about, registry facts included; the registries the cabinet reads answer with the change."""

import json

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.pages import Page
from tests.support.persona_console import edit_persona, person_url

API = "/_mock/api/personas"
REVIEWER_PHONE = "+79161234506"


def person(client, oid: int) -> dict:
    return client.get(f"{API}/{oid}").get_json()


def saved(client, oid: int, **changes) -> dict:
    response = edit_persona(client, oid, **changes)
    assert response.status_code == 303, Page(response).field_errors
    assert "Изменения сохранены" in Page(client.get(person_url(oid))).flashes
    return person(client, oid)


def registry_answer(client, oid: int, path: str):
    snils = person(client, oid)["snils"]
    return client.get(f"/registries/{path}/{snils}")


def test_the_page_shows_every_group_as_the_person_has_it(client, demo):
    page = Page(client.get(person_url(demo[DOCTOR_PHONE])))
    legends = [legend.get_text() for legend in page.soup.find_all("legend")]
    assert legends[:3] == ["Человек", "Вход и контакты", "Учётная запись"]
    assert any(legend.startswith("ФРМР") for legend in legends)
    fields = page.form(person_url(demo[DOCTOR_PHONE])).fields
    assert fields["last_name"] == "Иванова" and fields["birth_date"] == "1986-03-14"
    assert fields["sfr"] == "match" and fields["frmr"] == "present"
    assert fields["certificate_specialty"] == "Терапия" and fields["licence_status"] == "active"
    assert all(
        tag.get("data-testid")
        for tag in page.soup.select(
            "form input:not([type=hidden]), form select, form textarea, form button"
        )
    )


def test_the_person_group_changes_names_and_a_hand_typed_birth_date(client, demo):
    oid = demo[DOCTOR_PHONE]
    after = saved(client, oid, last_name="Иванова-Петрова", middle_name="", birth_date="01.12.1985")
    assert after["last_name"] == "Иванова-Петрова" and after["middle_name"] == ""
    assert after["birth_date"] == "1985-12-01"
    assert registry_answer(client, oid, "sfr/snils").get_json()["lastName"] == "Иванова-Петрова"


def test_the_contacts_group_changes_the_logins(client, demo):
    oid = demo[DOCTOR_PHONE]
    after = saved(client, oid, phone="8 916 555-44-33", email="New@Example.ru", snils="")
    assert after["phone"] == "+79165554433" and after["email"] == "new@example.ru"
    assert after["snils"] is None


def test_the_account_group_changes_level_state_and_the_fac_role(client, demo):
    oid = demo[DOCTOR_PHONE]
    after = saved(client, oid, level="standard", state="verifying", reviewer="y")
    assert after["level"] == "standard" and after["state"] == "verifying"
    assert [role["shortName"] for role in after["roles"]] == ["ФАЦ"]
    reviewer = demo[REVIEWER_PHONE]
    assert saved(client, reviewer, reviewer=None)["roles"] == []


def test_unticked_contacts_are_unverified_and_the_cabinet_would_see_it(client, demo):
    oid = demo[DOCTOR_PHONE]
    after = saved(client, oid, phone_verified=None, email_verified="y", inn="500100732259")
    assert after["phone_verified"] is False and after["email_verified"] is True
    assert after["inn"] == "500100732259"
    assert saved(client, oid, phone_verified="y", citizenship="kaz")["citizenship"] == "KAZ"


def test_documents_addresses_and_education_are_changed_as_json(client, demo):
    oid = demo[DOCTOR_PHONE]
    lists = json.loads(Page(client.get(person_url(oid))).form(person_url(oid)).fields["extra"])
    assert lists["documents"][0]["type"] == "RF_PASSPORT" and lists["education"]
    lists["documents"][0]["number"] = "999999"
    lists["education"] = lists["education"][:1]
    after = saved(client, oid, extra=json.dumps(lists, ensure_ascii=False))
    assert after["documents"][0]["number"] == "999999"
    assert after["registry"]["frmr"]["education"] == lists["education"]
    assert after["addresses"] == lists["addresses"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("[1, 2]", "Нужен объект JSON"),
        ('{"roles": []}', "Нужен объект JSON"),
        ('{"documents": [{"id": "первый"}]}', "documents[0].id: целое число"),
        ('{"education": [{"kind": "courses"}]}', "registry.frmr.education[0].kind"),
    ],
)
def test_wrong_documents_json_is_told_next_to_it(client, demo, extra, words):
    oid = demo[DOCTOR_PHONE]
    before = person(client, oid)
    response = edit_persona(client, oid, extra=extra)
    assert response.status_code == 422
    assert words in Page(response).field_error("extra")
    assert Page(response).form(person_url(oid)).fields["extra"] == extra
    assert person(client, oid) == before


def test_a_new_password_from_the_page_lets_the_person_in(client, demo, log_in, registered):
    saved(client, demo[DOCTOR_PHONE], password="Other-Pass2#")
    response, _ = log_in(client.application, registered, DOCTOR_PHONE, "Other-Pass2#")
    assert step_of(response) == "/login/code"


def test_an_sfr_mismatch_makes_the_sfr_answer_another_surname(client, demo):
    oid = demo[DOCTOR_PHONE]
    saved(client, oid, sfr="mismatch", sfr_last_name="Петрова")
    assert registry_answer(client, oid, "sfr/snils").get_json()["lastName"] == "Петрова"
    fields = Page(client.get(person_url(oid))).form(person_url(oid)).fields
    assert fields["sfr"] == "mismatch" and fields["sfr_last_name"] == "Петрова"
    saved(client, oid, sfr="match")
    assert registry_answer(client, oid, "sfr/snils").get_json()["lastName"] == "Иванова"


def test_a_snils_missing_from_the_sfr_is_not_found_there(client, demo):
    oid = demo[DOCTOR_PHONE]
    assert saved(client, oid, sfr="missing")["registry"]["sfr"]["registered"] is False
    assert registry_answer(client, oid, "sfr/snils").status_code == 404


def test_the_frmr_certificate_is_changed_and_its_education_kept(client, demo):
    oid = demo[DOCTOR_PHONE]
    education = person(client, oid)["registry"]["frmr"]["education"]
    saved(
        client,
        oid,
        certificate_kind="certificate",
        certificate_number="1177241234567",
        certificate_specialty="Кардиология",
        certificate_issued="15.01.2021",
        certificate_valid_until="2026-01-15",
        certificate_status="revoked",
    )
    worker = registry_answer(client, oid, "frmr/workers").get_json()
    assert worker["certificates"] == [
        {
            "kind": "certificate",
            "number": "1177241234567",
            "specialty": "Кардиология",
            "issued": "2021-01-15",
            "valid_until": "2026-01-15",
            "status": "revoked",
        }
    ]
    assert worker["education"] == education


def test_a_worker_missing_from_frmr_is_not_found_there(client, demo):
    oid = demo[DOCTOR_PHONE]
    assert "frmr" not in saved(client, oid, frmr="missing")["registry"]
    assert registry_answer(client, oid, "frmr/workers").status_code == 404


def test_the_licence_group_changes_what_roszdravnadzor_answers(client, demo):
    oid = demo[DOCTOR_PHONE]
    saved(
        client,
        oid,
        licence_number="Л041-00001",
        licence_organisation="ГКБ № 1",
        licence_status="suspended",
    )
    licence = registry_answer(client, oid, "licences/by-worker").get_json()
    assert licence == {"number": "Л041-00001", "organisation": "ГКБ № 1", "status": "suspended"}
    saved(client, oid, licence="missing")
    assert registry_answer(client, oid, "licences/by-worker").status_code == 404


def test_a_person_without_registry_facts_gets_them_from_the_page(client, demo):
    oid = demo["+79161234505"]
    after = saved(
        client,
        oid,
        snils="223-344-556 39",
        frmr="present",
        certificate_valid_until="2030-06-01",
        licence="present",
        licence_status="revoked",
    )
    assert after["registry"]["frmr"]["certificate"]["valid_until"] == "2030-06-01"
    assert registry_answer(client, oid, "licences/by-worker").get_json()["status"] == "revoked"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sfr": "mismatch", "sfr_last_name": ""}, "sfr_last_name", "Введите фамилию"),
        ({"certificate_valid_until": ""}, "certificate_valid_until", "Введите дату"),
        ({"certificate_valid_until": "2030-02-30"}, "certificate_valid_until", "ДД.ММ.ГГГГ"),
        ({"certificate_issued": "вчера"}, "certificate_issued", "ДД.ММ.ГГГГ"),
        ({"certificate_number": "9" * 301}, "certificate_number", "Сократите до 300"),
        ({"certificate_status": "valid"}, "certificate_status", "Выберите значение"),
        ({"licence_status": "frozen"}, "licence_status", "Выберите значение"),
        ({"frmr": "maybe"}, "frmr", "Выберите значение"),
        ({"last_name": ""}, "last_name", "Введите фамилию"),
        ({"birth_date": "1986/03/14"}, "birth_date", "ДД.ММ.ГГГГ"),
        ({"snils": "112-233-401 00"}, "snils", "контрольного числа"),
        ({"phone": "+79161234502"}, "phone", "уже есть у другого"),
        ({"fixed_code": "12ab56"}, "fixed_code", "6 цифр"),
        ({"script": "{}" + " " * 4000}, "script", "Сократите до 4000"),
        ({"description": "Д" * 1001}, "description", "Сократите до 1000"),
        ({"password": "weak"}, "password", "пароль"),
    ],
)
def test_each_bad_field_is_told_next_to_it_keeping_what_was_typed(
    client, demo, changes, field, words
):
    oid = demo[DOCTOR_PHONE]
    before = person(client, oid)
    response = edit_persona(client, oid, licence_number="Л-набрано", **changes)
    page = Page(response)
    assert response.status_code == 422
    assert words.lower() in page.field_error(field).lower()
    assert page.title.startswith("Ошибка")
    kept = page.form(person_url(oid)).fields
    assert kept["licence_number"] == "Л-набрано"
    for name, value in changes.items():
        if name != "password" and not name.endswith(("status", "frmr")):
            assert kept[name] == value
    assert person(client, oid) == before


def test_a_change_without_the_csrf_token_is_refused_and_nothing_stored(client, demo):
    oid = demo[DOCTOR_PHONE]
    before = person(client, oid)
    fields = Page(client.get(person_url(oid))).form(person_url(oid)).fields
    fields.pop("csrf_token")
    url = person_url(oid)
    response = client.post(
        url,
        data={**fields, "licence_status": "revoked"},
        headers={"Referer": f"http://localhost{url}"},
    )
    assert response.status_code == 303 and response.headers["Location"] == url
    assert person(client, oid) == before


def test_an_unknown_person_is_not_found(client, demo):
    assert client.get(person_url(1999999999)).status_code == 404
    assert edit_persona_unknown(client).status_code == 404
    assert client.get(f"{person_url(1999999999)}/export").status_code == 404


def edit_persona_unknown(client):
    token = Page(client.get(person_url(1000000101))).csrf_token
    return client.post(person_url(1999999999), data={"csrf_token": token, "last_name": "Х"})


def test_one_person_exports_as_json_that_imports_back(client, demo):
    oid = demo[DOCTOR_PHONE]
    exported = client.get(f"{person_url(oid)}/export")
    assert exported.headers["Content-Disposition"] == f'attachment; filename="persona-{oid}.json"'
    rows = json.loads(exported.data)
    assert rows == [person(client, oid)]
    rows[0]["registry"]["licence"]["status"] = "revoked"
    token = Page(client.get("/_mock/personas")).csrf_token
    imported = client.post(
        "/_mock/personas/import", data={"csrf_token": token, "data": json.dumps(rows)}
    )
    assert imported.status_code == 303
    assert person(client, oid)["registry"]["licence"]["status"] == "revoked"
