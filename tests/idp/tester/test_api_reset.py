"""The tester API's reset: state wiped, the demo seeded again, clients kept unless asked."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, step_of

API = "/_mock/api"


def test_reset_wipes_state_and_reseeds_but_keeps_clients(
    app, client, registered, demo, log_in, new_person
):
    created = client.post(f"{API}/personas", json=new_person()).get_json()
    client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"level": "simplified"})
    log_in(app, registered, DOCTOR_PHONE)
    client.post(f"{API}/clock", json={"advance_seconds": 600})
    response = client.post(f"{API}/reset")
    assert response.status_code == 200
    assert response.get_json()["personas"] == 7
    assert response.get_json()["clock"]["offset_seconds"] == 0
    people = client.get(f"{API}/personas").get_json()
    assert len(people) == 7 and {p["phone"]: p["oid"] for p in people} == demo
    assert client.get(f"{API}/personas/{created['oid']}").status_code == 404
    assert client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}").get_json()["level"] == "confirmed"
    assert client.get(f"{API}/messages").get_json() == []
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0
    assert [c["client_id"] for c in client.get(f"{API}/clients").get_json()] == ["TESTRP"]


def test_reset_with_clients_true_also_forgets_clients(client, registered, demo):
    assert client.post(f"{API}/reset", json={"clients": True}).status_code == 200
    assert client.get(f"{API}/clients").get_json() == []
    assert len(client.get(f"{API}/personas").get_json()) == 7


def test_reset_on_an_empty_simulator_seeds_the_demo(client):
    assert client.post(f"{API}/reset").get_json()["personas"] == 7


def test_reset_revokes_tokens_issued_before(app, client, registered, demo, log_in):
    browser_client = app.test_client()
    code = GosuslugiUser(browser_client).log_in(registered.v1_params())["code"]
    token = browser_client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()[
        "access_token"
    ]
    person = f"/rs/prns/{demo[DOCTOR_PHONE]}"
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(person, headers=headers).status_code == 200
    client.post(f"{API}/reset")
    assert client.get(person, headers=headers).status_code == 401


def test_after_reset_the_demo_people_log_in_again(app, client, registered, demo, log_in):
    client.post(f"{API}/reset")
    assert step_of(log_in(app, registered, DOCTOR_PHONE)[0]) == "/login/code"
