"""Nothing done in one group is seen in another, nor by the stand's own people: codes,
lockouts, clocks, outboxes, faults and snapshots each stay in their world."""

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, step_of
from tests.support.groups import (
    API,
    fail_password,
    log_in_in_group,
    make_group,
    move_group_clock,
    seat_of,
)
from tests.support.pages import Page

LOCKOUT = 1800


def test_a_persons_code_lands_only_in_their_groups_outbox(app, client, registered, demo):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    phone = seat_of(a, 1)["phone"]
    assert log_in_in_group(app, registered, a["id"], phone, DEMO_PASSWORD).status_code == 200
    assert client.get(f"{API}/groups/{a['id']}/messages").get_json()
    assert client.get(f"{API}/groups/{b['id']}/messages").get_json() == []
    assert client.get(f"{API}/messages").get_json() == []


def test_the_stand_outbox_keeps_the_stands_people(app, client, registered, demo, log_in):
    group = make_group(client)
    assert step_of(log_in(app, registered, DOCTOR_PHONE)[0]) == "/login/code"
    assert latest_code(client, DOCTOR_PHONE)
    assert client.get(f"{API}/groups/{group['id']}/messages").get_json() == []


def test_a_lockout_in_one_group_leaves_the_same_seat_of_another_alone(
    app, client, registered, demo
):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    locked = fail_password(app, registered, seat_of(a, 1)["phone"], 5)
    assert "заблокирована" in Page(locked).text
    assert client.get(f"{API}/personas/{seat_of(a, 1)['oid']}").get_json()["locked_until"]
    phone = seat_of(b, 1)["phone"]
    assert log_in_in_group(app, registered, b["id"], phone, DEMO_PASSWORD).status_code == 200


def test_moving_a_groups_clock_ends_its_lockout_and_no_one_elses(app, client, registered, demo):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    fail_password(app, registered, DOCTOR_PHONE, 5)
    fail_password(app, registered, seat_of(b, 1)["phone"], 5)
    moved = move_group_clock(client, a["id"], LOCKOUT + 60)
    assert moved["offset_seconds"] == LOCKOUT + 60
    still = fail_password(app, registered, seat_of(b, 1)["phone"], 1)
    assert "заблокирована" in Page(still).text
    assert "заблокирована" in Page(fail_password(app, registered, DOCTOR_PHONE, 1)).text
    move_group_clock(client, b["id"], LOCKOUT + 60)
    phone = seat_of(b, 1)["phone"]
    assert log_in_in_group(app, registered, b["id"], phone, DEMO_PASSWORD).status_code == 200
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_a_groups_clock_expires_its_sessions_only(app, client, registered, demo):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    token_a = log_in_in_group(app, registered, a["id"], seat_of(a, 1)["phone"], DEMO_PASSWORD)
    token_b = log_in_in_group(app, registered, b["id"], seat_of(b, 1)["phone"], DEMO_PASSWORD)
    move_group_clock(client, a["id"], 2 * 3600)
    for token, group, alive in ((token_a, a, False), (token_b, b, True)):
        access = token.get_json()["access_token"]
        oid = seat_of(group, 1)["oid"]
        person = client.get(f"/rs/prns/{oid}", headers={"Authorization": f"Bearer {access}"})
        assert (person.status_code == 200) is alive, person.get_data(as_text=True)


def test_a_groups_fault_fires_only_for_its_people(app, client, registered, demo):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    armed = client.post(
        f"{API}/groups/{a['id']}/faults",
        json={"kind": "http_error", "path": "/aas/oauth2/te", "status": 502},
    )
    assert armed.status_code == 201
    assert client.get(f"{API}/faults").get_json() == []
    refused = log_in_in_group(app, registered, a["id"], seat_of(a, 1)["phone"], DEMO_PASSWORD)
    assert refused.status_code == 502
    fine = log_in_in_group(app, registered, b["id"], seat_of(b, 1)["phone"], DEMO_PASSWORD)
    assert fine.status_code == 200
    listed = client.get(f"{API}/groups/{a['id']}/faults").get_json()
    assert [f["status"] for f in listed] == [502]
    assert client.delete(f"{API}/faults/{listed[0]['id']}").status_code == 404
    assert client.delete(f"{API}/groups/{a['id']}/faults/{listed[0]['id']}").status_code == 204


def test_a_stand_fault_leaves_the_groups_alone(app, client, registered, demo):
    group = make_group(client)
    client.post(f"{API}/faults", json={"kind": "http_error", "path": "/aas/oauth2/te"})
    phone = seat_of(group, 1)["phone"]
    assert log_in_in_group(app, registered, group["id"], phone, DEMO_PASSWORD).status_code == 200


def test_a_group_snapshot_puts_back_its_state_and_leaves_the_other_group(
    app, client, registered, demo
):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    saved = client.post(f"{API}/groups/{a['id']}/snapshots", json={"name": "начало"})
    assert saved.status_code == 201
    fail_password(app, registered, seat_of(a, 1)["phone"], 5)
    fail_password(app, registered, seat_of(b, 1)["phone"], 5)
    restored = client.post(f"{API}/groups/{a['id']}/snapshots/начало/restore")
    assert restored.status_code == 200
    assert client.get(f"{API}/personas/{seat_of(a, 1)['oid']}").get_json()["locked_until"] is None
    assert client.get(f"{API}/personas/{seat_of(b, 1)['oid']}").get_json()["locked_until"]
    listed = client.get(f"{API}/groups/{a['id']}/snapshots").get_json()
    assert [s["name"] for s in listed] == ["начало"]
    assert client.get(f"{API}/groups/{b['id']}/snapshots").get_json() == []
    assert client.get(f"{API}/snapshots").get_json() == []
    assert client.delete(f"{API}/groups/{a['id']}/snapshots/начало").status_code == 204
    assert client.post(f"{API}/groups/{a['id']}/snapshots/начало/restore").status_code == 404


def test_a_group_reset_wipes_its_lockout_outbox_and_clock(app, client, registered, demo):
    group = make_group(client)
    fail_password(app, registered, seat_of(group, 1)["phone"], 5)
    move_group_clock(client, group["id"], 600)
    assert client.post(f"{API}/groups/{group['id']}/reset").status_code == 200
    oid = seat_of(group, 1)["oid"]
    assert client.get(f"{API}/personas/{oid}").get_json()["locked_until"] is None
    assert client.get(f"{API}/groups/{group['id']}/messages").get_json() == []
    assert client.get(f"{API}/groups/{group['id']}/clock").get_json()["offset_seconds"] == 0


def test_a_groups_clock_is_set_and_put_back(client, demo):
    group = make_group(client)
    url = f"{API}/groups/{group['id']}/clock"
    moved = client.post(f"{url}/set", json={"now": "2030-01-01T09:00:00Z"}).get_json()
    assert moved["now"].startswith(("2030-01-01T08:59", "2030-01-01T09:00"))
    assert client.get(url).get_json()["now"].startswith("2030-01-01")
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0
    assert client.post(f"{url}/reset").get_json()["offset_seconds"] == 0


def test_a_class_of_twenty_behind_one_address_is_not_stopped_by_the_source_limits(
    app, client, registered, demo
):
    group = make_group(client, copies=12)
    for copy in range(1, 13):
        phone = seat_of(group, copy)["phone"]
        token = log_in_in_group(app, registered, group["id"], phone, DEMO_PASSWORD)
        assert token.status_code == 200, copy


def resend(browser):
    """«Получить новый код» a minute after the last one; the page it leads to."""
    page = Page(browser.client.get(browser.code_url()))
    action = browser.code_url().replace("/login/code?", "/login/code/resend?")
    return Page(browser.client.post(action, data={"csrf_token": page.csrf_token}))


def test_unlock_lifts_the_hourly_code_limit_too(app, client, registered, demo):
    browser = GosuslugiUser(app.test_client())
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    for _ in range(5):
        client.post(f"{API}/clock", json={"advance_seconds": 61})
        refused = resend(browser)
    assert "слишком много кодов" in refused.text
    assert client.post(f"{API}/personas/1000000101/unlock").status_code == 200
    client.post(f"{API}/clock", json={"advance_seconds": 61})
    assert "слишком много кодов" not in resend(browser).text
    assert len(client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()) == 6
