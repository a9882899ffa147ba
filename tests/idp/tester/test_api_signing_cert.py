"""The tester API's signing certificate: it verifies the simulator's id_tokens and no others."""

import jwt
import pytest
from cryptography import x509

from tests.support.constants import DOCTOR_PHONE

API = "/_mock/api"


def test_the_signing_certificate_verifies_an_id_token_from_the_flow(
    app, client, registered, demo, id_token_of
):
    response = client.get(f"{API}/signing-cert")
    assert response.status_code == 200
    assert response.mimetype == "application/x-pem-file"
    assert response.get_data(as_text=True).startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(response.get_data())
    token = id_token_of(app, registered)
    claims = jwt.decode(
        token,
        certificate.public_key(),
        algorithms=["RS256"],
        audience="TESTRP",
        issuer="http://esia.gosuslugi.ru/",
        options={"verify_sub": False},
    )
    assert claims["sub"] == demo[DOCTOR_PHONE]


def test_the_signing_certificate_does_not_verify_a_token_signed_by_another_key(client, rp):
    certificate = x509.load_pem_x509_certificate(client.get(f"{API}/signing-cert").get_data())
    foreign = jwt.encode({"sub": 1}, rp.key, algorithm="RS256")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(foreign, certificate.public_key(), algorithms=["RS256"])
