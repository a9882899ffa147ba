"""Wrong passwords lock an account for thirty minutes of the simulator's clock; one source
cannot lock everybody out."""

from datetime import timedelta

from idp_mock import clock
from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of, step_of, submit
from tests.support.pages import Page

LOCKED = "временно заблокирована"


def lock(browser, phone=DOCTOR_PHONE):
    for _ in range(5):
        page = browser.password(phone, "Wrong-pass1")
    return page


def test_five_wrong_passwords_lock_the_account_for_thirty_minutes(
    app, browser, client, registered, demo
):
    browser.start(registered.v1_params())
    page = Page(lock(browser))
    assert LOCKED in page.field_error("login") and "время московское" in page.field_error("login")
    right = browser.password(DOCTOR_PHONE)
    assert right.status_code == 422 and LOCKED in Page(right).field_error("login")
    owner_sms = client.get("/_mock/api/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert "заблокирован" in owner_sms[0]["body"]
    with app.app_context():
        persona = db.session.get(Persona, demo[DOCTOR_PHONE])
        locked_for = persona.locked_until - clock.now()
    assert timedelta(minutes=29, seconds=50) < locked_for <= timedelta(minutes=30)


def test_lockout_ends_by_itself_after_thirty_minutes_of_the_simulator_clock(
    browser, client, registered, demo
):
    browser.start(registered.v1_params())
    lock(browser)
    client.post("/_mock/api/clock", json={"advance_seconds": 29 * 60})
    assert LOCKED in Page(browser.password(DOCTOR_PHONE)).field_error("login")
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    browser.start(registered.v1_params())
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"


def test_a_success_resets_the_count_of_wrong_passwords(browser, registered, demo):
    browser.start(registered.v1_params())
    for _ in range(4):
        browser.password(DOCTOR_PHONE, "Wrong-pass1")
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    browser.start(registered.v1_params())
    for _ in range(4):
        page = browser.password(DOCTOR_PHONE, "Wrong-pass1")
    assert "заблокирована" not in page.text


def test_one_source_cannot_lock_out_every_account(app, browser, registered, demo):
    app.config["SOURCE_FAILURES_PER_WINDOW"] = 12
    browser.start(registered.v1_params())
    lock(browser, "+79161234502")
    lock(browser, "+79161234503")
    page = browser.password("+79161234504", "Wrong-pass1")
    page = browser.password("+79161234504", "Wrong-pass1")
    page = browser.password("+79161234504", "Wrong-pass1")
    too_many = "С вашего устройства было слишком много неудачных попыток"
    assert any(too_many in error for error in Page(page).refusals)
    with app.app_context():
        assert db.session.get(Persona, demo["+79161234504"]).locked_until is None


def test_the_lockout_is_told_next_to_the_login_field(browser, registered, demo):
    browser.start(registered.v1_params())
    page = lock(browser)
    assert page.status_code == 422 and Page(page).title.startswith("Ошибка:")
    assert "временно заблокирована" in Page(page).field_error("login")


def test_the_lockout_is_on_the_login_timeline(browser, client, registered, demo):
    browser.start(registered.v1_params())
    lock(browser)
    rid = query_of(browser.login_url)["rid"]
    steps = client.get(f"/_mock/api/flows/{rid}/timeline").get_json()
    assert steps[-1]["ok"] is False and "временно заблокирована" in steps[-1]["text"]


def test_the_consoles_unlock_button_lets_the_person_in_at_once(browser, client, registered, demo):
    browser.start(registered.v1_params())
    lock(browser)
    person_page = f"/_mock/personas/{demo[DOCTOR_PHONE]}"
    unlocked = submit(client, person_page, f"{person_page}/unlock")
    assert unlocked.status_code == 303 and unlocked.headers["Location"] == person_page
    assert "Блокировка снята" in Page(client.get(person_page)).flashes
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
