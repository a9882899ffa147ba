"""Attacks on the profile: forms posted without their CSRF token, a session ended elsewhere,
the enrolment secret kept out of the session cookie."""

import json

from sqlalchemy import select

from idp_mock.models import ProfileCheck, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.profile import ProfileUser

FORMS = (
    "/profile/personal/edit",
    "/profile/contacts/email",
    "/profile/contacts/email/current",
    "/profile/security/password",
    "/profile/security/app",
    "/profile/security/app/off",
    "/profile/security/everywhere",
    "/profile/level/bank",
    "/profile/level/letter",
    "/profile/register",
)


def test_no_profile_form_changes_anything_without_its_csrf_token(client, demo):
    ProfileUser(client).log_in(DOCTOR_PHONE)
    oid = demo[DOCTOR_PHONE]
    before = client.get(f"/_mock/api/personas/{oid}").get_json()
    sent = len(client.get("/_mock/api/messages").get_json())
    for path in FORMS:
        response = client.post(
            path, data={"value": "x@example.ru", "code": "123456", "current": "Demo2026!"}
        )
        assert response.status_code != 200 and response.status_code < 500, path
    assert client.get(f"/_mock/api/personas/{oid}").get_json() == before
    assert len(client.get("/_mock/api/messages").get_json()) == sent
    assert client.get("/profile").status_code == 200  # still signed in


def test_a_session_ended_everywhere_no_longer_opens_the_profile(app, client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    other = ProfileUser(app.test_client())
    other.log_in(DOCTOR_PHONE)
    assert other.post("/profile/security/everywhere").status_code == 200
    assert client.get("/profile").status_code == 303


def test_the_apps_secret_never_travels_in_the_session_cookie(app, client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    secret = person.page("/profile/security/app").text_of("totp-secret")
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(client.get_cookie("esia_session").value)
    assert secret not in json.dumps(session)
    assert person.page("/profile/security/app").text_of("totp-secret") == secret


def register(client, phone: str):
    return ProfileUser(client).post(
        "/profile/register",
        last_name="Флуд",
        first_name="Бот",
        gender="M",
        birth_date="1990-01-01",
        phone=phone,
        password="Registr-2026!",
    )


def test_one_device_cannot_flood_phones_with_registration_codes(app, client, demo):
    for n in range(10):
        assert register(app.test_client(), f"+7916555{n:04d}").status_code == 303
    refused = register(app.test_client(), "+79165559999")
    assert refused.status_code == 422 and "слишком много кодов" in Page(refused).text
    assert client.get("/_mock/api/messages?to=%2B79165559999").get_json() == []
    logins = [p["phone"] for p in client.get("/_mock/api/personas").get_json()]
    assert "+79165559999" not in logins


def test_one_person_gets_only_five_contact_codes_an_hour(app, client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    sources = iter(f"10.0.0.{n}" for n in range(1, 20))
    for n in range(5):
        sent = client.post(
            "/profile/contacts/email",
            data={
                "csrf_token": person.page("/profile/personal/edit").csrf_token,
                "value": f"new{n}@example.ru",
            },
            environ_base={"REMOTE_ADDR": next(sources)},
        )
        assert sent.status_code == 303
    refused = person.post("/profile/contacts/email", value="one.more@example.ru")
    assert refused.status_code == 422 and "слишком много кодов" in Page(refused).field_error(
        "value"
    )


def test_a_deleted_persons_pending_checks_do_not_pass_to_a_new_person(app, client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    person.post("/profile/contacts/email", value="left.behind@example.ru")
    assert client.delete(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}").status_code == 204
    with app.app_context():
        assert db.session.scalars(select(ProfileCheck)).all() == []
