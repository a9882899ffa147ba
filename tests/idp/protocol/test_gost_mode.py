"""signature_mode gost: what the real ESIA accepts and nothing else. Each thing ESIA refuses is
tried as an attacker (or a misconfigured client) would send it, and refused with ESIA's code;
the same requests pass in strict or lenient mode, so each refusal is the mode's doing."""

import uuid

import pytest

from idp_mock.protocol import signatures
from tests.support.drivers import query_of, step_of
from tests.support.gost_rp import GostRelyingParty
from tests.support.rp import esia_timestamp

V1_AC = "/aas/oauth2/ac"
V2_AC = "/aas/oauth2/v2/ac"
V3_TE = "/aas/oauth2/v3/te"
API = "/_mock/api"


@pytest.fixture(scope="module")
def gost_rp() -> GostRelyingParty:
    return GostRelyingParty(client_id="GOSTMODE")


def register(client, rp, mode):
    response = client.post(f"{API}/clients", json=rp.registration(mode))
    assert response.status_code == 201, response.text
    return rp


def code_of(response) -> str:
    """ESIA's code from the authorize step: the redirect's error_description, or '' for the
    login page answered there."""
    if response.status_code == 200:
        assert step_of(response) == "/login", response.text  # the login page, in place
        return ""
    assert response.status_code == 302, response.text
    return query_of(response.headers["Location"])["error_description"].split(":")[0]


def v1_params(rp, **pkcs7_options) -> dict:
    params = rp.authorization_request()
    message = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
    return {**params, "client_secret": rp.pkcs7(message, **pkcs7_options)}


def v2_signed(rp, sign) -> dict:
    params = rp.v2_params(client_secret="")
    params["client_secret"] = sign(rp.v2_message(params))
    return params


# What ESIA accepts passes


@pytest.mark.parametrize("attributes", [True, False])
def test_v1_takes_a_detached_gost_pkcs7_with_or_without_signed_attributes(
    client, gost_rp, attributes
):
    register(client, gost_rp, "gost")
    assert (
        code_of(client.get(V1_AC, query_string=v1_params(gost_rp, with_attributes=attributes)))
        == ""
    )


def test_v2_takes_a_raw_gost_signature_in_openssl_order(client, gost_rp):
    register(client, gost_rp, "gost")
    assert code_of(client.get(V2_AC, query_string=gost_rp.v2_params())) == ""


# What ESIA refuses is refused, with its code


def attacks(rp) -> dict:
    """(path, params, the mode that still accepts it) of every request the real ESIA refuses."""
    stranger = GostRelyingParty(client_id=rp.client_id)
    stale = rp.authorization_request()
    stale["timestamp"] = esia_timestamp(None).replace(stale["timestamp"][:4], "2019")
    return {
        "v1 attached PKCS#7": (V1_AC, v1_params(rp, detached=False), "strict", "ESIA-007053"),
        "v1 PKCS#7 by another key": (V1_AC, v1_params(stranger), None, "ESIA-007053"),
        "v1 raw signature": (V1_AC, v2_signed(rp, rp.raw), None, "ESIA-007053"),
        "v2 CryptoPro byte order": (V2_AC, v2_signed(rp, rp.cryptopro), "lenient", "ESIA-007053"),
        "v2 v1-style PKCS#7": (V2_AC, v2_signed(rp, rp.pkcs7), "lenient", "ESIA-007053"),
        "v2 raw by another key": (V2_AC, v2_signed(rp, stranger.raw), None, "ESIA-007053"),
        "v2 SHA-256 certificate hash": (
            V2_AC,
            rp.v2_params(client_certificate_hash=signatures.certificate_sha256(rp.certificate)),
            "lenient",
            "ESIA-007053",
        ),
        "v2 truncated signature": (
            V2_AC,
            v2_signed(rp, lambda m: rp.raw(m)[:-4]),
            None,
            "ESIA-007053",
        ),
    }


ATTACKS = list(attacks(GostRelyingParty(client_id="GOSTMODE")))


@pytest.mark.parametrize("name", ATTACKS)
def test_what_esia_refuses_is_refused_in_gost_mode(client, gost_rp, name):
    path, params, accepting_mode, code = attacks(gost_rp)[name]
    register(client, gost_rp, "gost")
    assert code_of(client.get(path, query_string=params)) == code
    if accepting_mode:
        register(client, gost_rp, accepting_mode)
        assert code_of(client.get(path, query_string=params)) == ""


def test_a_missing_certificate_hash_is_esia_007014(client, gost_rp):
    register(client, gost_rp, "gost")
    params = gost_rp.v2_params()
    del params["client_certificate_hash"]
    response = client.post(V3_TE, data={**params, "code": "x", "grant_type": "authorization_code"})
    assert response.status_code == 400
    assert response.get_json()["error_description"].startswith("ESIA-007014")


def test_an_old_timestamp_is_esia_007015(client, gost_rp):
    register(client, gost_rp, "gost")
    params = gost_rp.authorization_request()
    params["timestamp"] = "2019.01.01 10:00:00 +0300"
    params["state"] = str(uuid.uuid4())
    params["client_certificate_hash"] = gost_rp.v2_params()["client_certificate_hash"]
    params["client_secret"] = gost_rp.raw(gost_rp.v2_message(params))
    assert code_of(client.get(V2_AC, query_string=params)) == "ESIA-007015"


def test_a_token_request_in_cryptopro_order_is_refused_after_a_good_login(
    client, browser, gost_rp, demo
):
    register(client, gost_rp, "gost")
    code = browser.log_in(gost_rp.v2_params(), path=V2_AC)["code"]
    params = gost_rp.v3_token_params(code, client_secret="")
    bad = {**params, "client_secret": gost_rp.cryptopro(gost_rp.v2_message(params, code))}
    refused = client.post(V3_TE, data=bad)
    assert refused.status_code == 400
    assert refused.get_json()["error_description"].startswith("ESIA-007053")
    good = {**params, "client_secret": gost_rp.raw(gost_rp.v2_message(params, code))}
    assert client.post(V3_TE, data=good).get_json()["id_token"]


# Registration: the technology portal takes GOST certificates only


def test_an_rsa_certificate_cannot_be_registered_in_gost_mode(client, rp):
    response = client.post(f"{API}/clients", json=rp.registration("gost"))
    assert response.status_code == 422, response.text
    assert "ГОСТ Р 34.10-2012" in str(response.get_json())
    assert client.post(f"{API}/clients", json=rp.registration("strict")).status_code == 201


def test_the_openapi_document_names_the_gost_mode(client):
    schema = client.get(f"{API}/openapi.json").get_json()
    text = str(schema)
    assert "'gost'" in text and "OpenSSL order" in text
