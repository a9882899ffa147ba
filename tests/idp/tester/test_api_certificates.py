"""A tester gives a person an electronic-signature certificate through the tester API: one the
stand's GOST demo root issues, or their own GOST certificate with its key; the person then logs
in with it. And the trainers' signed demo document, made once into the data directory."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import pem as asn1pem
from cryptography import x509

from common import cms, demo_document, gost_ca
from idp_mock.protocol import gost
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of, step_of
from tests.support.gost_rp import gost_pems
from tests.support.login_ways import SignatureLogin

API = "/_mock/api"


def add(client, oid: int, **body):
    return client.post(f"{API}/personas/{oid}/certificates", json=body)


@pytest.fixture
def doctor(demo) -> int:
    return demo[DOCTOR_PHONE]


def test_an_issued_certificate_chains_to_the_demo_root_and_logs_the_person_in(
    app, client, registered, doctor
):
    response = add(client, doctor, label="Новый от УЦ", valid_days=30)
    assert response.status_code == 201, response.text
    reply = response.get_json()
    assert reply["label"] == "Новый от УЦ" and reply["owner_name"] == "Иванова Мария Сергеевна"
    with app.app_context():
        from idp_mock.models import SignatureCertificate, db

        pem = db.session.get(SignatureCertificate, reply["id"]).certificate_pem
    root = gost_ca.demo_root(Path(app.config["DATA_DIR"]))[1]
    assert gost.issued_by(asn1pem.unarmor(pem.encode())[2], root, datetime.now(UTC))
    signing = SignatureLogin(client, registered)
    container = client.get(reply["container_url"]).data
    assert signing.install(data=container).status_code == 303
    chosen = signing.choose(1)
    assert step_of(chosen) == "/consent"  # the consent page, in place
    code = query_of(signing.browser.consent().headers["Location"])["code"]
    assert code


@pytest.mark.parametrize("key_form", ["hex", "pkcs8"])
def test_a_testers_own_gost_certificate_with_its_key_is_added(client, doctor, key_form):
    key, cert_pem = gost_pems("Иванова М. С.")
    private = key.hex() if key_form == "hex" else gost_ca.private_pem(key).decode()
    response = add(client, doctor, certificate_pem=cert_pem.decode(), private_key=private)
    assert response.status_code == 201, response.text
    assert response.get_json()["label"] == "Выпущен тестировщиком"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"certificate_pem": "not a certificate", "private_key": "00" * 32}, "certificate_pem"),
        ({"certificate_pem": "rsa", "private_key": "00" * 32}, "certificate_pem"),
        ({"certificate_pem": "gost", "private_key": "ab" * 32}, "private_key"),
        ({"certificate_pem": "gost", "private_key": "xyz"}, "private_key"),
        ({"certificate_pem": "gost", "private_key": ""}, "private_key"),
        ({"certificate_pem": "gost", "private_key": "00" * 32}, "private_key"),
        (
            {
                "certificate_pem": "gost",
                "private_key": "-----BEGIN PRIVATE KEY-----\nMA==\n-----END PRIVATE KEY-----",
            },
            "private_key",
        ),
        ({"certificate_pem": "MIIBAgMEBQ==", "private_key": "00" * 32}, "certificate_pem"),
        (
            {
                "certificate_pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                "private_key": "00",
            },
            "certificate_pem",
        ),
        ({"valid_days": 0}, "valid_days"),
        ({"label": ""}, "label"),
    ],
)
def test_a_wrong_certificate_or_key_is_refused_next_to_its_field(
    client, doctor, rp, assert_invalid, body, field
):
    given = dict(body)
    if given.get("certificate_pem") == "gost":
        given["certificate_pem"] = gost_pems()[1].decode()
    elif given.get("certificate_pem") == "rsa":
        given["certificate_pem"] = rp.certificate_pem
    before = client.get(f"{API}/personas/{doctor}/certificates").get_json()
    assert_invalid(add(client, doctor, **given), field)
    assert client.get(f"{API}/personas/{doctor}/certificates").get_json() == before


def test_a_person_without_a_snils_gets_no_certificate(client, assert_invalid):
    created = client.post(
        f"{API}/personas",
        json={
            "last_name": "Безснилсов",
            "first_name": "Иван",
            "phone": "+79160000991",
            "birth_date": "1990-01-01",
            "gender": "M",
            "password": "Demo2026!long",
        },
    )
    assert created.status_code == 201, created.text
    assert_invalid(add(client, created.get_json()["oid"]), "certificate")


def test_an_unknown_person_is_404(client):
    assert add(client, 999_999_999).status_code == 404


def test_the_demo_document_is_signed_by_the_demo_root_and_made_once(app, client):
    document = client.get(f"{API}/demo-document.pdf")
    signature = client.get(f"{API}/demo-document.pdf.sig")
    assert document.status_code == signature.status_code == 200
    assert document.data.startswith(b"%PDF-") and document.mimetype == "application/pdf"
    root = x509.load_der_x509_certificate(gost_ca.demo_root(Path(app.config["DATA_DIR"]))[1])
    signer = cms.verify_detached(signature.data, document.data, [root])
    assert signer.trusted and signer.name == demo_document.SIGNER
    assert signer.signed_at > datetime.now(UTC) - timedelta(minutes=10)
    with pytest.raises(cms.SignatureProblem, match="изменён"):
        cms.verify_detached(signature.data, document.data.replace(b"Demo", b"Dema"), [root])
    assert client.get(f"{API}/demo-document.pdf.sig").data == signature.data
    assert client.get(f"{API}/demo-document.txt").status_code == 404
