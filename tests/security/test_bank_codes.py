"""Bank login codes follow the login codes' rules: a resend pause, an hourly cap per person
and a cap per source; a stranger typing someone's phone at a bank neither locks the owner out
of the SMS login nor becomes the owner of the login attempt.

ASVS 5.0 2.4.1, 6.3.5, 6.6.3 (v4 2.2.1, 11.1.4); NIST 800-63B §5.2.2 rate limiting.
"""

from idp_mock.models import AuthRequest, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, step_of
from tests.support.login_ways import AtTheBank
from tests.support.pages import Page

API = "/_mock/api"


def sms_to(client, phone: str = DOCTOR_PHONE) -> list:
    return client.get(f"{API}/messages", query_string={"to": phone}).get_json()


def stranger(app, registered, address: str = "203.0.113.66") -> AtTheBank:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return AtTheBank(client, registered)


def test_a_second_bank_code_within_the_pause_is_refused(client, registered, demo):
    bank = AtTheBank(client, registered)
    assert bank.phone().status_code == 303
    again = bank.phone()
    assert again.status_code == 422
    assert "Новый код можно получить через" in Page(again).field_error("login")
    assert len(sms_to(client)) == 1


def test_no_more_than_five_bank_codes_an_hour_for_one_person(app, client, registered, demo):
    for n in range(7):
        stranger(app, registered, f"203.0.113.{n + 1}").phone()
    assert len(sms_to(client)) == 5


def test_one_source_cannot_ask_for_codes_without_end(app, client, registered, demo):
    app.config["OTP_MAX_PER_SOURCE"] = 3
    for _ in range(4):
        stranger(app, registered).phone()
        client.post(f"{API}/clock", json={"advance_seconds": 61})
    assert len(sms_to(client)) == 3
    assert stranger(app, registered, "203.0.113.99").phone().status_code == 303


def test_five_bank_requests_by_a_stranger_leave_the_owners_sms_login_working(
    app, client, registered, demo
):
    for _ in range(5):
        assert stranger(app, registered).phone().status_code == 303
        client.post(f"{API}/clock", json={"advance_seconds": 61})
    owner = GosuslugiUser(app.test_client())
    owner.start(registered.v1_params())
    assert step_of(owner.password(DOCTOR_PHONE)) == "/login/code"
    assert step_of(owner.enter_code(latest_code(client, DOCTOR_PHONE))) == "/consent"


def test_the_login_attempt_has_no_person_before_the_banks_code_is_right(
    app, client, registered, demo
):
    bank = AtTheBank(client, registered)
    assert bank.phone().status_code == 303
    with app.app_context():
        assert db.session.get(AuthRequest, bank.rid).persona_oid is None
    assert bank.code("000000").status_code == 422
    with app.app_context():
        assert db.session.get(AuthRequest, bank.rid).persona_oid is None
    assert step_of(bank.code(latest_code(client, DOCTOR_PHONE))) == "/consent"
