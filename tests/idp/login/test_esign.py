"""Login by electronic signature: the installed certificates, a signed challenge, DS in the
tokens, and a specific message for an expired, revoked or unregistered certificate."""

from datetime import timedelta

import jwt
import pytest

from idp_mock import clock
from idp_mock.login import esign
from idp_mock.models import Persona, SignatureCertificate, db
from idp_mock.protocol import gost
from tests.support.drivers import query_of
from tests.support.login_ways import EXPIRED, REVOKED, STRANGER, VALID, SignatureLogin
from tests.support.pages import Page

API = "/_mock/api"


@pytest.fixture
def signing(client, registered, demo):
    return SignatureLogin(client, registered)


def test_the_page_lists_the_installed_certificates_with_their_dates(signing):
    page = signing.client.get(signing.url)
    assert page.status_code == 200
    for name in ("Иванова Мария Сергеевна", "Петров Алексей Викторович", "Орлов Пётр Ильич"):
        assert name in Page(page).text
    assert len(Page(page).soup.find_all(attrs={"name": "certificate"})) == 4


def test_a_valid_certificate_logs_in_with_ds_in_the_tokens(client, signing, registered):
    response = signing.choose(VALID)
    assert response.status_code == 303 and "/consent?" in response.headers["Location"]
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
    signing.client.get(signing.url)
    with app.app_context():
        certificate = esign.installed()[0]
        forged = gost.sign(gost.new_private_key(), b"challenge")
        with pytest.raises(esign.ServiceError, match="Подпись не прошла проверку"):
            esign.verify(certificate, b"challenge", forged)


def test_the_demo_certificates_are_gost_keys_matching_their_certificates(app, signing):
    signing.client.get(signing.url)
    with app.app_context():
        for certificate in db.session.scalars(db.select(SignatureCertificate)):
            public, _ = gost.certificate_key(esign.der_of(certificate))
            key = bytes.fromhex(certificate.private_key)
            assert gost.public_key(key) == public


def test_the_password_page_offers_the_signature(client, signing):
    assert Page(client.get(signing.browser.login_url)).testid("login-by-signature") is not None
