"""Login through a bank: the bank's page and its own SMS code, only for linked accounts."""

import jwt
import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import latest_code, query_of, step_of
from tests.support.login_ways import AtTheBank
from tests.support.pages import Page

API = "/_mock/api"
STANDARD_PHONE = "+79161234504"


@pytest.fixture
def bank(client, registered, demo):
    return AtTheBank(client, registered)


def test_the_bank_list_offers_the_demo_banks(client, bank):
    page = client.get(f"/login/bank?rid={bank.rid}")
    for name in ("СимБанк", "Учебный банк", "Банк «Тренажёр»"):
        assert name in Page(page).text
    assert Page(page).testid("bank-simbank") is not None


def test_a_linked_customer_logs_in_with_the_banks_code_and_bnk_in_the_tokens(
    client, bank, registered
):
    assert bank.phone().status_code == 303
    sms = client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()[0]
    assert sms["body"].startswith("СимБанк:")
    response = bank.code(sms["code"])
    assert step_of(response) == "/consent"
    code = query_of(bank.browser.consent().headers["Location"])["code"]
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    assert jwt.decode(body["id_token"], options={"verify_signature": False})["amr"] == "BNK"


def test_the_banks_page_is_the_banks_own(client, bank):
    page = client.get(f"/bank/simbank/login?rid={bank.rid}")
    assert Page(page).title.endswith("— СимБанк (учебный банк)")
    assert Page(page).has_class("idp-bank--green")


def test_a_person_not_linked_to_the_bank_is_refused_next_to_the_field(client, registered, demo):
    bank = AtTheBank(client, registered, "uchebny")
    response = bank.phone()
    assert response.status_code == 422
    assert "Учебный банк не нашёл клиента" in Page(response).field_error("login")
    assert Page(response).form().fields["login"] == "8 916 123-45-01"


def test_a_person_without_a_bank_is_refused(bank):
    response = bank.phone(STANDARD_PHONE)
    assert response.status_code == 422


def test_a_malformed_phone_is_refused(bank):
    response = bank.phone("12345")
    assert response.status_code == 422
    assert "в формате +7 9XX" in Page(response).field_error("login")


def test_a_wrong_bank_code_is_refused_with_the_attempts_left(bank):
    bank.phone()
    response = bank.code("000000")
    assert response.status_code == 422
    assert "Осталось попыток: 2" in Page(response).field_error("code")


def test_the_bank_code_page_needs_the_phone_step_first(client, bank):
    response = client.get(f"/bank/simbank/code?rid={bank.rid}")
    assert response.status_code == 303 and "/login?" in response.headers["Location"]


def test_the_password_steps_person_cannot_skip_to_another_banks_code(client, bank):
    bank.browser.password(STANDARD_PHONE)
    code = latest_code(client, STANDARD_PHONE)
    token = Page(client.get(f"/bank/simbank/login?rid={bank.rid}").text).csrf_token
    url = f"/bank/simbank/code?rid={bank.rid}"
    response = client.post(url, data={"csrf_token": token, "code": code})
    assert response.status_code == 303 and "/login?" in response.headers["Location"]


def test_an_unknown_bank_is_404(client, bank):
    assert client.get(f"/bank/nobank/login?rid={bank.rid}").status_code == 404
