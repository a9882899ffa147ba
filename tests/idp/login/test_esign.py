"""Login by electronic signature: the installed certificates, a signed challenge, DS in the
tokens, and a specific message for an expired, revoked or unregistered certificate."""

from datetime import timedelta

import jwt
import pytest

from idp_mock import clock
from idp_mock.login import esign
from idp_mock.models import CertificateInstall, Persona, SignatureCertificate, db
from idp_mock.protocol import gost
from tests.support.drivers import query_of, step_of
from tests.support.login_ways import EXPIRED, REVOKED, STRANGER, VALID, SignatureLogin
from tests.support.pages import Page

API = "/_mock/api"


@pytest.fixture
def signing(client, registered, demo):
    signing = SignatureLogin(client, registered)
    signing.install_all()
    return signing


def test_the_page_lists_the_installed_certificates_with_their_dates(signing):
    page = signing.client.get(signing.url)
    assert page.status_code == 200
    for name in ("Иванова Мария Сергеевна", "Петров Алексей Викторович", "Орлов Пётр Ильич"):
        assert name in Page(page).text
    assert len(Page(page).soup.find_all(attrs={"name": "certificate"})) == 4


def test_a_valid_certificate_logs_in_with_ds_in_the_tokens(client, signing, registered):
    response = signing.choose(VALID)
    assert step_of(response) == "/consent"
    code = query_of(signing.browser.consent().headers["Location"])["code"]
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert claims["amr"] == "DS" and claims["urn:esia:amd"] == "DS"
    assert claims["sub"] == 1000000101


@pytest.mark.parametrize(
    "position, message",
    [
        (EXPIRED, "Срок действия сертификата истёк"),
        (REVOKED, "Сертификат отозван удостоверяющим центром"),
        (STRANGER, "Владелец сертификата не зарегистрирован на Госуслугах"),
        (None, "Выберите сертификат"),
    ],
)
def test_each_failure_is_explained_next_to_the_list(signing, position, message):
    response = signing.choose(position)
    assert response.status_code == 422
    assert Page(response).field_error("certificate")
    assert message in Page(response).field_error("certificate")
    assert Page(response).title.startswith("Ошибка: ")


def test_certificate_dates_are_judged_by_the_simulators_clock(client, signing):
    client.post(f"{API}/clock/set", json={"now": "2020-01-01T00:00:00Z"})
    assert "ещё не начал действовать" in Page(signing.choose(VALID)).text


def test_a_locked_account_cannot_log_in_by_signature(app, client, signing):
    client.get(signing.url)
    with app.app_context():
        persona = db.session.get(Persona, 1000000101)
        persona.locked_until = clock.now() + timedelta(hours=1)
        db.session.commit()
    assert "временно заблокирована" in Page(signing.choose(VALID)).text


def test_a_signature_by_another_key_does_not_verify(app, signing):
    with app.app_context():
        certificate = esign.demo_certificates()[0]
        forged = gost.sign(gost.new_private_key(), b"challenge")
        with pytest.raises(esign.ServiceError, match="Подпись не прошла проверку"):
            esign.verify(certificate, b"challenge", forged)


def test_the_demo_certificates_are_gost_keys_matching_their_certificates(app, signing):
    with app.app_context():
        for certificate in db.session.scalars(db.select(SignatureCertificate)):
            public, _ = gost.certificate_key(esign.der_of(certificate))
            key = bytes.fromhex(certificate.private_key)
            assert gost.public_key(key) == public


def test_the_password_page_offers_the_signature(client, signing):
    assert Page(client.get(signing.browser.login_url)).testid("login-by-signature") is not None


def test_a_fresh_browser_has_no_certificates_and_is_offered_the_import(client, registered, demo):
    signing = SignatureLogin(client, registered)
    page = Page(client.get(signing.url))
    assert page.testid("no-certificates") is not None
    assert page.testid("install-certificate") is not None
    assert page.soup.find_all(attrs={"name": "certificate"}) == []


def test_a_wrong_pin_is_refused_next_to_the_field_and_the_choice_is_kept(signing):
    response = signing.choose(VALID, pin="0000")
    assert response.status_code == 422
    assert "PIN-код не подходит" in Page(response).field_error("pin")
    assert (
        Page(response).form().fields["certificate"]
        == Page(response).form().options("certificate")[0]
    )


def test_a_container_opened_with_a_wrong_pin_is_not_installed(client, registered, demo):
    signing = SignatureLogin(client, registered)
    response = signing.install(VALID, pin="87654321")
    assert response.status_code == 422
    assert "Проверьте файл и PIN-код" in Page(response).field_error("container")
    assert Page(client.get(signing.url)).testid("no-certificates") is not None


def test_a_file_that_is_not_a_container_is_refused(client, registered, demo):
    signing = SignatureLogin(client, registered)
    response = signing.install(data=b"%PDF-1.4 not a key container")
    assert response.status_code == 422
    assert "Проверьте файл и PIN-код" in Page(response).field_error("container")


def test_importing_asks_for_the_file_and_the_pin(client, registered, demo):
    signing = SignatureLogin(client, registered)
    url = signing.url.replace("/login/signature?", "/login/signature/install?")
    response = client.post(url, data={"csrf_token": Page(client.get(url)).csrf_token})
    assert response.status_code == 422
    assert "Выберите файл контейнера" in Page(response).field_error("container")
    assert "Введите PIN-код" in Page(response).field_error("pin")


def test_the_plugin_cookie_is_http_only_and_kept_to_the_signature_pages(client, signing):
    cookie = client.get_cookie("esia_plugin", path="/login/signature")
    assert cookie.http_only and cookie.path == "/login/signature"


def test_the_tester_api_gives_a_persons_containers_with_their_pin(client, registered, demo):
    listed = client.get(f"{API}/personas/1000000101/certificates").get_json()
    assert [c["label"] for c in listed] == ["Действующий", "Прошлогодний"]
    container = client.get(listed[0]["container_url"].replace("http://localhost", ""))
    assert container.headers["Content-Type"] == "application/x-pkcs12"
    signing = SignatureLogin(client, registered)
    assert signing.install(data=container.data, pin=listed[0]["pin"]).status_code == 303
    assert step_of(signing.choose(1)) == "/consent"


def test_installed_certificates_survive_a_snapshot_and_go_with_a_reset(app, client, signing):
    assert client.post(f"{API}/snapshots", json={"name": "with-keys"}).status_code == 201
    assert client.post(f"{API}/reset").status_code == 200
    with app.app_context():
        assert db.session.scalars(db.select(CertificateInstall)).all() == []
    assert client.post(f"{API}/snapshots/with-keys/restore").status_code == 200
    assert step_of(signing.choose(VALID)) == "/consent"


def test_deleting_a_person_uninstalls_their_certificates(client, signing):
    assert client.delete(f"{API}/personas/1000000101").status_code == 204
    names = Page(client.get(signing.url)).text
    assert "Иванова" not in names and "Петров" in names
