"""«Новый пользователь» in the console: a form that creates a test person as the API's POST does,
every bad field told in Russian next to it with what was typed kept."""

import pytest

import idp_mock
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.pages import Page
from tests.support.persona_console import NEW, PEOPLE, create_persona, new_person_fields

API = "/_mock/api/personas"
RUSSIAN_WORD = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def people_count(client) -> int:
    return len(client.get(API).get_json())


def created(client, response) -> dict:
    assert response.status_code == 303, Page(response).field_errors
    oid = int(response.headers["Location"].rsplit("/", 1)[1])
    return client.get(f"{API}/{oid}").get_json()


def test_the_people_page_leads_to_the_new_person_form(client):
    link = Page(client.get(PEOPLE)).testid("persona-new")
    assert link["href"] == NEW
    page = Page(client.get(NEW))
    assert page.h1 == "Новый пользователь"
    assert [legend.get_text() for legend in page.soup.find_all("legend")] == [
        "Человек", "Вход и контакты", "Учётная запись"
    ]  # fmt: skip


def test_a_person_made_with_the_form_is_in_the_api_as_typed(client, demo):
    person = created(client, create_persona(client, **new_person_fields()))
    assert person["last_name"] == "Орлова" and person["middle_name"] == "Павловна"
    assert person["birth_date"] == "1988-04-12" and person["gender"] == "F"
    assert person["phone"] == "+79161110077" and person["email"] == "orlova@example.ru"
    assert person["snils"] == "22334455639" and person["level"] == "confirmed"
    assert person["state"] == "active" and person["roles"] == []
    assert "Пользователь создан" in Page(client.get(f"{PEOPLE}/{person['oid']}")).flashes


def test_a_birth_date_typed_by_hand_as_day_month_year_is_read(client):
    person = created(client, create_persona(client, **new_person_fields(birth_date="03.02.1990")))
    assert person["birth_date"] == "1990-02-03"


def test_a_reviewer_of_fac_gets_the_fac_role(client):
    response = create_persona(client, **new_person_fields(reviewer="y", level="confirmed"))
    (role,) = created(client, response)["roles"]
    assert role["shortName"] == "ФАЦ"


def test_the_new_person_logs_in_with_the_password_from_the_form(client, log_in, registered):
    created(client, create_persona(client, **new_person_fields()))
    response, _ = log_in(client.application, registered, "+79161110077", "Strong-Pass1!")
    assert step_of(response) == "/login/code"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("last_name", "", "Введите фамилию"),
        ("first_name", "", "Введите имя"),
        ("middle_name", "О" * 101, "Сократите до 100 символов"),
        ("birth_date", "", "Введите дату рождения"),
        ("birth_date", "31.02.2024", "в формате ДД.ММ.ГГГГ"),
        ("gender", "X", "Выберите значение из списка"),
        ("phone", "+7 777 123-45-67", "+7 9XX XXX-XX-XX"),
        ("email", "orlova.example.ru", "name@example.ru"),
        ("snils", "223-344-556 00", "контрольного числа"),
        ("level", "gold", "Выберите значение из списка"),
        ("state", "gone", "Выберите значение из списка"),
        ("password", "", "Введите пароль"),
        ("password", "short", "пароль"),
    ],
)
def test_each_bad_field_is_told_next_to_it_and_the_rest_is_kept(client, field, value, words):
    before = people_count(client)
    typed = new_person_fields(**{field: value})
    response = create_persona(client, **typed)
    page = Page(response)
    assert response.status_code == 422
    assert words.lower() in page.field_error(field).lower()
    assert any(letter in page.field_error(field).lower() for letter in RUSSIAN_WORD)
    assert page.title.startswith("Ошибка")
    assert page.error_summary_links[page.field_error(field)] == f"#{field}"
    kept = page.form(NEW).fields
    for name, typed_value in typed.items():
        if name != "password" and name not in ("gender", "level", "state"):
            assert kept[name] == typed_value, name
    assert people_count(client) == before


def test_a_person_with_neither_phone_nor_email_is_refused_at_the_phone(client):
    response = create_persona(client, **new_person_fields(phone="", email=""))
    assert response.status_code == 422
    assert "телефон или почта" in Page(response).field_error("phone")


def test_a_phone_someone_has_is_refused_naming_who(client, demo):
    response = create_persona(client, **new_person_fields(phone=DOCTOR_PHONE))
    assert response.status_code == 422
    assert f"OID {demo[DOCTOR_PHONE]}" in Page(response).field_error("phone")


def test_the_form_without_its_csrf_token_creates_nobody(client):
    before = people_count(client)
    response = client.post(
        NEW, data=new_person_fields(), headers={"Referer": f"http://localhost{NEW}"}
    )
    assert response.status_code == 303 and response.headers["Location"] == NEW
    assert people_count(client) == before


def test_with_an_admin_token_the_new_person_form_asks_for_it_first(idp_config, migrated):
    guarded = idp_mock.create_app({**idp_config, "ADMIN_TOKEN": "s3cret"}).test_client()
    response = guarded.get(NEW)
    assert response.status_code == 303 and response.headers["Location"].endswith("/_mock/enter")
    posted = guarded.post(NEW, data=new_person_fields())
    assert posted.status_code == 303 and "/_mock/personas/" not in posted.headers["Location"]
