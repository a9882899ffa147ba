"""Logging into the cabinet through the simulator, and every way it can go wrong."""

import socket
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from common.certs import make_self_signed
from portal.models import Doctor as DoctorRecord
from portal.models import OutgoingEmail, UserSession, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import arrived_at, local_path, step_of
from tests.support.pages import Page

EXPIRING_PHONE, SUSPENDED_PHONE = "+79161234502", "+79161234503"
STANDARD_PHONE, SIMPLIFIED_PHONE, REVIEWER_PHONE = "+79161234504", "+79161234505", "+79161234506"


def patch_persona(live_idp, demo, phone: str, changes: dict) -> None:
    oid = demo[phone]
    response = requests.patch(f"{live_idp.url}/_mock/api/personas/{oid}", json=changes, timeout=5)
    assert response.status_code == 200, response.text


def registry_of(live_idp, demo, phone: str) -> dict:
    return requests.get(f"{live_idp.url}/_mock/api/personas/{demo[phone]}", timeout=5).json()[
        "registry"
    ]


def test_the_login_request_is_a_signed_v2_request_with_pkce_and_a_uuid_state(doctor):
    url = doctor.start_login()
    assert "/aas/oauth2/v2/ac?" in url
    for part in (
        "client_certificate_hash=",
        "code_challenge=",
        "code_challenge_method=S256",
        "nonce=",
        "client_secret=",
        "client_id=MEDACCRED",
    ):
        assert part in url
    assert len(requests.utils.urlparse(url).query.split("state=")[1].split("&")[0]) == 36


def test_a_confirmed_doctor_lands_on_the_dashboard_with_every_check_passed(doctor, cabinet):
    page = doctor.log_in(DOCTOR_PHONE)
    assert page.status_code == 200 and arrived_at(page) == "/cabinet/"
    assert "Иванова Мария Сергеевна" in Page(page).text
    for name in ("account", "snils", "certificate", "licence", "contacts"):
        assert Page(page).testid(f"check-{name}") is not None
    assert "check--fail" not in page.text and "check--warn" not in page.text
    with cabinet.app_context():
        record = db.session.scalar(select(DoctorRecord))
        assert record.role == "doctor" and record.snils and record.trusted


def test_login_rotates_the_session_and_keeps_it_on_the_server(doctor, cabinet):
    doctor.start_login()
    before = doctor.web.get_cookie("portal_session").value
    doctor.log_in(DOCTOR_PHONE)
    cookie = doctor.web.get_cookie("portal_session")
    assert cookie.value != before and cookie.http_only and cookie.same_site == "Lax"
    with cabinet.app_context():
        assert db.session.scalar(select(UserSession)).ended_at is None


def test_the_doctor_returns_to_the_page_they_asked_for(doctor):
    response = doctor.log_in(DOCTOR_PHONE, next_path="/cabinet/notifications")
    assert response.status_code == 303
    assert response.headers["Location"] == "/cabinet/notifications"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_next_never_leads_off_the_site(doctor, target):
    assert arrived_at(doctor.log_in(DOCTOR_PHONE, next_path=target)) == "/cabinet/"


def test_a_certificate_expiring_soon_is_a_warning_with_a_notification_and_an_email(doctor, cabinet):
    doctor.log_in(EXPIRING_PHONE)
    page = doctor.web.get("/cabinet/")
    assert page.status_code == 200 and "осталось 20 дн." in Page(page).text
    assert Page(page).text_of("unread-count") == "1"
    with cabinet.app_context():
        email = db.session.scalar(select(OutgoingEmail))
        assert email.to == "petrov.av@example.ru" and "осталось 20 дн." in email.subject
    doctor.web.get("/logout")
    assert len(doctor.web.get("/_mock/api/emails").get_json()) == 1


def test_a_second_login_does_not_repeat_the_same_warning(doctor, cabinet):
    doctor.log_in(EXPIRING_PHONE)
    doctor.log_in(EXPIRING_PHONE)
    with cabinet.app_context():
        assert len(db.session.scalars(select(OutgoingEmail)).all()) == 1


def assert_blocked(doctor, check: str, words: str):
    response = doctor.web.get("/cabinet/")
    assert response.status_code == 303 and response.headers["Location"] == "/checks"
    page = doctor.web.get("/checks")
    assert "Пока нельзя подать заявление" in Page(page).text
    item = Page(page).testid(f"check-{check}")
    assert "check--fail" in item["class"]
    assert words in item.get_text() and "Что сделать:" in item.get_text()


def test_a_suspended_licence_blocks_with_what_to_do(doctor):
    assert arrived_at(doctor.log_in(SUSPENDED_PHONE)) == "/checks"
    assert_blocked(doctor, "licence", "Лицензия организации приостановлена")


@pytest.mark.parametrize(
    ("place", "value", "check", "words"),
    [
        (("licence", "status"), "revoked", "licence", "аннулирована"),
        (("frmr", "certificate", "status"), "suspended", "certificate", "приостановлено"),
    ],
    ids=["revoked-licence", "suspended-certificate"],
)
def test_a_registry_entry_that_fails_blocks(doctor, live_idp, demo, place, value, check, words):
    registry = registry_of(live_idp, demo, DOCTOR_PHONE)
    *parents, key = place
    entry = registry
    for name in parents:
        entry = entry[name]
    entry[key] = value
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"registry": registry})
    doctor.log_in(DOCTOR_PHONE)
    assert_blocked(doctor, check, words)


def test_a_doctor_missing_from_frmr_is_sent_to_their_hr_department(doctor, live_idp, demo):
    registry = registry_of(live_idp, demo, DOCTOR_PHONE)
    del registry["frmr"]
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"registry": registry})
    doctor.log_in(DOCTOR_PHONE)
    assert_blocked(doctor, "certificate", "отдел кадров")


def test_a_snils_that_does_not_match_the_sfr_record_blocks(doctor, live_idp, demo):
    registry = registry_of(live_idp, demo, DOCTOR_PHONE)
    registry["sfr"] = {"registered": True, "override": {"lastName": "Петрова"}}
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"registry": registry})
    doctor.log_in(DOCTOR_PHONE)
    assert_blocked(doctor, "snils", "не совпадают с Социальным фондом")


def test_a_snils_unknown_to_the_sfr_blocks(doctor, live_idp, demo):
    registry = registry_of(live_idp, demo, DOCTOR_PHONE)
    registry["sfr"] = {"registered": False}
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"registry": registry})
    doctor.log_in(DOCTOR_PHONE)
    assert_blocked(doctor, "snils", "не найден в Социальном фонде")


def test_an_unverified_phone_blocks_and_an_unverified_email_warns(doctor, live_idp, demo):
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"email_verified": False})
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == "/cabinet/"
    assert "не подтверждена электронная почта" in Page(doctor.web.get("/cabinet/")).text
    patch_persona(live_idp, demo, DOCTOR_PHONE, {"phone_verified": False})
    doctor.log_in(DOCTOR_PHONE)
    assert_blocked(doctor, "contacts", "не подтверждён мобильный телефон")


@pytest.mark.parametrize("phone", [STANDARD_PHONE, SIMPLIFIED_PHONE])
def test_an_unconfirmed_account_gets_the_page_explaining_how_to_confirm_it(doctor, phone):
    assert arrived_at(doctor.log_in(phone)) == "/checks"
    page = doctor.web.get("/checks")
    assert Page(page).testid("unconfirmed-account") is not None
    assert "МФЦ" in Page(page).text and "банк" in Page(page).text
    assert doctor.web.get("/cabinet/").headers["Location"] == "/checks"


def test_esia_007055_gets_the_same_explanation(doctor):
    doctor.start_login()
    with doctor.web.session_transaction() as session:
        state = session["esia_logins"][-1]["state"]
    page = doctor.web.get(
        "/login/esia/callback",
        query_string={
            "error": "access_denied",
            "state": state,
            "error_description": "ESIA-007055: Login with an unconfirmed account is not allowed.",
        },
    )
    assert Page(page).testid("unconfirmed-account") is not None


def test_refusing_consent_says_the_login_was_cancelled(doctor):
    page = doctor.log_in(DOCTOR_PHONE, decision="deny")
    assert page.status_code == 200 and Page(page).h1 == "Вход не завершён"
    assert "вы отказались передать данные" in Page(page).text
    assert Page(page).text_of("error-code") == "ESIA-007004"
    assert doctor.web.get("/cabinet/").status_code == 302


def test_a_reviewer_of_fac_lands_on_the_review_console(doctor):
    assert arrived_at(doctor.log_in(REVIEWER_PHONE)) == "/review/"
    page = doctor.web.get("/review/")
    assert Page(page).testid("reviewer-area") is not None and "Волкова" in Page(page).text
    assert doctor.web.get("/cabinet/").status_code == 403


def test_a_doctor_cannot_open_the_review_console(doctor):
    doctor.log_in(DOCTOR_PHONE)
    assert doctor.web.get("/review/").status_code == 403


def test_a_forged_state_ends_in_a_clear_page_and_no_session(doctor, live_idp):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    forged = callback.replace("state=", "state=0").split("state=")[0] + (
        "state=7d1f8a0c-0000-4000-8000-000000000000"
    )
    page = doctor.web.get(local_path(forged))
    assert page.status_code == 400 and "ссылка входа устарела" in Page(page).text
    assert doctor.web.get("/cabinet/").status_code == 302


def test_a_callback_without_a_login_started_here_is_refused(web):
    page = web.get("/login/esia/callback?code=abc&state=7d1f8a0c-0000-4000-8000-000000000000")
    assert page.status_code == 400 and "ссылка входа устарела" in Page(page).text
    assert Page(page).testid("login-retry")["href"] == "/login/esia"


def test_a_wrong_nonce_is_refused(doctor):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    with doctor.web.session_transaction() as session:
        session["esia_logins"] = [{**session["esia_logins"][-1], "nonce": "someone-elses-nonce"}]
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 400 and "не прошёл проверку" in Page(page).text
    assert doctor.web.get("/cabinet/").status_code == 302


def test_a_token_signed_by_another_key_is_refused(doctor, cabinet, tmp_path):
    other = tmp_path / "other.pem"
    other.write_bytes(make_self_signed("NOT ESIA")[1])
    cabinet.config["ESIA_CERT_PATH"] = str(other)
    page = doctor.log_in(DOCTOR_PHONE)
    assert page.status_code == 400 and "не прошёл проверку" in Page(page).text
    assert doctor.web.get("/cabinet/").status_code == 302


def test_an_expired_id_token_is_refused(doctor, live_idp):
    live_idp.app.config["ID_TOKEN_TTL"] = -300
    try:
        page = doctor.log_in(DOCTOR_PHONE)
    finally:
        live_idp.app.config["ID_TOKEN_TTL"] = 10800
    assert page.status_code == 400 and "не прошёл проверку" in Page(page).text


def test_a_token_for_another_client_is_refused(doctor, cabinet):
    cabinet.config["ESIA_CLIENT_ID"] = "MEDACCRED"
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    cabinet.config["ESIA_ISSUER"] = "http://esia-portal1.test.gosuslugi.ru/"
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 400


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_simulator_down_at_the_token_step_shows_unavailable_with_a_retry(doctor, cabinet):
    callback = doctor.gosuslugi.approve(doctor.start_login("/cabinet/notifications"), DOCTOR_PHONE)
    cabinet.config["IDP_URL"] = f"http://127.0.0.1:{closed_port()}"
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 503 and Page(page).h1 == "Госуслуги временно недоступны"
    retry = [href.replace("%2F", "/") for href in Page(page).hrefs]
    assert any("/login/esia?next=/cabinet/notifications" in href for href in retry)
    assert doctor.web.get("/cabinet/").status_code == 302


def test_a_simulator_that_never_answers_times_out_into_the_same_page(doctor, cabinet):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    cabinet.config.update(
        IDP_URL=f"http://127.0.0.1:{listener.getsockname()[1]}", HTTP_TIMEOUT=(0.5, 0.5)
    )
    try:
        page = doctor.web.get(local_path(callback))
    finally:
        listener.close()
    assert page.status_code == 503 and Page(page).h1 == "Госуслуги временно недоступны"


def test_logout_ends_the_cabinet_session_and_the_simulator_session(doctor, cabinet, live_idp):
    doctor.log_in(DOCTOR_PHONE)
    old_cookie = doctor.web.get_cookie("portal_session").value
    page = doctor.web.get("/cabinet/")
    response = doctor.web.post(
        "/logout",
        data={"csrf_token": Page(page).form("/logout").csrf_token},
    )
    assert response.status_code == 303
    logout_url = response.headers["Location"]
    assert logout_url.startswith(f"{live_idp.url}/idp/ext/Logout?client_id=MEDACCRED")
    back = doctor.gosuslugi.session.get(logout_url, allow_redirects=False, timeout=5)
    assert back.status_code == 302 and back.headers["Location"] == "http://cabinet.test/"
    with cabinet.app_context():
        assert db.session.scalar(select(UserSession)).ended_at is not None
    doctor.web.set_cookie("portal_session", old_cookie)
    assert doctor.web.get("/cabinet/").status_code == 302
    relogin = doctor.gosuslugi.session.get(doctor.start_login(), timeout=5)
    assert step_of(relogin) == "/login"  # the simulator asks for the password again


def test_logout_without_the_form_token_does_nothing(doctor):
    doctor.log_in(DOCTOR_PHONE)
    response = doctor.web.post("/logout")
    assert response.status_code == 303
    assert doctor.web.get("/cabinet/").status_code == 200


def test_an_idle_session_ends_after_thirty_minutes(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    with cabinet.app_context():
        record = db.session.scalar(select(UserSession))
        record.last_seen_at -= timedelta(minutes=31)
        db.session.commit()
    assert doctor.web.get("/cabinet/").status_code == 302


def test_a_session_ends_after_twelve_hours_however_active(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    with cabinet.app_context():
        record = db.session.scalar(select(UserSession))
        record.created_at -= timedelta(hours=12, minutes=1)
        db.session.commit()
    assert doctor.web.get("/cabinet/").status_code == 302
