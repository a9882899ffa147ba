"""Credential attacks on the simulator: guessing, locking others out, telling who has an account.

ASVS 5.0 6.3.1, 6.3.8, 6.5.1, 6.6.3 (v4 2.2.1, 2.7.3); NIST 800-63B §5.2.2 rate limiting.
"""

import re
import statistics
import time

import idp_mock
from idp_mock.models import OtpChallenge, Persona, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, step_of
from tests.support.pages import Page

WRONG = "Wrong-pass1"
LOCKED = "временно заблокирована"


def from_source(app, address: str) -> GosuslugiUser:
    """A browser at its own IP address, on the simulator instance `app`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return GosuslugiUser(client)


def instances(app, idp_config) -> list:
    """Two simulator instances on one database, as behind a load balancer."""
    return [app, idp_mock.create_app(idp_config)]


def test_password_guesses_spread_over_instances_and_addresses_still_lock_the_account(
    app, idp_config, registered, demo
):
    apps = instances(app, idp_config)
    for attempt in range(5):
        guesser = from_source(apps[attempt % 2], f"203.0.113.{attempt + 1}")
        guesser.start(registered.v1_params())
        assert guesser.password(DOCTOR_PHONE, f"{WRONG}{attempt}").status_code == 422
    lucky = from_source(apps[1], "198.51.100.7")
    lucky.start(registered.v1_params())
    right = lucky.password(DOCTOR_PHONE)
    assert right.status_code == 422 and LOCKED in Page(right).field_error("login")
    assert "/login/code" not in right.headers.get("Location", "")


def test_a_guessed_sms_code_is_burnt_after_three_tries_even_across_instances(
    app, idp_config, client, browser, registered, demo
):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    real = latest_code(client, DOCTOR_PHONE)
    wrong = f"{(int(real) + 1) % 10**6:06d}"
    other = instances(app, idp_config)[1].test_client()
    for number in range(3):
        browser.client, previous = (other if number % 2 else client), browser.client
        with previous.session_transaction() as source, browser.client.session_transaction() as to:
            to.update(source)
        assert browser.enter_code(wrong).status_code == 422
    page = browser.enter_code(real)
    assert page.status_code == 422 and "/consent" not in page.headers.get("Location", "")


def test_a_code_guessed_for_one_login_attempt_is_not_a_code_for_another(
    client, browser, registered, demo
):
    first = GosuslugiUser(client)
    first.start(registered.v1_params())
    first.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    second = GosuslugiUser(client.application.test_client())
    second.start(registered.v1_params())
    second.password(DOCTOR_PHONE)
    if latest_code(client, DOCTOR_PHONE) != code:
        assert second.enter_code(code).status_code == 422


def resend(browser: GosuslugiUser):
    page = browser.client.get(browser.code_url())
    url = browser.login_url.replace("/login?", "/login/code/resend?")
    return browser.client.post(url, data={"csrf_token": Page(page).csrf_token})


def test_no_more_than_five_codes_an_hour_whatever_the_number_of_login_attempts(
    app, client, registered, demo
):
    for attempt in range(8):
        browser = from_source(app, f"203.0.113.{attempt + 1}")
        browser.start(registered.v1_params())
        if step_of(browser.password(DOCTOR_PHONE)) == "/login/code":
            client.post("/_mock/api/clock", json={"advance_seconds": 61})
            resend(browser)
        else:
            assert "слишком много кодов" in Page(browser.password(DOCTOR_PHONE)).text
    sent = len(client.get("/_mock/api/messages", query_string={"to": DOCTOR_PHONE}).get_json())
    assert sent == 5
    with app.app_context():
        assert db.session.query(OtpChallenge).count() == 5


def test_a_source_that_guesses_too_much_cannot_go_on_to_lock_out_a_victim(app, registered, demo):
    """The per-source throttle: an attacker's wasted tries leave the victim's count alone."""
    limit = app.config["SOURCE_FAILURES_PER_WINDOW"]
    attacker = from_source(app, "203.0.113.66")
    attacker.start(registered.v1_params())
    for number in range(limit - 2):
        attacker.password(f"nobody{number}@example.ru", WRONG)
    for _ in range(5):
        attacker.password(DOCTOR_PHONE, WRONG)
    with app.app_context():
        victim = db.session.get(Persona, demo[DOCTOR_PHONE])
        assert victim.locked_until is None and victim.failed_logins <= 2
    owner = from_source(app, "198.51.100.10")
    owner.start(registered.v1_params())
    assert step_of(owner.password(DOCTOR_PHONE)) == "/login/code"


def normalised(html: str, *values: str) -> str:
    for value in values:
        html = html.replace(value, "LOGIN")
    html = re.sub(r'value="[A-Za-z0-9._-]{20,}"', 'value="TOKEN"', html)
    return re.sub(r"rid=[A-Za-z0-9_-]+", "rid=RID", html)


def test_a_wrong_password_and_an_unknown_login_look_exactly_alike(app, registered, demo):
    pairs = [
        (DOCTOR_PHONE, "+79169999999"),
        ("ivanova.ms@example.ru", "nobody.at.all@example.ru"),
        ("8 916 123-45-01", "8 916 999-99-99"),
    ]
    for existing, unknown in pairs:
        replies = []
        for login in (existing, unknown):
            browser = from_source(app, "198.51.100.20")
            browser.start(registered.v1_params())
            response = browser.password(login, WRONG)
            replies.append((response.status_code, normalised(response.text, login)))
        assert replies[0] == replies[1], (existing, unknown)


def test_a_wrong_password_takes_as_long_for_an_unknown_login_as_for_a_real_one(
    app, client, registered, demo
):
    """With production argon2 parameters; medians of 20 interleaved tries each.

    The lockout and the source throttle are lifted so every try takes the password path.
    """
    app.config.update(
        FAST_PASSWORD_HASH=False, LOCKOUT_THRESHOLD=1000, SOURCE_FAILURES_PER_WINDOW=1000
    )
    patch = client.patch(
        f"/_mock/api/personas/{demo[DOCTOR_PHONE]}", json={"password": "Real-pass1!"}
    )
    assert patch.status_code == 200
    browser = from_source(app, "198.51.100.30")
    browser.start(registered.v1_params())
    page = browser.client.get(browser.login_url)
    token = Page(page).csrf_token
    timings = {DOCTOR_PHONE: [], "+79169999999": []}
    for _ in range(20):
        for login, series in timings.items():
            started = time.perf_counter()
            response = browser.client.post(
                browser.login_url, data={"csrf_token": token, "login": login, "password": WRONG}
            )
            series.append(time.perf_counter() - started)
            assert response.status_code == 422
    real, unknown = (statistics.median(t) for t in timings.values())
    # A missing dummy hash would make the unknown login ~100% faster; allow half that for noise.
    assert abs(real - unknown) <= 0.5 * max(real, unknown) + 0.005, (real, unknown)
    assert min(real, unknown) > 0.005, "argon2 should have done real work"
