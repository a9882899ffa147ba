"""The tester API under /_mock/api: clients, signing cert, personas, outbox, clock, reset, spec."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import jsonschema
import jwt
import pytest
from cryptography import x509
from openapi_spec_validator import validate

import idp_mock
from common.validators import snils_checksum
from tests.conftest import DEMO_PASSWORD, DOCTOR_PHONE, Browser, csrf_from, latest_code, query_of
from tests.rp import RelyingParty

API = "/_mock/api"
REVIEWER_PHONE = "+79161234506"
RUSSIAN = re.compile(r"[А-Яа-яЁё]")
NEW_PASSWORD = "Novyj-Parol7"


def valid_snils(number: int) -> str:
    return f"{number:09d}{snils_checksum(number):02d}"


def new_person(**changes) -> dict:
    person = {
        "last_name": "Тестова",
        "first_name": "Анна",
        "middle_name": "Петровна",
        "birth_date": "1990-02-03",
        "gender": "F",
        "phone": "+79161110001",
        "email": "testova@example.ru",
        "snils": valid_snils(223344556),
        "password": "Strong-Pass1",
        "level": "confirmed",
    }
    return {**person, **changes}


def log_in(app, rp, phone: str, password: str = DEMO_PASSWORD):
    """The password step's response for `phone` in a browser of its own, and that browser."""
    browser = Browser(app.test_client())
    browser.start(rp.v1_params())
    return browser.password(phone, password), browser


def id_token_of(app, rp, phone: str = DOCTOR_PHONE, password: str = DEMO_PASSWORD) -> str:
    """The id_token of a whole v1 journey by `phone` with `password`, in a browser of its own."""
    client = app.test_client()
    browser = Browser(client)
    browser.start(rp.v1_params())
    assert browser.password(phone, password).status_code == 303
    assert browser.enter_code(latest_code(client, phone)).status_code == 303
    code = query_of(browser.consent().headers["Location"])["code"]
    response = client.post("/aas/oauth2/te", data=rp.v1_token_params(code))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id_token"]


def claims_of(app, token: str) -> dict:
    return jwt.decode(
        token,
        app.extensions["signing_key"].public_pem,
        algorithms=["RS256"],
        audience="TESTRP",
        options={"verify_sub": False},
    )


def assert_invalid(response, field: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert body["field"] == field
    assert RUSSIAN.search(body["error"]), body["error"]


# Clients


def test_registering_a_client_returns_201_and_lists_it(client, rp):
    response = client.post(f"{API}/clients", json={**rp.registration(), "name": "Тестовая ИС"})
    assert response.status_code == 201
    body = response.get_json()
    assert body == {
        "client_id": "TESTRP",
        "name": "Тестовая ИС",
        "certificate_pem": rp.certificate_pem,
        "redirect_uris": [rp.redirect_uri],
        "scopes": [],
        "signature_mode": "strict",
        "post_logout_redirect_uris": [],
    }
    assert client.get(f"{API}/clients").get_json() == [body]


def test_registering_the_same_client_id_again_replaces_it(client, registered):
    changed = {
        **registered.registration("lenient"),
        "redirect_uris": ["https://new.example.test/cb"],
        "scopes": ["openid"],
    }
    assert client.post(f"{API}/clients", json=changed).status_code == 201
    clients = client.get(f"{API}/clients").get_json()
    assert len(clients) == 1
    assert clients[0]["redirect_uris"] == ["https://new.example.test/cb"]
    assert clients[0]["signature_mode"] == "lenient" and clients[0]["scopes"] == ["openid"]


def test_a_replaced_client_is_checked_with_its_new_certificate(client, registered):
    other = RelyingParty()
    assert client.post(f"{API}/clients", json=other.registration()).status_code == 201
    old_signature = client.get("/aas/oauth2/ac", query_string=registered.v1_params())
    assert "error=invalid_client" in old_signature.headers["Location"]
    new_signature = client.get("/aas/oauth2/ac", query_string=other.v1_params())
    assert "/login?" in new_signature.headers["Location"]


def test_several_clients_are_listed(client, rp):
    client.post(f"{API}/clients", json=rp.registration())
    second = RelyingParty(client_id="SECOND", pems=rp.pems)
    client.post(f"{API}/clients", json=second.registration())
    ids = {c["client_id"] for c in client.get(f"{API}/clients").get_json()}
    assert ids == {"TESTRP", "SECOND"}


BAD_PEM = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_id": None}, "client_id"),
        ({"certificate_pem": "not a certificate"}, "certificate_pem"),
        ({"certificate_pem": BAD_PEM}, "certificate_pem"),
        ({"redirect_uris": []}, "redirect_uris"),
        ({"redirect_uris": None}, "redirect_uris"),
        ({"redirect_uris": ["rp.example.test/cb"]}, "redirect_uris"),
        ({"redirect_uris": ["javascript:alert(1)"]}, "redirect_uris"),
        ({"certificate_pem": ""}, "certificate_pem"),
        ({"certificate_pem": "", "signature_mode": "lenient"}, "certificate_pem"),
        ({"signature_mode": "loose"}, "signature_mode"),
    ],
)
def test_an_invalid_client_is_refused_with_a_russian_message_and_the_field(
    client, rp, changes, field
):
    response = client.post(f"{API}/clients", json={**rp.registration(), **changes})
    assert_invalid(response, field)
    assert client.get(f"{API}/clients").get_json() == []


def test_a_request_without_a_json_body_is_refused(client):
    assert_invalid(client.post(f"{API}/clients", data="x"), "client_id")


def test_an_empty_certificate_is_allowed_with_signature_mode_off(client, rp):
    response = client.post(f"{API}/clients", json={**rp.registration("off"), "certificate_pem": ""})
    assert response.status_code == 201
    assert response.get_json()["certificate_pem"] == ""
    assert client.get(f"{API}/clients").get_json()[0]["signature_mode"] == "off"


# The signing certificate


def test_the_signing_certificate_verifies_an_id_token_from_the_flow(app, client, registered, demo):
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


# Personas


def test_the_seed_lists_six_demo_personas_of_every_level(client, demo):
    people = client.get(f"{API}/personas").get_json()
    assert len(people) == 6
    assert [p["oid"] for p in people] == sorted(demo.values())
    assert {p["phone"]: p["oid"] for p in people} == demo
    levels = [p["level"] for p in people]
    assert levels.count("confirmed") == 4
    assert levels.count("standard") == 1 and levels.count("simplified") == 1
    assert all(p["trusted"] is (p["level"] == "confirmed") for p in people)
    with_fac = [p for p in people if any(r.get("shortName") == "ФАЦ" for r in p["roles"])]
    assert [p["phone"] for p in with_fac] == [REVIEWER_PHONE]
    assert all(p["oid"] >= 1000000000 for p in people)


def test_personas_never_show_a_password_or_its_hash(client, demo):
    for person in client.get(f"{API}/personas").get_json():
        assert not {k for k in person if "password" in k}
        assert "$argon2" not in str(person)


def test_one_persona_by_oid(client, demo):
    response = client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}")
    assert response.status_code == 200
    person = response.get_json()
    assert person["oid"] == demo[DOCTOR_PHONE] and person["last_name"] == "Иванова"
    assert person["birth_date"] == "1986-03-14" and person["phone"] == DOCTOR_PHONE
    assert person["level"] == "confirmed" and person["locked_until"] is None
    assert client.get(f"{API}/personas/999").status_code == 404


def test_creating_a_persona_gives_a_new_oid_and_it_can_log_in(app, client, registered, demo):
    response = client.post(f"{API}/personas", json=new_person())
    assert response.status_code == 201
    person = response.get_json()
    assert person["oid"] >= 1000000000 and person["oid"] not in demo.values()
    assert person["snils"] == valid_snils(223344556) and person["trusted"] is True
    assert client.get(f"{API}/personas/{person['oid']}").get_json() == person
    assert len(client.get(f"{API}/personas").get_json()) == 7
    assert log_in(app, registered, "+79161110001", "Strong-Pass1")[0].status_code == 303


def test_a_persona_created_on_an_empty_simulator_gets_an_oid_of_ten_digits(client):
    person = client.post(f"{API}/personas", json=new_person()).get_json()
    assert person["oid"] >= 1000000000


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt!", "Пароль должен быть не короче 8 символов"),
        ("alllower-case1", "Пароль должен содержать строчные и заглавные буквы"),
        ("No-Digits-Here", "Пароль должен содержать цифру"),
        ("NoSpecial123", "Пароль должен содержать специальный символ, например ! или %"),
    ],
)
def test_a_weak_password_is_refused_with_the_policy_message(client, demo, password, message):
    response = client.post(f"{API}/personas", json=new_person(password=password))
    assert_invalid(response, "password")
    assert response.get_json()["error"] == message
    assert len(client.get(f"{API}/personas").get_json()) == 6


def test_a_snils_with_a_wrong_checksum_is_refused(client, demo):
    good = valid_snils(223344556)
    bad = good[:9] + f"{(int(good[9:]) + 1) % 100:02d}"
    response = client.post(f"{API}/personas", json=new_person(snils=bad))
    assert_invalid(response, "snils")
    assert "СНИЛС" in response.get_json()["error"]
    assert len(client.get(f"{API}/personas").get_json()) == 6


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_name": ""}, "last_name"),
        ({"birth_date": None}, "birth_date"),
        ({"birth_date": "03.02.1990"}, "birth_date"),
        ({"password": ""}, "password"),
        ({"phone": None, "email": None}, "phone"),
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"level": "gold"}, "level"),
    ],
)
def test_an_invalid_persona_is_refused_with_the_field(client, demo, changes, field):
    assert_invalid(client.post(f"{API}/personas", json=new_person(**changes)), field)
    assert len(client.get(f"{API}/personas").get_json()) == 6


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": DOCTOR_PHONE}, "phone"),
        ({"email": "ivanova.ms@example.ru"}, "email"),
        ({"snils": valid_snils(112233401)}, "snils"),
        ({"oid": 1000000101}, "oid"),
    ],
)
def test_a_persona_taking_anothers_login_or_oid_is_refused_with_422(client, demo, changes, field):
    assert_invalid(client.post(f"{API}/personas", json=new_person(**changes)), field)
    assert len(client.get(f"{API}/personas").get_json()) == 6


def test_changing_a_persona_to_anothers_phone_is_refused_with_422(client, demo):
    reviewer = f"{API}/personas/{demo[REVIEWER_PHONE]}"
    assert_invalid(client.patch(reviewer, json={"phone": DOCTOR_PHONE}), "phone")
    assert client.get(reviewer).get_json()["phone"] == REVIEWER_PHONE


def test_an_oid_below_ten_digits_is_refused(client, demo):
    """ESIA oids are integers ≥ 1000000000; the documented NewPersona says so too."""
    assert_invalid(client.post(f"{API}/personas", json=new_person(oid=42)), "oid")
    document = client.get(f"{API}/openapi.json").get_json()
    oid = document["components"]["schemas"]["NewPersona"]["properties"]["oid"]
    assert oid["minimum"] == 1000000000


def test_lowering_the_level_drops_is_tru_from_the_id_token(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    before = claims_of(app, id_token_of(app, registered))
    assert before["urn:esia:sbj"]["urn:esia:sbj:is_tru"] is True
    response = client.patch(f"{API}/personas/{oid}", json={"level": "standard"})
    assert response.status_code == 200
    assert response.get_json()["level"] == "standard" and response.get_json()["trusted"] is False
    after = claims_of(app, id_token_of(app, registered))
    assert "urn:esia:sbj:is_tru" not in after["urn:esia:sbj"]
    assert after["urn:esia:sbj"]["urn:esia:sbj:lvl"] == "P"


def test_a_changed_password_is_the_one_that_logs_in(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    assert client.patch(f"{API}/personas/{oid}", json={"password": NEW_PASSWORD}).status_code == 200
    assert log_in(app, registered, DOCTOR_PHONE, DEMO_PASSWORD)[0].status_code == 422
    token = id_token_of(app, registered, DOCTOR_PHONE, NEW_PASSWORD)
    assert claims_of(app, token)["sub"] == oid


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(app, client, registered, demo):
    response = client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"password": "weak"})
    assert_invalid(response, "password")
    assert log_in(app, registered, DOCTOR_PHONE)[0].status_code == 303


def test_patching_changes_only_the_given_fields(client, demo):
    oid = demo[DOCTOR_PHONE]
    before = client.get(f"{API}/personas/{oid}").get_json()
    response = client.patch(
        f"{API}/personas/{oid}", json={"middle_name": "Олеговна", "email": "New@Example.ru"}
    )
    assert response.status_code == 200
    after = client.get(f"{API}/personas/{oid}").get_json()
    assert after["middle_name"] == "Олеговна" and after["email"] == "new@example.ru"
    unchanged = {k: v for k, v in after.items() if k not in ("middle_name", "email")}
    assert unchanged == {k: v for k, v in before.items() if k not in ("middle_name", "email")}


def test_an_invalid_patch_changes_nothing(client, demo):
    oid = demo[DOCTOR_PHONE]
    before = client.get(f"{API}/personas/{oid}").get_json()
    response = client.patch(f"{API}/personas/{oid}", json={"last_name": "Другая", "level": "x"})
    assert_invalid(response, "level")
    assert client.get(f"{API}/personas/{oid}").get_json() == before


def test_patching_or_deleting_an_unknown_persona_is_404(client, demo):
    assert client.patch(f"{API}/personas/999", json={"level": "standard"}).status_code == 404
    assert client.delete(f"{API}/personas/999").status_code == 404


def test_a_deleted_persona_is_gone(app, client, registered, demo):
    oid = demo[REVIEWER_PHONE]
    response = client.delete(f"{API}/personas/{oid}")
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(f"{API}/personas/{oid}").status_code == 404
    assert oid not in [p["oid"] for p in client.get(f"{API}/personas").get_json()]
    assert client.delete(f"{API}/personas/{oid}").status_code == 404
    assert log_in(app, registered, REVIEWER_PHONE)[0].status_code == 422


def test_unlock_lifts_a_password_lockout(app, client, registered, demo):
    page, browser = log_in(app, registered, DOCTOR_PHONE, "Wrong-pass1")
    for _ in range(4):
        page = browser.password(DOCTOR_PHONE, "Wrong-pass1")
    assert "временно заблокирована" in page.text
    locked = client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}").get_json()
    assert locked["locked_until"].endswith("Z")
    response = client.post(f"{API}/personas/{demo[DOCTOR_PHONE]}/unlock")
    assert response.status_code == 200
    assert response.get_json()["locked_until"] is None
    assert response.get_json()["failed_logins"] == 0
    assert browser.password(DOCTOR_PHONE).status_code == 303


# Messages


def test_messages_filter_by_recipient_newest_first_with_the_code(app, client, registered, demo):
    for phone in (DOCTOR_PHONE, REVIEWER_PHONE, DOCTOR_PHONE):
        assert log_in(app, registered, phone)[0].status_code == 303
    mine = client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert len(mine) == 2 and {m["to"] for m in mine} == {DOCTOR_PHONE}
    assert mine[0]["id"] > mine[1]["id"]
    assert mine[0]["sent_at"] >= mine[1]["sent_at"] and mine[0]["sent_at"].endswith("Z")
    for message in mine:
        assert message["channel"] == "sms"
        assert re.fullmatch(r"\d{6}", message["code"]) and message["code"] in message["body"]
    everything = client.get(f"{API}/messages").get_json()
    assert len(everything) == 3
    assert [m["id"] for m in everything] == sorted((m["id"] for m in everything), reverse=True)
    assert client.get(f"{API}/messages", query_string={"to": "+79990000000"}).get_json() == []


def test_the_newest_code_is_the_one_that_works(app, client, registered, demo):
    browser = Browser(app.test_client())
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    client.post(f"{API}/clock", json={"advance_seconds": 61})
    browser.client.post(
        browser.code_url().replace("/login/code?", "/login/code/resend?"),
        data={"csrf_token": csrf_from(browser.client.get(browser.code_url()).text)},
    )
    codes = client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert len(codes) == 2 and codes[0]["code"] != codes[1]["code"]
    assert browser.enter_code(codes[1]["code"]).status_code == 422
    assert browser.enter_code(codes[0]["code"]).status_code == 303


# Clock


def test_the_clock_shows_now_and_a_zero_offset(client):
    body = client.get(f"{API}/clock").get_json()
    assert body["offset_seconds"] == 0
    now = datetime.fromisoformat(body["now"].removesuffix("Z")).replace(tzinfo=UTC)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=30)


def test_moving_the_clock_adds_up(client):
    first = client.post(f"{API}/clock", json={"advance_seconds": 3600})
    assert first.status_code == 200 and first.get_json()["offset_seconds"] == 3600
    second = client.post(f"{API}/clock", json={"advance_seconds": 60}).get_json()
    assert second["offset_seconds"] == 3660
    now = datetime.fromisoformat(second["now"].removesuffix("Z")).replace(tzinfo=UTC)
    assert abs(now - datetime.now(UTC) - timedelta(seconds=3660)) < timedelta(seconds=30)
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 3660
    assert client.post(f"{API}/clock", json={"advance_seconds": 0}).status_code == 200


@pytest.mark.parametrize("value", [-1, "60", 1.5, None, True, [60]])
def test_advance_seconds_must_be_a_non_negative_integer(client, value):
    assert_invalid(client.post(f"{API}/clock", json={"advance_seconds": value}), "advance_seconds")
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_moving_the_clock_without_a_body_is_refused(client):
    assert_invalid(client.post(f"{API}/clock"), "advance_seconds")


# Reset


def test_reset_wipes_state_and_reseeds_but_keeps_clients(app, client, registered, demo):
    created = client.post(f"{API}/personas", json=new_person()).get_json()
    client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"level": "simplified"})
    log_in(app, registered, DOCTOR_PHONE)
    client.post(f"{API}/clock", json={"advance_seconds": 600})
    response = client.post(f"{API}/reset")
    assert response.status_code == 200
    assert response.get_json()["personas"] == 6
    assert response.get_json()["clock"]["offset_seconds"] == 0
    people = client.get(f"{API}/personas").get_json()
    assert len(people) == 6 and {p["phone"]: p["oid"] for p in people} == demo
    assert client.get(f"{API}/personas/{created['oid']}").status_code == 404
    assert client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}").get_json()["level"] == "confirmed"
    assert client.get(f"{API}/messages").get_json() == []
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0
    assert [c["client_id"] for c in client.get(f"{API}/clients").get_json()] == ["TESTRP"]


def test_reset_with_clients_true_also_forgets_clients(client, registered, demo):
    assert client.post(f"{API}/reset", json={"clients": True}).status_code == 200
    assert client.get(f"{API}/clients").get_json() == []
    assert len(client.get(f"{API}/personas").get_json()) == 6


def test_reset_on_an_empty_simulator_seeds_the_demo(client):
    assert client.post(f"{API}/reset").get_json()["personas"] == 6


def test_reset_revokes_tokens_issued_before(app, client, registered, demo):
    browser_client = app.test_client()
    code = Browser(browser_client).log_in(registered.v1_params())["code"]
    token = browser_client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()[
        "access_token"
    ]
    person = f"/rs/prns/{demo[DOCTOR_PHONE]}"
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(person, headers=headers).status_code == 200
    client.post(f"{API}/reset")
    assert client.get(person, headers=headers).status_code == 401


def test_after_reset_the_demo_people_log_in_again(app, client, registered, demo):
    client.post(f"{API}/reset")
    assert log_in(app, registered, DOCTOR_PHONE)[0].status_code == 303


# ADMIN_TOKEN and TEST_API


@pytest.fixture
def guarded(app, idp_config):
    """A second app on the same (emptied after the test) database with an admin token set."""
    return idp_mock.create_app({**idp_config, "ADMIN_TOKEN": "s3cret"}).test_client()


GUARDED_CALLS = [
    ("get", "/clients", None),
    ("post", "/clients", {}),
    ("get", "/personas", None),
    ("get", "/messages", None),
    ("get", "/clock", None),
    ("post", "/clock", {"advance_seconds": 1}),
    ("post", "/reset", {}),
    ("get", "/signing-cert", None),
]


@pytest.mark.parametrize(("method", "path", "body"), GUARDED_CALLS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer wrong", "Bearer s3cret-and-more", "Basic czNjcmV0"],
)
def test_admin_token_is_required_when_set(guarded, method, path, body, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = getattr(guarded, method)(f"{API}{path}", json=body, headers=headers)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.get_json()["error"]


@pytest.mark.parametrize(("method", "path", "body"), GUARDED_CALLS)
def test_the_admin_token_opens_the_api(guarded, method, path, body):
    response = getattr(guarded, method)(
        f"{API}{path}", json=body, headers={"Authorization": "Bearer s3cret"}
    )
    assert response.status_code != 401
    assert response.status_code in (200, 422)


def test_the_bare_admin_token_without_the_bearer_scheme_is_refused(guarded):
    assert guarded.get(f"{API}/clients", headers={"Authorization": "s3cret"}).status_code == 401


def test_the_bearer_scheme_is_case_insensitive(guarded):
    response = guarded.get(f"{API}/clients", headers={"Authorization": "bearer s3cret"})
    assert response.status_code == 200


def test_nothing_changes_without_the_admin_token(guarded, client, demo):
    assert guarded.post(f"{API}/clock", json={"advance_seconds": 999}).status_code == 401
    assert guarded.post(f"{API}/reset", json={"clients": True}).status_code == 401
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_the_admin_token_does_not_guard_the_esia_endpoints(guarded, registered):
    response = guarded.get("/aas/oauth2/ac", query_string=registered.v1_params())
    assert response.status_code == 302 and "/login?" in response.headers["Location"]


def test_without_test_api_the_routes_do_not_exist(app, idp_config, registered):
    closed = idp_mock.create_app({**idp_config, "TEST_API": False})
    assert not [r for r in closed.url_map.iter_rules() if r.rule.startswith(API)]
    client = closed.test_client()
    for path in ("/clients", "/personas", "/messages", "/clock", "/signing-cert", "/openapi.json"):
        assert client.get(f"{API}{path}").status_code == 404, path
    assert client.post(f"{API}/reset").status_code == 404
    assert client.post(f"{API}/clients", json=RelyingParty().registration()).status_code == 404
    assert client.get("/aas/oauth2/ac", query_string=registered.v1_params()).status_code == 302


# OpenAPI


@pytest.fixture
def spec(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_openapi_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    assert spec["servers"], "clients need a server URL to resolve the paths against"


OPERATIONS = {"get", "put", "post", "delete", "patch"}


def served_operations(app, prefixes=(f"{API}/",)) -> dict[str, set[str]]:
    """{URL path in OpenAPI template form: methods} for every rule under the prefixes."""
    operations: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            operations.setdefault(path, set()).update(m.lower() for m in rule.methods)
    return {path: methods & OPERATIONS for path, methods in operations.items()}


def documented_operations(spec: dict) -> dict[str, set[str]]:
    """{URL path: methods} the document describes, its paths resolved against its server URL."""
    base = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
    return {base + path: set(item) & OPERATIONS for path, item in spec["paths"].items()}


def test_the_openapi_document_describes_every_route_of_the_tester_api(app, spec):
    served = served_operations(app)
    assert served[f"{API}/personas/{{oid}}"] == {"get", "patch", "delete"}
    served.pop(f"{API}/openapi.json")  # the document itself
    documented = {
        path: methods
        for path, methods in documented_operations(spec).items()
        if path.startswith(f"{API}/")
    }
    assert documented == served


def test_the_openapi_document_describes_exactly_the_routes_of_both_prefixes(app, spec):
    """The tester API and the mock registries, and nothing the simulator does not serve."""
    served = served_operations(app, (f"{API}/", "/registries/"))
    served.pop(f"{API}/openapi.json")
    assert documented_operations(spec) == served


def test_every_documented_operation_has_a_summary_and_responses(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["summary"], (path, method)
            assert operation["responses"], (path, method)


def schema_validator(spec: dict, schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_clients_messages_and_clock_match_their_documented_schemas(
    app, client, spec, registered, demo
):
    log_in(app, registered, DOCTOR_PHONE)
    checks = [
        ("/clients", {"type": "array", "items": ref("Client")}),
        ("/messages", {"type": "array", "items": ref("Message")}),
        ("/clock", ref("Clock")),
    ]
    for path, schema in checks:
        schema_validator(spec, schema).validate(client.get(f"{API}{path}").get_json())
    invalid = client.post(f"{API}/clock", json={"advance_seconds": -1}).get_json()
    schema_validator(spec, ref("Error")).validate(invalid)


def test_every_demo_persona_matches_the_documented_persona_schema(
    app, client, spec, registered, demo
):
    page, browser = log_in(app, registered, DOCTOR_PHONE, "Wrong-pass1")
    for _ in range(4):
        browser.password(DOCTOR_PHONE, "Wrong-pass1")
    validator = schema_validator(spec, ref("Persona"))
    problems = {
        person["oid"]: [error.message for error in validator.iter_errors(person)]
        for person in client.get(f"{API}/personas").get_json()
    }
    assert problems == {oid: [] for oid in problems}
