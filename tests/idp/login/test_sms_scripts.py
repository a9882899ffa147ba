"""Scripted SMS failures: a person whose SMS never arrives, and login.gov-style magic numbers."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, step_of
from tests.support.pages import Page

API = "/_mock/api"
MAGIC_PHONE = "+79000000001"


def sms_to(client, phone: str) -> list:
    return client.get(f"{API}/messages", query_string={"to": phone}).get_json()


def test_a_person_scripted_sms_never_gets_no_code_but_may_resend(client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    client.patch(f"{API}/personas/{oid}", json={"script": {"sms": "never"}})
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    assert sms_to(client, DOCTOR_PHONE) == []
    assert "Введите код из СМС" in Page(client.get(browser.code_url())).text


def test_an_sms_to_a_magic_number_never_arrives(client, registered, demo):
    person = {
        "last_name": "Магия",
        "first_name": "Номер",
        "birth_date": "1990-01-01",
        "gender": "M",
        "phone": MAGIC_PHONE,
        "password": "Strong-Pass1",
        "level": "standard",
    }
    assert client.post(f"{API}/personas", json=person).status_code == 201
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    assert step_of(browser.password(MAGIC_PHONE, "Strong-Pass1")) == "/login/code"
    assert sms_to(client, MAGIC_PHONE) == []


def test_an_ordinary_number_gets_its_sms(client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert sms_to(client, DOCTOR_PHONE)[0]["code"]
