"""Every way into the simulator needs the person's own secret, on a stand without the tester API
(IDP_TEST_API=0): nobody logs in as someone else by naming them to the app, by picking their
certificate from a server-wide list, or by telling the camera page it saw a match. The start page
gives away no logins and no password.

ASVS 5.0 6.3.2 and 6.4.x (authentication factors bound to the subscriber), 6.6.1 (out-of-band
authenticator bound to the account); NIST SP 800-63B §5.1.3 (out-of-band device possession),
§5.2.3 (biometrics only with a physical authenticator, never asserted by the claimant).
"""

import pytest
from sqlalchemy import select

import idp_mock
from idp_mock.login import esign
from idp_mock.models import AuthRequest, Message, Persona, SignatureCertificate, db
from idp_mock.tester import clients
from idp_mock.tester.seed import seed_demo, snils
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.databases import empty_tables
from tests.support.drivers import GosuslugiUser, query_of, step_of, submit
from tests.support.login_ways import VALID, SignatureLogin
from tests.support.pages import Page

DOCTOR_SNILS = snils(112233401)


@pytest.fixture
def stand(migrated, idp_config, rp):
    """The simulator with the tester API off: the demo people seeded, the site registered, and
    the doctor's certificate issued by the training CA."""
    app = idp_mock.create_app({**idp_config, "TEST_API": False})
    with app.app_context():
        seed_demo()
        clients.register(rp.registration())
        doctor = db.session.scalar(select(Persona).where(Persona.phone == DOCTOR_PHONE))
        db.session.add(esign.make(doctor.snils, doctor.full_name, "Действующий", -10, 365, False))
        db.session.commit()
    yield app
    empty_tables(app, db)


def attacker(stand, rp) -> GosuslugiUser:
    """A browser that started a login at the site and has nothing of anyone's."""
    browser = GosuslugiUser(stand.test_client())
    browser.start(rp.v1_params())
    return browser


def page_of(browser: GosuslugiUser, path: str) -> str:
    return browser.login_url.replace("/login?", f"{path}?")


def logged_in(stand, browser: GosuslugiUser) -> bool:
    rid = query_of(browser.login_url)["rid"]
    with stand.app_context():
        return db.session.get(AuthRequest, rid).authenticated_at is not None


def csrf_of(client, path: str) -> str:
    """The page's CSRF token, if it shows a form at all."""
    page = Page(client.get(path))
    return page.csrf_token if page.soup.find(attrs={"name": "csrf_token"}) else ""


def test_naming_someone_to_a_cookieless_app_does_not_log_in_as_them(stand, rp):
    browser = attacker(stand, rp)
    qr = Page(browser.client.get(page_of(browser, "/login/app")))
    number, link = qr.text_of("app-number"), qr.testid("app-link")["href"]
    phone, path = stand.test_client(), link.replace("http://localhost", "")
    who = {"csrf_token": csrf_of(phone, path), "login": REVIEWER_PHONE}
    phone.post(f"{path}/who", data=who)
    decision = {"csrf_token": csrf_of(phone, path), "decision": "approve", "number": number}
    phone.post(path, data=decision)
    desktop = browser.client.get(page_of(browser, "/login/app"))
    assert "/consent?" not in desktop.headers.get("Location", "")
    assert not logged_in(stand, browser)


def test_a_certificate_not_installed_in_this_browser_is_refused(stand, rp):
    browser = attacker(stand, rp)
    url = page_of(browser, "/login/signature")
    browser.client.get(url)
    with stand.app_context():
        certificate = db.session.scalar(
            select(SignatureCertificate.id).where(SignatureCertificate.owner_snils == DOCTOR_SNILS)
        )
    token = csrf_of(browser.client, browser.login_url)  # any form's token of this browser
    form = {"csrf_token": token, "certificate": certificate, "pin": "12345678"}
    response = browser.client.post(url, data=form)
    assert response.status_code == 422
    assert not logged_in(stand, browser)


def test_a_certificate_installed_in_another_browser_is_refused_here(stand, rp):
    owner = SignatureLogin(stand.test_client(), rp)
    assert owner.install(VALID).status_code == 303
    installed = Page(owner.client.get(owner.url)).form().options("certificate")
    browser = attacker(stand, rp)
    url = page_of(browser, "/login/signature")
    token = csrf_of(browser.client, browser.login_url)
    form = {"csrf_token": token, "certificate": installed[0], "pin": "12345678"}
    response = browser.client.post(url, data=form)
    assert response.status_code == 422
    assert "Выберите сертификат из списка" in Page(response).text
    assert not logged_in(stand, browser)


def test_the_owner_logs_in_with_the_imported_container_and_its_pin(stand, rp):
    owner = SignatureLogin(stand.test_client(), rp)
    assert owner.install(VALID).status_code == 303
    assert owner.choose(1, pin="00000000").status_code == 422
    response = owner.choose(1)
    assert step_of(response) == "/consent"


def test_wrong_container_pins_count_towards_the_owners_lockout(stand, rp):
    owner = SignatureLogin(stand.test_client(), rp)
    assert owner.install(VALID).status_code == 303
    for _ in range(5):
        owner.choose(1, pin="00000000")
    response = owner.choose(1)
    assert "временно заблокирована" in Page(response).text
    with stand.app_context():
        doctor = db.session.scalar(select(Persona).where(Persona.phone == DOCTOR_PHONE))
        assert doctor.locked_until is not None


def enrol_a_face_that_does_not_match(stand) -> None:
    with stand.app_context():
        doctor = db.session.scalar(select(Persona).where(Persona.phone == DOCTOR_PHONE))
        doctor.script = {**(doctor.script or {}), "biometrics": "no_match"}
        db.session.commit()


def test_the_camera_outcome_never_comes_from_the_request(stand, rp):
    enrol_a_face_that_does_not_match(stand)
    browser = attacker(stand, rp)
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    camera = page_of(browser, "/login/biometrics")
    response = submit(browser.client, camera, outcome="match")
    assert response.status_code == 422
    assert "Лицо не совпало" in Page(response).text
    assert not logged_in(stand, browser)


def test_the_camera_page_shows_no_outcome_selector(stand, rp):
    browser = attacker(stand, rp)
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    page = Page(browser.client.get(page_of(browser, "/login/biometrics")))
    assert page.soup.find_all(attrs={"name": "outcome"}) == []
    assert page.testid("tester-outcome") is None
    assert "Для тестировщика" not in page.text


def test_biometrics_cannot_be_the_first_factor(stand, rp):
    browser = attacker(stand, rp)
    bank = browser.login_url.replace("/login?", "/bank/simbank/login?")
    assert submit(browser.client, bank, login=DOCTOR_PHONE).status_code == 303
    response = browser.client.get(page_of(browser, "/login/biometrics"))
    assert response.status_code == 303 and "/login?" in response.headers["Location"]
    form = {"csrf_token": Page(browser.client.get(bank)).csrf_token, "outcome": "match"}
    posted = browser.client.post(page_of(browser, "/login/biometrics"), data=form)
    assert posted.status_code == 303 and "/login?" in posted.headers["Location"]
    assert not logged_in(stand, browser)


def test_the_start_page_lists_no_people_and_no_password(stand):
    page = Page(stand.test_client().get("/"))
    assert "Demo2026!" not in page.html
    assert "Тестовые пользователи" not in page.text
    for login in (DOCTOR_PHONE, REVIEWER_PHONE, "volkova.np@example.ru", "Иванова"):
        assert login not in page.html


def test_the_app_signs_in_with_the_persons_password_and_sms_code(stand, rp):
    browser = attacker(stand, rp)
    qr = Page(browser.client.get(page_of(browser, "/login/app")))
    number, link = qr.text_of("app-number"), qr.testid("app-link")["href"]
    phone = stand.test_client()
    path = link.replace("http://localhost", "")
    sign_in = phone.get(path).headers["Location"]
    code_page = submit(phone, sign_in, login=DOCTOR_PHONE, password="Demo2026!")
    with stand.app_context():
        code = db.session.scalar(
            select(Message.code).where(Message.to == DOCTOR_PHONE).order_by(Message.id.desc())
        )
    assert submit(phone, code_page.headers["Location"], code=code).status_code == 303
    assert submit(phone, path, decision="approve", number=number).status_code == 303
    assert step_of(browser.client.get(page_of(browser, "/login/app"))) == "/consent"
