"""A password lockout stops every way in: an attacker who locked an account by guessing (or its
owner's phone in the attacker's hands) cannot walk in by the Gosuslugi app instead."""

from datetime import timedelta

import pytest

from idp_mock import clock
from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.login_ways import Desktop, Phone
from tests.support.pages import Page

LOCKED = "временно заблокирована из-за неверного ввода пароля"


def lock(app, oid: int) -> None:
    with app.app_context():
        db.session.get(Persona, oid).locked_until = clock.now() + timedelta(minutes=30)
        db.session.commit()


@pytest.fixture
def desktop(client, registered, demo):
    return Desktop(client, registered)


# ASVS 5.0 6.1.3 / 6.3.4 (every pathway enforces the same controls); NIST SP 800-63B §5.2.2
def test_a_locked_account_cannot_sign_in_to_the_app(app, desktop, demo):
    lock(app, demo[DOCTOR_PHONE])
    response = Phone(app).password()
    assert response.status_code == 422
    assert LOCKED in Page(response).field_error("login")


def test_an_account_locked_after_its_app_signed_in_cannot_approve_in_the_app(app, desktop, demo):
    number, link = desktop.qr_page()
    phone = Phone(app, link)
    assert phone.sign_in().status_code == 303
    lock(app, demo[DOCTOR_PHONE])
    response = phone.decide("approve", number)
    assert response.status_code == 422
    assert LOCKED in Page(response).text
    after = desktop.open()
    assert after.status_code == 200 and "/consent?" not in after.headers.get("Location", "")


def test_the_app_works_again_once_the_lockout_is_over(app, client, registered, demo):
    lock(app, demo[DOCTOR_PHONE])
    client.post("/_mock/api/clock", json={"advance_seconds": 31 * 60})
    desktop = Desktop(client, registered)
    number, link = desktop.qr_page()
    phone = Phone(app, link)
    assert phone.sign_in().status_code == 303
    assert phone.decide("approve", number).status_code == 303
    assert step_of(desktop.open()) == "/consent"
