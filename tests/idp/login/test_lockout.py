"""Lockout after wrong passwords (service idp_mock/login/lockout.py, page login/password.html):
where the person reads it, and how a tester lifts it."""

from tests.conftest import DOCTOR_PHONE, csrf_from, query_of

API = "/_mock/api"


def lock(browser, phone=DOCTOR_PHONE):
    for _ in range(5):
        page = browser.password(phone, "Wrong-pass1")
    return page


def test_the_lockout_is_told_next_to_the_login_field(browser, registered, demo):
    browser.start(registered.v1_params())
    page = lock(browser)
    assert page.status_code == 422 and "<title>Ошибка:" in page.text
    assert 'id="login-error"' in page.text and "временно заблокирована" in page.text


def test_the_lockout_is_on_the_login_timeline(browser, client, registered, demo):
    browser.start(registered.v1_params())
    lock(browser)
    rid = query_of(browser.login_url)["rid"]
    steps = client.get(f"{API}/flows/{rid}/timeline").get_json()
    assert steps[-1]["ok"] is False and "временно заблокирована" in steps[-1]["text"]


def test_the_consoles_unlock_button_lets_the_person_in_at_once(browser, client, registered, demo):
    browser.start(registered.v1_params())
    lock(browser)
    person_page = f"/_mock/personas/{demo[DOCTOR_PHONE]}"
    token = csrf_from(client.get(person_page).text)
    unlocked = client.post(f"{person_page}/unlock", data={"csrf_token": token})
    assert unlocked.status_code == 303 and unlocked.headers["Location"] == person_page
    assert "Блокировка снята" in client.get(person_page).text
    assert browser.password(DOCTOR_PHONE).status_code == 303
