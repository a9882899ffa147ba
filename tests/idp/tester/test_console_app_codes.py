"""The trainer's persona page shows the person's current authenticator-app code, on the
person's clock, and says when the person has no app."""

import time

import pyotp

from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.persona_console import person_url


def test_the_persona_page_shows_the_apps_current_code(client, demo):
    oid = demo[DOCTOR_PHONE]
    assert Page(client.get(person_url(oid))).testid("totp-off") is not None
    secret = client.post(f"/_mock/api/personas/{oid}/totp").get_json()["secret"]
    shown = Page(client.get(person_url(oid))).text_of("totp-code")
    assert pyotp.TOTP(secret).verify(shown, valid_window=1)


def test_the_code_follows_the_persons_clock(client, demo):
    oid = demo[DOCTOR_PHONE]
    secret = client.post(f"/_mock/api/personas/{oid}/totp").get_json()["secret"]
    client.post("/_mock/api/clock", json={"advance_seconds": 7200})
    shown = Page(client.get(person_url(oid))).text_of("totp-code")
    assert pyotp.TOTP(secret).verify(shown, for_time=time.time() + 7200, valid_window=1)


def test_the_trainer_turns_the_app_on_and_off_from_the_persona_page(client, demo):
    oid = demo[DOCTOR_PHONE]
    page = Page(client.get(person_url(oid)))
    on = page.form(f"/_mock/personas/{oid}/totp")
    turned_on = client.post(on.action, data={"csrf_token": on.csrf_token})
    assert turned_on.status_code == 303
    shown = Page(client.get(person_url(oid)))
    secret = shown.flashes[0].rsplit(" ", 1)[1]
    assert pyotp.TOTP(secret).verify(shown.text_of("totp-code"), valid_window=1)
    off = shown.form(f"/_mock/personas/{oid}/totp/off")
    assert client.post(off.action, data={"csrf_token": off.csrf_token}).status_code == 303
    assert client.get(f"/_mock/api/personas/{oid}/totp/code").status_code == 422
