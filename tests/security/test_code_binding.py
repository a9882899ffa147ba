"""A code confirms only the person it was sent to, on the channel it was sent on; a refused
step never changes whose login attempt it is.

ASVS 5.0 6.6.1, 6.6.3 (v4 2.7.2, 2.7.3); NIST 800-63B §5.1.3 (the out-of-band secret is bound
to the authenticator it was sent to).
"""

import jwt
from sqlalchemy import select

from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, query_of, step_of
from tests.support.login_ways import AtTheBank
from tests.support.pages import Page

VICTIM, ATTACKER = DOCTOR_PHONE, OTHER_DOCTOR_PHONE


def use_up_codes(app, registered, phone: str) -> None:
    """Five login attempts, each from its own address, spend the person's codes for the hour."""
    for n in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        browser = GosuslugiUser(client)
        browser.start(registered.v1_params())
        assert step_of(browser.password(phone)) == "/login/code"


def subject_of(client, registered, browser) -> int:
    code = query_of(browser.consent().headers["Location"])["code"]
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    return jwt.decode(body["id_token"], options={"verify_signature": False})["sub"]


def oid_of(app, phone: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Persona.oid).where(Persona.phone == phone))


def test_the_attackers_code_does_not_log_in_the_victim_whose_password_was_refused(
    app, client, registered, demo
):
    use_up_codes(app, registered, VICTIM)
    attacker = GosuslugiUser(client)
    attacker.start(registered.v1_params())
    assert step_of(attacker.password(ATTACKER)) == "/login/code"
    refused = attacker.password(VICTIM)
    assert refused.status_code == 422 and "слишком много кодов" in Page(refused).text
    response = attacker.enter_code(latest_code(client, ATTACKER))
    if step_of(response) == "/consent":
        assert subject_of(client, registered, attacker) == oid_of(app, ATTACKER)
    else:
        assert response.status_code == 422


def test_a_banks_code_is_not_a_code_for_the_password_login(client, registered, demo):
    bank = AtTheBank(client, registered)
    assert bank.phone().status_code == 303
    token = Page(client.get(f"/bank/simbank/code?rid={bank.rid}")).csrf_token
    response = client.post(
        f"/login/code?rid={bank.rid}",
        data={"csrf_token": token, "code": latest_code(client, DOCTOR_PHONE)},
    )
    assert response.status_code in (303, 422)
    assert "/consent?" not in response.headers.get("Location", "")
