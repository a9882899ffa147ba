"""The cabinet shell: pages, errors, headers, notifications and their e-mails."""

import socketserver
import threading

import pytest
from sqlalchemy import select

from portal.models import Doctor, Notification, OutgoingEmail, db
from portal.notify import notify
from tests.support.cabinet import doctor_record
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

EXPIRING_PHONE = "+79161234502"


def test_the_landing_page_offers_login_through_gosuslugi(web):
    page = web.get("/")
    assert page.status_code == 200
    assert Page(page).text_of("login-gosuslugi") == "Войти через Госуслуги"


def test_a_logged_in_doctor_is_sent_from_the_landing_page_to_the_dashboard(doctor):
    doctor.log_in(DOCTOR_PHONE)
    response = doctor.web.get("/")
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet/"


@pytest.mark.parametrize(
    "path", ["/cabinet/", "/cabinet/documents/", "/cabinet/notifications", "/review/", "/checks"]
)
def test_private_pages_send_a_stranger_to_the_landing_page(web, path):
    response = web.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/?next=")


def test_the_sections_show_their_empty_states(doctor):
    doctor.log_in(DOCTOR_PHONE)
    for path, words in (
        ("/cabinet/documents/", "Мои документы"),
        ("/cabinet/education/", "Образование и квалификация"),
        ("/cabinet/applications/", "Заявлений нет"),
    ):
        page = doctor.web.get(path)
        assert page.status_code == 200 and words in Page(page).text


def test_help_lists_the_configured_channels_and_what_to_have_ready(web, cabinet):
    cabinet.config["SUPPORT_CHANNELS"] = [
        {"name": "Горячая линия центра", "contact": "8 800 000-00-00"}
    ]
    page = web.get("/help")
    assert "Горячая линия центра" in Page(page).text and "8 800 000-00-00" in Page(page).text
    for words in (
        "СНИЛС",
        "номер заявления",
        "снимок экрана",
        "Неверный логин или пароль",
        "30 минут",
        "ФРМР",
    ):
        assert words in Page(page).text


def test_an_unknown_page_gets_a_russian_404(web):
    page = web.get("/no-such-page")
    assert page.status_code == 404 and Page(page).h1 == "Страница не найдена"


def test_a_wrong_method_gets_a_russian_405(web):
    page = web.get("/logout")
    assert page.status_code == 405 and Page(page).h1 == "Так эту страницу открыть нельзя"


def test_a_server_error_gets_a_russian_500_without_details(cabinet):
    cabinet.config["PROPAGATE_EXCEPTIONS"] = False

    @cabinet.get("/boom")
    def boom():
        raise RuntimeError("secret details")

    page = cabinet.test_client().get("/boom")
    assert page.status_code == 500 and Page(page).h1 == "Что-то пошло не так"
    assert "secret details" not in page.text and "Traceback" not in page.text


def test_every_page_carries_a_strict_csp_and_safe_headers(web):
    page = web.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(doctor):
    doctor.log_in(DOCTOR_PHONE)
    for path in ("/", "/cabinet/", "/help", "/cabinet/notifications"):
        html = doctor.web.get(path).text
        assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_static_files_are_served_by_content_hash_and_cached_for_good(web):
    html = web.get("/").text
    css = html.split('rel="stylesheet" href="')[1].split('"')[0]
    response = web.get(css)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert web.get(css.replace("/static/", "/static/0000")).status_code == 404


def test_notifications_count_unread_and_can_be_marked_read(doctor, cabinet):
    doctor.log_in(EXPIRING_PHONE)
    page = doctor.web.get("/cabinet/notifications")
    assert any("осталось 20 дн." in text for text in Page(page).texts_of("notification"))
    response = doctor.web.post(
        "/cabinet/notifications/read", data={"csrf_token": Page(page).csrf_token}
    )
    assert response.status_code == 303
    assert 'data-testid="unread-count"' not in doctor.web.get("/cabinet/").text
    with cabinet.app_context():
        assert db.session.scalar(select(Notification)).read_at is not None


def test_marking_read_needs_the_form_token(doctor, cabinet):
    doctor.log_in(EXPIRING_PHONE)
    doctor.web.post("/cabinet/notifications/read")
    with cabinet.app_context():
        assert db.session.scalar(select(Notification)).read_at is None


class SmtpRecorder(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message and keep it (RFC 5321 replies)."""

    received: list = []

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test ESMTP")
        data, in_data = [], False
        for raw in self.rfile:
            line = raw.decode().rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    SmtpRecorder.received.append("\n".join(data))
                    self.reply("250 OK")
                else:
                    data.append(line)
            elif line.upper().startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif line.upper() == "DATA":
                in_data = True
                self.reply("354 go on")
            elif line.upper() == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def test_notifications_are_mailed_through_the_configured_smtp_server(cabinet):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cabinet.config["SMTP_URL"] = f"smtp://127.0.0.1:{server.server_address[1]}"
    SmtpRecorder.received.clear()
    try:
        with cabinet.app_context():
            doctor = db.session.scalar(select(Doctor)) or make_doctor()
            notify(doctor, "Заявление зарегистрировано", "Номер 42")
            db.session.commit()
            email = db.session.scalar(select(OutgoingEmail))
            assert email.sent_at is not None and email.error == ""
    finally:
        server.shutdown()
    assert (
        "Subject:" in SmtpRecorder.received[0] and "To: doc@example.ru" in SmtpRecorder.received[0]
    )


def test_an_unreachable_smtp_server_keeps_the_email_with_the_error(cabinet):
    cabinet.config["SMTP_URL"] = "smtp://127.0.0.1:9"
    with cabinet.app_context():
        notify(make_doctor(), "Заявление зарегистрировано")
        db.session.commit()
        email = db.session.scalar(select(OutgoingEmail))
        assert email.sent_at is None and "Error" in email.error


def make_doctor() -> Doctor:
    doctor = doctor_record(esia_oid=1000009999, last_name="Тестова", email="doc@example.ru")
    db.session.add(doctor)
    db.session.flush()
    return doctor


def test_the_outbox_api_needs_the_admin_token_when_one_is_set(web, cabinet):
    cabinet.config["ADMIN_TOKEN"] = "s3cret"
    assert web.get("/_mock/api/emails").status_code == 401
    ok = web.get("/_mock/api/emails", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.get_json() == []


def test_forms_may_end_in_a_redirect_to_esia_for_logout(web, cabinet):
    policy = web.get("/").headers["Content-Security-Policy"]
    assert f"form-action 'self' {cabinet.config['IDP_URL']}" in policy
