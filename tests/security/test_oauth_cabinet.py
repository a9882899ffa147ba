"""The cabinet as an RP, attacked the way the conformance suite's Basic RP plan does.

The cabinet's own token exchange is real; where a module needs a hostile OP, the id_token the
simulator returned is swapped for a forged one on its way back (oidcc-client-test-*).
"""

import time

import jwt
import pytest
import requests

from common.certs import make_self_signed
from portal import esia_client
from tests.support.constants import DOCTOR_PHONE, PUBLIC_URL
from tests.support.drivers import Doctor, Gosuslugi, arrived_at, local_path, token_of
from tests.support.jwts import forgeries


def logged_in(web) -> bool:
    return web.get("/cabinet/").status_code == 200


@pytest.fixture
def id_token_swap(monkeypatch):
    """Replace the id_token of the next token response: (claims, header) -> token."""
    seen, swap = [], {}
    real = esia_client.exchange_code

    def exchange(code, attempt):
        body = real(code, attempt)
        seen.append(body["id_token"])
        if "make" in swap:
            claims = jwt.decode(body["id_token"], options={"verify_signature": False})
            body["id_token"] = swap["make"](claims, jwt.get_unverified_header(body["id_token"]))
        return body

    monkeypatch.setattr(esia_client, "exchange_code", exchange)
    return swap, seen


def signed(live_idp, claims: dict, header: dict) -> str:
    return jwt.encode(
        claims, live_idp.app.extensions["signing_key"].private_key, "RS256", headers=header
    )


def test_a_genuinely_signed_token_gets_in_so_the_refusals_below_mean_something(
    doctor, live_idp, id_token_swap
):
    swap, _ = id_token_swap
    swap["make"] = lambda claims, header: signed(live_idp, claims, header)
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == "/cabinet/"
    assert logged_in(doctor.web)


def forged_claims(now: int) -> dict:
    return {
        "wrong issuer": {"iss": "http://evil.example/"},
        "wrong audience": {"aud": "SOMEONE-ELSE"},
        "audience list without us": {"aud": ["SOMEONE-ELSE"]},
        "expired": {"exp": now - 3600, "iat": now - 7200, "nbf": now - 7200},
        "issued in the future": {"iat": now + 3600, "nbf": now + 3600},
        "missing nonce": {"nonce": None},
        "wrong nonce": {"nonce": "someone-elses-nonce"},
        "another subject": {"sub": 1000000999},
        "missing exp": {"exp": None},
        "missing iss": {"iss": None},
    }


def refused(doctor) -> bool:
    """Log in once more (the simulator remembers the person) and expect a refusal."""
    page = doctor.log_in(DOCTOR_PHONE)
    return page.status_code == 400 and not logged_in(doctor.web)


# oidcc-client-test-invalid-iss, -invalid-aud, -nonce-invalid, -missing-sub, -missing-iat …
def test_an_id_token_with_any_bad_claim_is_refused(doctor, live_idp, id_token_swap):
    swap, _ = id_token_swap
    accepted = []
    for name, change in forged_claims(int(time.time())).items():

        def make(claims, header, change=change):
            merged = {k: v for k, v in {**claims, **change}.items() if v is not None}
            return signed(live_idp, merged, header)

        swap["make"] = make
        if not refused(doctor):
            accepted.append(name)
    assert accepted == []


# oidcc-client-test-idtoken-sig-none, -invalid-sig-rs256, and RS256/HS256 key confusion
def test_an_id_token_not_signed_by_esia_is_refused(doctor, live_idp, id_token_swap, cabinet):
    swap, _ = id_token_swap
    with cabinet.app_context():
        spki = esia_client.signing_key()
    certificate = live_idp.app.extensions["signing_key"].certificate_pem
    accepted = []
    for key in (spki, certificate):
        for name in forgeries(key, {}, {}):
            swap["make"] = lambda claims, header, key=key, name=name: forgeries(
                key, claims, header
            )[name]
            if not refused(doctor):
                accepted.append(name)
    assert accepted == []


# ASVS 5.0 10.5.1: an id_token from an earlier login replayed into a new one
def test_an_id_token_from_an_earlier_login_is_refused_in_a_new_one(doctor, id_token_swap):
    swap, seen = id_token_swap
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == "/cabinet/"
    old = seen[-1]
    doctor.web.post("/logout", data={"csrf_token": "x"})
    with doctor.web.session_transaction() as session:
        session.clear()
    swap["make"] = lambda claims, header: old
    assert doctor.log_in(DOCTOR_PHONE).status_code == 400
    assert not logged_in(doctor.web)


def test_a_callback_without_state_is_refused(doctor):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    without = local_path(callback).replace("state=", "ignored=")
    assert doctor.web.get(without).status_code == 400 and not logged_in(doctor.web)


def test_a_callback_is_good_once(doctor):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    assert arrived_at(doctor.web.get(local_path(callback))) == "/cabinet/"
    fresh = doctor.web.application.test_client()
    with fresh.session_transaction() as session:
        session.clear()
    assert fresh.get(local_path(callback)).status_code == 400 and not logged_in(fresh)


# RFC 6749 §10.12 login CSRF: the attacker's callback pushed into the victim's browser
def test_an_attackers_callback_does_not_log_the_victim_in_as_the_attacker(
    doctor, cabinet, live_idp
):
    attacker = Doctor(cabinet.test_client(), Gosuslugi(live_idp.url))
    attacker.gosuslugi.session = requests.Session()
    callback = attacker.gosuslugi.approve(attacker.start_login(), "+79161234502")
    doctor.start_login()  # the victim has a login of their own in progress
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 400 and not logged_in(doctor.web)
    assert callback.startswith(PUBLIC_URL)


NEXT_TARGETS = [
    "//evil.example/x",
    "///evil.example/x",
    "////evil.example/x",
    "https://evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/\u3000/evil.example",
    "/\uff0f/evil.example",
]


def lands_on_this_site(location: str) -> bool:
    """As a browser resolves it: strip tab/CR/LF and leading C0/space, then check the host."""
    cleaned = "".join(c for c in location if c not in "\t\r\n").lstrip("\x00\x20\x1f")
    resolved = requests.compat.urljoin(PUBLIC_URL + "/cabinet/", cleaned.replace("\\", "/"))
    return resolved.startswith(PUBLIC_URL + "/")


# ASVS 5.0 3.7.2, RFC 6749 §10.15: `next` is the cabinet's only redirecting parameter
def test_next_never_leads_off_the_site_however_it_is_spelt(doctor):
    escaped = []
    for target in NEXT_TARGETS:
        start = doctor.web.get("/login/esia", query_string={"next": target})
        callback = doctor.gosuslugi.approve(start.headers["Location"], DOCTOR_PHONE)
        arrived = arrived_at(doctor.web.get(local_path(callback)))
        if not lands_on_this_site(arrived):
            escaped.append((target, arrived))
    assert escaped == []


def test_the_esia_logout_link_returns_only_to_the_cabinet(doctor):
    doctor.log_in(DOCTOR_PHONE)
    response = doctor.web.post("/logout", data={"csrf_token": token_of(doctor.web, "/cabinet/")})
    location = response.headers["Location"]
    assert "redirect_url=" + requests.utils.quote(PUBLIC_URL + "/", safe="") in location


def test_a_token_signed_by_another_certificate_in_the_cabinets_config_is_refused(
    doctor, cabinet, tmp_path
):
    other = tmp_path / "other.pem"
    other.write_bytes(make_self_signed("NOT ESIA")[1])
    cabinet.config["ESIA_CERT_PATH"] = str(other)
    assert doctor.log_in(DOCTOR_PHONE).status_code == 400 and not logged_in(doctor.web)
