"""A lockout or a failed biometric scan is said as itself, never under «Исправьте ошибки»: no
retyping fixes it. A wrong password still is a mistake to fix."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.login_ways import Camera
from tests.support.pages import Page

API = "/_mock/api"
FIX = "Исправьте ошибки"


def test_a_lockout_is_its_own_message_not_a_list_of_mistakes(browser, registered, demo):
    browser.start(registered.v1_params())
    for _ in range(5):
        page = Page(browser.password(DOCTOR_PHONE, "Wrong-pass1"))
    assert any("временно заблокирована" in message for message in page.refusals)
    assert FIX not in page.text and page.error_summary == []
    assert "временно заблокирована" in page.field_error("login")


def test_a_wrong_password_is_still_a_mistake_to_fix(browser, registered, demo):
    browser.start(registered.v1_params())
    page = Page(browser.password(DOCTOR_PHONE, "Wrong-pass1"))
    assert FIX in page.text and page.error_summary and page.refusals == []


def test_a_failed_biometric_scan_is_its_own_message(client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    script = {"script": {"biometrics": "no_match"}}
    assert client.patch(f"{API}/personas/{oid}", json=script).status_code == 200
    camera = Camera(client, registered)
    assert step_of(camera.browser.password(DOCTOR_PHONE)) == "/login/code"
    page = Page(camera.look())
    assert any("Лицо не совпало" in message for message in page.refusals)
    assert FIX not in page.text
