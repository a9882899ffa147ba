"""Biometrics as a second factor: scripted or tester-chosen outcomes, each failure explained,
failures slowing down and then stopping the check (NIST SP 800-63B §5.2.3)."""

import jwt
import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, query_of, step_of
from tests.support.login_ways import Camera
from tests.support.pages import Page

API = "/_mock/api"


def enroll(client, demo, script) -> None:
    oid = demo[DOCTOR_PHONE]
    assert (
        client.patch(f"{API}/personas/{oid}", json={"script": {"biometrics": script}}).status_code
        == 200
    )


@pytest.fixture
def camera(client, registered, demo):
    enroll(client, demo, "match")
    camera = Camera(client, registered)
    assert step_of(camera.browser.password(DOCTOR_PHONE)) == "/login/code"
    return camera


def test_the_demo_doctor_has_biometrics_enrolled(client, demo):
    persona = client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}").get_json()
    assert persona["script"]["biometrics"] == "match"


def test_the_code_page_offers_biometrics_to_an_enrolled_person(client, camera):
    assert 'data-testid="use-biometrics"' in client.get(camera.browser.code_url()).text


def test_a_person_without_biometrics_is_not_offered_them(client, registered, demo):
    enroll(client, demo, None)
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert 'data-testid="use-biometrics"' not in client.get(browser.code_url()).text


def test_a_match_logs_in_with_bio_in_the_tokens(client, camera, registered):
    response = camera.look()
    assert step_of(response) == "/consent"
    code = query_of(camera.browser.consent().headers["Location"])["code"]
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    assert jwt.decode(body["id_token"], options={"verify_signature": False})["amr"] == "BIO"


@pytest.mark.parametrize(
    "outcome, message",
    [
        ("no_match", "Лицо не совпало"),
        ("liveness_failed", "живой человек"),
        ("camera_unavailable", "Камера недоступна"),
    ],
)
def test_each_tester_chosen_failure_is_explained(camera, outcome, message):
    response = camera.look(outcome)
    assert response.status_code == 422
    assert message in Page(response).field_error("outcome")


def test_a_scripted_sequence_fails_twice_then_passes(client, camera, demo):
    enroll(client, demo, ["no_match", "liveness_failed", "match"])
    assert camera.look().status_code == 422
    assert camera.look().status_code == 422
    assert step_of(camera.look()) == "/consent"


def test_after_three_failures_the_next_attempt_must_wait(client, camera):
    for _ in range(3):
        camera.look("no_match")
    response = camera.look("match")
    assert response.status_code == 422
    assert "Слишком много неудачных попыток" in Page(response).field_error("outcome")
    client.post(f"{API}/clock", json={"advance_seconds": 31})
    assert step_of(camera.look("match")) == "/consent"


def test_after_five_failures_biometrics_stop_until_another_factor_succeeds(client, camera):
    for wait in (0, 0, 0, 31, 61):
        client.post(f"{API}/clock", json={"advance_seconds": wait})
        assert camera.look("no_match").status_code == 422
    client.post(f"{API}/clock", json={"advance_seconds": 600})
    response = camera.look("match")
    assert "Вход по биометрии отключён" in Page(response).field_error("outcome")


def test_camera_unavailable_does_not_count_as_a_failure(camera):
    for _ in range(4):
        camera.look("camera_unavailable")
    assert step_of(camera.look("match")) == "/consent"


def test_biometrics_are_a_second_factor_only(client, registered, demo):
    enroll(client, demo, "match")
    camera = Camera(client, registered)
    response = client.get(camera.url)
    assert response.status_code == 303 and "/login?" in response.headers["Location"]


def test_an_unenrolled_person_cannot_use_the_camera_page(client, registered, demo):
    enroll(client, demo, None)
    camera = Camera(client, registered)
    camera.browser.password(DOCTOR_PHONE)
    assert "Биометрия не подключена" in Page(camera.look("match")).text
