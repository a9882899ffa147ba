"""The tester API's personas: the seeded demo, creating, changing, deleting and unlocking."""

import jwt
import pytest

from common.validators import snils_checksum
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import step_of

API = "/_mock/api"
REVIEWER_PHONE = "+79161234506"
NEW_PASSWORD = "Novyj-Parol7"


def valid_snils(number: int) -> str:
    return f"{number:09d}{snils_checksum(number):02d}"


def claims_of(app, token: str) -> dict:
    return jwt.decode(
        token,
        app.extensions["signing_key"].public_pem,
        algorithms=["RS256"],
        audience="TESTRP",
        options={"verify_sub": False},
    )


def test_the_seed_lists_seven_demo_personas_of_every_level(client, demo):
    people = client.get(f"{API}/personas").get_json()
    assert len(people) == 7
    assert [p["oid"] for p in people] == sorted(demo.values())
    assert {p["phone"]: p["oid"] for p in people} == demo
    levels = [p["level"] for p in people]
    assert levels.count("confirmed") == 5
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


def test_creating_a_persona_gives_a_new_oid_and_it_can_log_in(
    app, client, registered, demo, log_in, new_person
):
    response = client.post(f"{API}/personas", json=new_person())
    assert response.status_code == 201
    person = response.get_json()
    assert person["oid"] >= 1000000000 and person["oid"] not in demo.values()
    assert person["snils"] == valid_snils(223344556) and person["trusted"] is True
    assert client.get(f"{API}/personas/{person['oid']}").get_json() == person
    assert len(client.get(f"{API}/personas").get_json()) == 8
    assert step_of(log_in(app, registered, "+79161110001", "Strong-Pass1")[0]) == "/login/code"


def test_a_persona_created_on_an_empty_simulator_gets_an_oid_of_ten_digits(client, new_person):
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
def test_a_weak_password_is_refused_with_the_policy_message(
    client, demo, assert_invalid, new_person, password, message
):
    response = client.post(f"{API}/personas", json=new_person(password=password))
    assert_invalid(response, "password")
    assert response.get_json()["error"] == message
    assert len(client.get(f"{API}/personas").get_json()) == 7


def test_a_snils_with_a_wrong_checksum_is_refused(client, demo, assert_invalid, new_person):
    good = valid_snils(223344556)
    bad = good[:9] + f"{(int(good[9:]) + 1) % 100:02d}"
    response = client.post(f"{API}/personas", json=new_person(snils=bad))
    assert_invalid(response, "snils")
    assert "СНИЛС" in response.get_json()["error"]
    assert len(client.get(f"{API}/personas").get_json()) == 7


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
def test_an_invalid_persona_is_refused_with_the_field(
    client, demo, assert_invalid, new_person, changes, field
):
    assert_invalid(client.post(f"{API}/personas", json=new_person(**changes)), field)
    assert len(client.get(f"{API}/personas").get_json()) == 7


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": DOCTOR_PHONE}, "phone"),
        ({"email": "ivanova.ms@example.ru"}, "email"),
        ({"snils": valid_snils(112233401)}, "snils"),
        ({"oid": 1000000101}, "oid"),
    ],
)
def test_a_persona_taking_anothers_login_or_oid_is_refused_with_422(
    client, demo, assert_invalid, new_person, changes, field
):
    assert_invalid(client.post(f"{API}/personas", json=new_person(**changes)), field)
    assert len(client.get(f"{API}/personas").get_json()) == 7


def test_changing_a_persona_to_anothers_phone_is_refused_with_422(client, demo, assert_invalid):
    reviewer = f"{API}/personas/{demo[REVIEWER_PHONE]}"
    assert_invalid(client.patch(reviewer, json={"phone": DOCTOR_PHONE}), "phone")
    assert client.get(reviewer).get_json()["phone"] == REVIEWER_PHONE


def test_an_oid_below_ten_digits_is_refused(client, demo, assert_invalid, new_person):
    """ESIA oids are integers ≥ 1000000000; the documented NewPersona says so too."""
    assert_invalid(client.post(f"{API}/personas", json=new_person(oid=42)), "oid")
    document = client.get(f"{API}/openapi.json").get_json()
    oid = document["components"]["schemas"]["NewPersona"]["properties"]["oid"]
    assert oid["minimum"] == 1000000000


def test_lowering_the_level_drops_is_tru_from_the_id_token(
    app, client, registered, demo, id_token_of
):
    oid = demo[DOCTOR_PHONE]
    before = claims_of(app, id_token_of(app, registered))
    assert before["urn:esia:sbj"]["urn:esia:sbj:is_tru"] is True
    response = client.patch(f"{API}/personas/{oid}", json={"level": "standard"})
    assert response.status_code == 200
    assert response.get_json()["level"] == "standard" and response.get_json()["trusted"] is False
    after = claims_of(app, id_token_of(app, registered))
    assert "urn:esia:sbj:is_tru" not in after["urn:esia:sbj"]
    assert after["urn:esia:sbj"]["urn:esia:sbj:lvl"] == "P"


def test_a_changed_password_is_the_one_that_logs_in(
    app, client, registered, demo, log_in, id_token_of
):
    oid = demo[DOCTOR_PHONE]
    assert client.patch(f"{API}/personas/{oid}", json={"password": NEW_PASSWORD}).status_code == 200
    assert log_in(app, registered, DOCTOR_PHONE, DEMO_PASSWORD)[0].status_code == 422
    token = id_token_of(app, registered, DOCTOR_PHONE, NEW_PASSWORD)
    assert claims_of(app, token)["sub"] == oid


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(
    app, client, registered, demo, assert_invalid, log_in
):
    response = client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"password": "weak"})
    assert_invalid(response, "password")
    assert step_of(log_in(app, registered, DOCTOR_PHONE)[0]) == "/login/code"


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


def test_an_invalid_patch_changes_nothing(client, demo, assert_invalid):
    oid = demo[DOCTOR_PHONE]
    before = client.get(f"{API}/personas/{oid}").get_json()
    response = client.patch(f"{API}/personas/{oid}", json={"last_name": "Другая", "level": "x"})
    assert_invalid(response, "level")
    assert client.get(f"{API}/personas/{oid}").get_json() == before


def test_patching_or_deleting_an_unknown_persona_is_404(client, demo):
    assert client.patch(f"{API}/personas/999", json={"level": "standard"}).status_code == 404
    assert client.delete(f"{API}/personas/999").status_code == 404


def test_a_deleted_persona_is_gone(app, client, registered, demo, log_in):
    oid = demo[REVIEWER_PHONE]
    response = client.delete(f"{API}/personas/{oid}")
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(f"{API}/personas/{oid}").status_code == 404
    assert oid not in [p["oid"] for p in client.get(f"{API}/personas").get_json()]
    assert client.delete(f"{API}/personas/{oid}").status_code == 404
    assert log_in(app, registered, REVIEWER_PHONE)[0].status_code == 422


def test_unlock_lifts_a_password_lockout(app, client, registered, demo, log_in):
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
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
