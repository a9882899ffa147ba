"""GOST R 34.10-2012 (256): raw v2/v3 client_secret checks and a whole GOST-signed v3 login."""

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding

from common.gost import certificate_hash, streebog256
from idp_mock.protocol import gost, signatures
from tests.support.drivers import next_url, query_of
from tests.support.gost_rp import GostRelyingParty

V2_AC = "/aas/oauth2/v2/ac"
V3_TE = "/aas/oauth2/v3/te"
# RFC 6986 example M1 ("012345678901234567890123456789012345678901234567890123456789012"):
# its Streebog-256 as OpenSSL gost-engine prints it (the RFC prints it byte-reversed).
M1 = b"012345678901234567890123456789012345678901234567890123456789012"
M1_DIGEST = "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"


@pytest.fixture(scope="module")
def gost_rp() -> GostRelyingParty:
    return GostRelyingParty()


def register(client, rp, mode="strict"):
    response = client.post("/_mock/api/clients", json=rp.registration(mode))
    assert response.status_code == 201, response.text
    return rp


@pytest.fixture
def gost_registered(client, gost_rp):
    return register(client, gost_rp)


def der_of(rp) -> bytes:
    return rp.certificate.public_bytes(Encoding.DER)


# Unit: keys, signatures, certificates


def test_streebog_uses_the_byte_order_of_openssl():
    assert streebog256(M1).hex() == M1_DIGEST


def test_a_signature_verifies_with_the_key_read_from_the_certificate(gost_rp):
    public, paramset = gost.certificate_key(der_of(gost_rp))
    gost.verify(public, b"message", gost.sign(gost_rp.key, b"message"), paramset)


def test_a_signature_of_another_message_does_not_verify(gost_rp):
    public, paramset = gost.certificate_key(der_of(gost_rp))
    with pytest.raises(gost.GostError):
        gost.verify(public, b"message", gost.sign(gost_rp.key, b"massage"), paramset)


def test_a_signature_of_the_wrong_length_is_refused(gost_rp):
    public, paramset = gost.certificate_key(der_of(gost_rp))
    with pytest.raises(gost.GostError, match="64 bytes"):
        gost.verify(public, b"message", b"\x01" * 63, paramset)


def test_the_test_certificate_is_signed_by_its_own_gost_key(gost_rp):
    certificate = asn1_x509.Certificate.load(der_of(gost_rp))
    public, paramset = gost.certificate_key(der_of(gost_rp))
    assert certificate["signature_algorithm"]["algorithm"].dotted == gost.GOST_SIGNATURE
    tbs = certificate["tbs_certificate"].dump()
    gost.verify(public, tbs, certificate["signature_value"].native, paramset)


def test_the_certificate_hash_is_streebog_of_the_der_in_upper_hex(gost_rp):
    assert certificate_hash(gost_rp.certificate) == streebog256(der_of(gost_rp)).hex().upper()


def test_an_rsa_certificate_has_no_gost_key(rp):
    assert gost.certificate_key(rp.certificate.public_bytes(Encoding.DER)) is None


def test_verify_raw_takes_openssl_order_and_refuses_cryptopro_order(gost_rp):
    signature = gost.sign(gost_rp.key, b"message")
    signatures.verify_raw(signature, b"message", gost_rp.certificate)
    with pytest.raises(signatures.SignatureError):
        signatures.verify_raw(signature[::-1], b"message", gost_rp.certificate)
    signatures.verify_raw_cryptopro(signature[::-1], b"message", gost_rp.certificate)


# App: the v2 authorization and v3 token steps with a GOST client


def test_a_gost_signed_v2_authorization_request_reaches_the_login_page(client, gost_registered):
    response = client.get(V2_AC, query_string=gost_registered.v2_params())
    assert "/login?rid=" in next_url(response)  # the login page, at the authorize address


def test_a_v2_request_whose_gost_signature_is_of_other_data_is_refused(client, gost_registered):
    params = gost_registered.v2_params(client_secret=gost_registered.raw("something else"))
    query = query_of(client.get(V2_AC, query_string=params).headers["Location"])
    assert query["error_description"].startswith("ESIA-007053")


def test_a_sha256_certificate_hash_is_refused_for_a_strict_gost_client(client, gost_registered):
    params = gost_registered.v2_params(
        client_certificate_hash=signatures.certificate_sha256(gost_registered.certificate)
    )
    query = query_of(client.get(V2_AC, query_string=params).headers["Location"])
    assert query["error_description"].startswith("ESIA-007053")


def cryptopro_params(rp):
    params = rp.v2_params(client_secret="")
    params["client_secret"] = rp.cryptopro(rp.v2_message(params))
    return params


def test_a_cryptopro_order_signature_is_refused_in_strict_mode(client, gost_registered):
    response = client.get(V2_AC, query_string=cryptopro_params(gost_registered))
    assert query_of(response.headers["Location"])["error_description"].startswith("ESIA-007053")


def test_a_cryptopro_order_signature_is_accepted_in_lenient_mode(client, gost_rp):
    register(client, gost_rp, "lenient")
    response = client.get(V2_AC, query_string=cryptopro_params(gost_rp))
    assert "/login?rid=" in next_url(response)


@pytest.fixture
def gost_code(browser, gost_registered, demo):
    return browser.log_in(gost_registered.v2_params(), path=V2_AC)["code"]


def test_a_whole_gost_signed_v3_login_gets_tokens(client, gost_registered, gost_code):
    response = client.post(V3_TE, data=gost_registered.v3_token_params(gost_code))
    assert response.status_code == 200, response.text
    body = response.get_json()
    assert body["access_token"] and body["id_token"] and body["refresh_token"]


def test_a_v3_token_request_whose_signature_leaves_out_the_code_is_refused(
    client, gost_registered, gost_code
):
    params = gost_registered.v3_token_params(gost_code, client_secret="")
    params["client_secret"] = gost_registered.raw(gost_registered.v2_message(params))
    response = client.post(V3_TE, data=params)
    assert response.status_code == 400
    assert response.get_json()["error_description"].startswith("ESIA-007053")


def test_a_v3_token_request_signed_by_another_gost_key_is_refused(
    client, gost_registered, gost_code
):
    stranger = GostRelyingParty()
    params = gost_registered.v3_token_params(gost_code, client_secret="")
    params["client_secret"] = stranger.raw(gost_registered.v2_message(params, gost_code))
    response = client.post(V3_TE, data=params)
    assert response.get_json()["error_description"].startswith("ESIA-007053")
