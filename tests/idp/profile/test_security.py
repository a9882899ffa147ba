"""Security: a new password signs out every other session and the phone's app; the
authenticator app is enrolled by its first code; «Выйти везде» ends every session."""

from datetime import timedelta

import pyotp
from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import AppDevice, SsoSession, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.profile import ProfileUser

NEW_PASSWORD = "Nov0e-Parol!"


def phone_app_signed_in(app, oid: int) -> None:
    with app.app_context():
        now = clock.now()
        db.session.add(
            AppDevice(
                id="d" * 64,
                persona_oid=oid,
                status="active",
                code_expires_at=now + timedelta(minutes=5),
                created_at=now,
            )
        )
        db.session.commit()


def live_sessions(app, oid: int) -> int:
    with app.app_context():
        rows = db.session.scalars(select(SsoSession).where(SsoSession.persona_oid == oid))
        return sum(not row.ended for row in rows)


def test_a_new_password_signs_out_the_other_sessions_and_the_app(app, client, demo):
    oid = demo[DOCTOR_PHONE]
    ProfileUser(app.test_client()).log_in(DOCTOR_PHONE)
    phone_app_signed_in(app, oid)
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    changed = person.post(
        "/profile/security/password", current="Demo2026!", new=NEW_PASSWORD, repeat=NEW_PASSWORD
    )
    assert changed.status_code == 303
    assert live_sessions(app, oid) == 1
    assert person.page("/profile/security").h1 == "Безопасность"
    with app.app_context():
        assert db.session.scalars(select(AppDevice)).all() == []
    ProfileUser(app.test_client()).log_in(DOCTOR_PHONE, password=NEW_PASSWORD)


def test_a_wrong_current_password_and_a_weak_new_one_are_refused(client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    wrong = person.post(
        "/profile/security/password", current="nope", new=NEW_PASSWORD, repeat=NEW_PASSWORD
    )
    assert "Текущий пароль" in Page(wrong).field_error("current")
    weak = person.post("/profile/security/password", current="Demo2026!", new="short", repeat="x")
    assert "не короче 8" in Page(weak).field_error("new")


def test_the_app_is_enrolled_by_its_first_code_and_asked_for_at_login(app, client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    page = person.page("/profile/security/app")
    uri = page.testid("totp-uri")["href"]
    secret = page.text_of("totp-secret")
    assert pyotp.parse_uri(uri).secret == secret and page.testid("totp-qr") is not None
    app_codes = pyotp.TOTP(secret)
    wrong = person.post("/profile/security/app", code=f"{(int(app_codes.now()) + 1) % 10**6:06d}")
    assert wrong.status_code == 422 and "Код не подходит" in Page(wrong).field_error("code")
    assert person.post("/profile/security/app", code=app_codes.now()).status_code == 303
    assert person.page("/profile/security").testid("app-on") is not None
    code = client.get(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}/totp/code").get_json()["code"]
    assert app_codes.verify(code, valid_window=1)


def test_log_out_everywhere_ends_every_session(app, client, demo):
    oid = demo[DOCTOR_PHONE]
    ProfileUser(app.test_client()).log_in(DOCTOR_PHONE)
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    assert person.post("/profile/security/everywhere").status_code == 200
    assert live_sessions(app, oid) == 0
    assert client.get("/profile").status_code == 303
