"""Helpers the tester API's tests share: a refusal check, logging in, an id_token, a new person."""

import re

import pytest

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, query_of, step_of

RUSSIAN = re.compile(r"[А-Яа-яЁё]")
# 223344556 followed by its two check digits.
NEW_PERSON_SNILS = "22334455639"


def _assert_invalid(response, field: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert body["field"] == field
    assert RUSSIAN.search(body["error"]), body["error"]


def _log_in(app, rp, phone: str, password: str = DEMO_PASSWORD):
    """The password step's response for `phone` in a browser of its own, and that browser."""
    browser = GosuslugiUser(app.test_client())
    browser.start(rp.v1_params())
    return browser.password(phone, password), browser


def _id_token_of(app, rp, phone: str = DOCTOR_PHONE, password: str = DEMO_PASSWORD) -> str:
    """The id_token of a whole v1 journey by `phone` with `password`, in a browser of its own."""
    client = app.test_client()
    browser = GosuslugiUser(client)
    browser.start(rp.v1_params())
    assert step_of(browser.password(phone, password)) == "/login/code"
    answer = browser.consented(browser.enter_code(latest_code(client, phone)))
    code = query_of(answer.headers["Location"])["code"]
    response = client.post("/aas/oauth2/te", data=rp.v1_token_params(code))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id_token"]


def _new_person(**changes) -> dict:
    person = {
        "last_name": "Тестова",
        "first_name": "Анна",
        "middle_name": "Петровна",
        "birth_date": "1990-02-03",
        "gender": "F",
        "phone": "+79161110001",
        "email": "testova@example.ru",
        "snils": NEW_PERSON_SNILS,
        "password": "Strong-Pass1",
        "level": "confirmed",
    }
    return {**person, **changes}


@pytest.fixture(name="assert_invalid")
def assert_invalid_fixture():
    """A check that a response is a 422 naming `field` with a Russian message."""
    return _assert_invalid


@pytest.fixture(name="log_in")
def log_in_fixture():
    """log_in(app, rp, phone, password): the password step's response and its browser."""
    return _log_in


@pytest.fixture(name="id_token_of")
def id_token_of_fixture():
    """id_token_of(app, rp, phone, password): the id_token of a whole v1 journey."""
    return _id_token_of


@pytest.fixture(name="new_person")
def new_person_fixture():
    """new_person(**changes): the JSON body of a valid new persona, with `changes` applied."""
    return _new_person
