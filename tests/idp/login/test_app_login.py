"""Login by the Gosuslugi app: the app signed in on the phone by password and SMS code, QR on
the desktop, number matching on the phone, polling, refusal, two-minute expiry, scripted
outcomes and the tester API's decisions."""

import pytest

from idp_mock.login import app_login
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import latest_code, query_of, step_of, submit
from tests.support.login_ways import Desktop, Phone
from tests.support.pages import Page

API = "/_mock/api"


@pytest.fixture
def desktop(client, registered, demo):
    return Desktop(client, registered)


def test_the_desktop_shows_a_qr_png_a_number_and_refreshes_without_js(desktop):
    page = desktop.open()
    assert any(src.startswith("data:image/png;base64,") for src in Page(page).images)
    assert Page(page).noscript_refresh == "3"
    assert "every 2s" in Page(page).attribute_values("hx-trigger")
    assert Page(page).text_of("app-number").isdigit()


def test_the_password_page_offers_the_app(client, desktop):
    assert Page(client.get(desktop.browser.login_url)).testid("login-by-app") is not None


def test_approving_with_the_right_number_logs_the_desktop_in(app, desktop):
    number, link = desktop.qr_page()
    phone = Phone(app, link)
    assert phone.sign_in().status_code == 303
    page = phone.client.get(phone.url)
    assert "Иванова Мария Сергеевна" in Page(page).text
    assert Page(page).testid(f"number-{number}") is not None
    assert phone.decide("approve", number).status_code == 303
    assert "Вход подтверждён" in Page(phone.client.get(phone.url)).text
    response = desktop.open()
    assert step_of(response) == "/consent"
    code = query_of(desktop.browser.consent().headers["Location"])["code"]
    assert code


def test_the_htmx_poll_gets_the_status_block_and_then_a_redirect(app, desktop):
    number, link = desktop.qr_page()
    headers = {"HX-Request": "true", "HX-Target": "app-status"}
    block = desktop.open(**headers)
    assert block.status_code == 200 and "<html" not in block.text
    assert block.headers["Vary"].startswith("HX-Request, HX-Target")
    phone = Phone(app, link)
    phone.sign_in()
    phone.decide("approve", number)
    done = desktop.open(**headers)
    assert done.headers["HX-Redirect"].startswith("/consent?rid=")


def test_a_wrong_number_refuses_the_login_as_push_bombing(app, desktop):
    number, link = desktop.qr_page()
    phone = Phone(app, link)
    phone.sign_in()
    wrong = next(n for n in app_login.choices(db_confirmation(app, link)) if str(n) != number)
    phone.decide("approve", str(wrong))
    page = desktop.open()
    assert "выбрано другое число" in Page(page).text
    assert "denied" in Page(page).attribute_values("data-status")


def db_confirmation(app, link):
    from idp_mock.models import AppConfirmation, db

    with app.app_context():
        return db.session.get(AppConfirmation, link.rsplit("/", 1)[1])


def test_the_person_can_refuse_in_the_app(app, desktop):
    _, link = desktop.qr_page()
    phone = Phone(app, link)
    phone.sign_in()
    phone.decide("deny")
    final = desktop.open(**{"HX-Request": "true", "HX-Target": "app-status"})
    assert final.status_code == 286 and final.headers["HX-Refresh"] == "true"
    assert "Вход отклонён в приложении" in Page(desktop.open()).text


def test_a_pending_poll_is_small_and_304_when_unchanged(desktop):
    desktop.qr_page()
    headers = {"HX-Request": "true", "HX-Target": "app-status"}
    first = desktop.open(**headers)
    assert first.status_code == 200 and len(first.data) < 1024
    assert "data:image" not in first.text
    again = desktop.open(**headers, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_approving_without_choosing_a_number_asks_for_it(app, desktop):
    _, link = desktop.qr_page()
    phone = Phone(app, link)
    phone.sign_in()
    response = phone.decide("approve")
    assert response.status_code == 422
    assert "Выберите число" in Page(response).field_error("number")


def test_the_request_expires_after_two_minutes_and_a_new_qr_can_be_shown(client, app, desktop):
    _, link = desktop.qr_page()
    client.post(f"{API}/clock", json={"advance_seconds": 121})
    page = desktop.open()
    assert "Время на подтверждение вышло" in Page(page).text
    phone = Phone(app, link)
    phone.sign_in()
    assert "Запрос больше не действует" in Page(phone.open()).text
    restart = client.post(desktop.url, data={"csrf_token": Page(page).csrf_token})
    assert restart.status_code == 303
    assert desktop.qr_page()[1] != link


def test_a_wrong_password_in_the_app_is_refused_next_to_the_field(app, desktop):
    response = Phone(app).password("+79160000000", "Wrong2026!")
    assert response.status_code == 422
    assert Page(response).form().fields["login"] == "+79160000000"
    assert "Неверный логин или пароль" in Page(response).text


def test_a_persona_without_the_app_cannot_sign_in_to_it(app, client, desktop, demo):
    client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"script": {"app": "none"}})
    assert "не установлено приложение" in Page(Phone(app).password()).field_error("login")


def test_scanning_the_qr_code_with_a_signed_out_app_asks_to_sign_in(app, desktop):
    _, link = desktop.qr_page()
    phone = Phone(app, link)
    response = phone.open()
    assert response.status_code == 303 and "/app/login?qr=" in response.headers["Location"]
    sign_in = submit(
        phone.client, response.headers["Location"], login=DOCTOR_PHONE, password=DEMO_PASSWORD
    )
    assert sign_in.status_code == 303
    code_page = sign_in.headers["Location"]
    assert "Введите код из СМС" in Page(phone.client.get(code_page)).text
    signed_in = submit(phone.client, code_page, code=latest_code(phone.client, DOCTOR_PHONE))
    assert signed_in.headers["Location"] == phone.url


def test_the_app_signs_in_by_password_and_code_and_out_again(app, client, demo):
    phone = Phone(app)
    assert phone.password().status_code == 303
    wrong = phone.code("000000")
    assert wrong.status_code == 422
    assert "Осталось попыток: 2" in Page(wrong).field_error("code")
    assert phone.code(latest_code(client, DOCTOR_PHONE)).status_code == 303
    home = phone.client.get("/app")
    assert "Иванова Мария Сергеевна" in Page(home).text
    cookie = phone.client.get_cookie("esia_app", path="/app")
    assert cookie.http_only and cookie.path == "/app"
    assert submit(phone.client, "/app", "/app/logout").status_code == 303
    assert phone.client.get("/app").status_code == 303


def test_the_app_stays_signed_in_for_the_next_login(app, client, registered, demo):
    phone = Phone(app)
    assert phone.sign_in().status_code == 303
    for _ in range(2):
        desktop = Desktop(app.test_client(), registered)
        number, link = desktop.qr_page()
        phone.url = link.replace("http://localhost", "")
        assert phone.decide("approve", number).status_code == 303
        assert step_of(desktop.open()) == "/consent"


def test_wrong_app_passwords_count_towards_the_lockout(app, client, demo):
    for _ in range(5):
        Phone(app).password(DOCTOR_PHONE, "Wrong2026!")
    response = Phone(app).password()
    assert "временно заблокирована" in Page(response).text


def test_a_persona_scripted_to_deny_is_refused_even_when_approving(app, client, desktop, demo):
    client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"script": {"app": "deny"}})
    number, link = desktop.qr_page()
    phone = Phone(app, link)
    phone.sign_in()
    phone.decide("approve", number)
    assert "denied" in Page(desktop.open()).attribute_values("data-status")


def test_an_unknown_app_link_is_404(client):
    assert client.get("/app/qr/nope").status_code == 404


def test_the_tester_api_approves_a_pending_login_headlessly(client, desktop):
    desktop.qr_page()
    pending = client.get(f"{API}/flows/{desktop.rid}/app").get_json()
    assert pending["status"] == "pending" and pending["number"]
    decided = client.post(
        f"{API}/flows/{desktop.rid}/app", json={"decision": "approve", "login": DOCTOR_PHONE}
    )
    assert decided.get_json()["status"] == "approved"
    assert step_of(desktop.open()) == "/consent"


def test_the_tester_api_denies_and_refuses_nonsense(client, desktop):
    desktop.qr_page()
    bad = client.post(f"{API}/flows/{desktop.rid}/app", json={"decision": "maybe"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "decision"
    denied = client.post(
        f"{API}/flows/{desktop.rid}/app", json={"decision": "deny", "oid": 1000000101}
    )
    assert denied.get_json()["status"] == "denied"
    assert client.get(f"{API}/flows/nope/app").status_code == 404


@pytest.mark.parametrize(
    "forget",
    [
        lambda client, oid: client.delete(f"{API}/personas/{oid}"),
        lambda client, oid: client.post(f"{API}/reset"),
    ],
    ids=["person-deleted", "reset"],
)
def test_deleting_the_person_or_a_reset_signs_their_app_out(app, client, demo, forget):
    phone = Phone(app)
    assert phone.sign_in().status_code == 303
    assert phone.client.get("/app").status_code == 200
    forget(client, demo[DOCTOR_PHONE])
    assert phone.client.get("/app").status_code == 303
