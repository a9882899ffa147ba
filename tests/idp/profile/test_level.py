"""The account level: registration gives a simplified account, the personal data checks a
standard one, and a bank or a letter's code a confirmed one, each scriptable."""

import pytest

from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import latest_code
from tests.support.pages import Page
from tests.support.profile import ProfileUser

NEW_PHONE = "+79167770011"


@pytest.fixture
def standard(client, demo) -> ProfileUser:
    with client.application.app_context():
        db.session.get(Persona, demo[DOCTOR_PHONE]).level = "standard"
        db.session.commit()
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    return person


def level_of(client, oid: int) -> str:
    return client.get(f"/_mock/api/personas/{oid}").get_json()["level"]


def test_a_bank_confirms_a_standard_account(standard, client, demo):
    assert standard.post("/profile/level", "/profile/level/bank").status_code == 303
    assert level_of(client, demo[DOCTOR_PHONE]) == "confirmed"


def test_a_scripted_bank_refusal_says_what_to_do(standard, client, demo):
    client.patch(
        f"/_mock/api/personas/{demo[DOCTOR_PHONE]}", json={"script": {"confirm_bank": "fail"}}
    )
    refused = standard.post("/profile/level", "/profile/level/bank")
    assert refused.status_code == 422 and "Банк не смог" in Page(refused).text
    assert level_of(client, demo[DOCTOR_PHONE]) == "standard"


def test_the_code_from_a_letter_confirms_the_account(standard, client, demo):
    assert standard.post("/profile/level", "/profile/level/letter").status_code == 303
    letter = client.get("/_mock/api/messages").get_json()[0]
    assert letter["channel"] == "post"
    confirmed = standard.post("/profile/level", "/profile/level/letter/code", code=letter["code"])
    assert confirmed.status_code == 303
    assert level_of(client, demo[DOCTOR_PHONE]) == "confirmed"


def test_a_simplified_account_cannot_skip_to_confirmed(client, demo):
    with client.application.app_context():
        db.session.get(Persona, demo[DOCTOR_PHONE]).level = "simplified"
        db.session.commit()
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    assert person.page("/profile/level").testid("confirm-bank") is None
    refused = person.post("/profile/personal/edit", "/profile/level/bank")
    assert refused.status_code == 422
    assert level_of(client, demo[DOCTOR_PHONE]) == "simplified"


NEWCOMER = {
    "last_name": "Новикова",
    "first_name": "Анна",
    "gender": "F",
    "birth_date": "14.03.1990",
    "phone": "8 916 777-00-11",
    "password": "Registr-2026!",
}


def test_registration_gives_a_simplified_account_after_the_phones_code(client, demo):
    registered = ProfileUser(client).post("/profile/register", **NEWCOMER)
    assert registered.status_code == 303
    code = latest_code(client, NEW_PHONE)
    done = ProfileUser(client).post("/profile/register/code", code=code)
    assert done.status_code == 303
    page = ProfileUser(client).page("/profile")
    assert page.text_of("profile-name") == "Новикова Анна"
    assert page.text_of("profile-level") == "упрощённая"


def test_registration_refuses_a_weak_password_and_keeps_what_was_typed(client, demo):
    refused = ProfileUser(client).post("/profile/register", **{**NEWCOMER, "password": "weak"})
    assert refused.status_code == 422
    page = Page(refused)
    assert "не короче 8" in page.field_error("password")
    assert page.form().fields["last_name"] == "Новикова"
