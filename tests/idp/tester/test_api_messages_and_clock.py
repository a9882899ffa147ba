"""The tester API's outbox of sent codes and its clock that tests move forward."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, step_of
from tests.support.pages import Page

API = "/_mock/api"
REVIEWER_PHONE = "+79161234506"


# Messages


def test_messages_filter_by_recipient_newest_first_with_the_code(
    app, client, registered, demo, log_in
):
    for phone in (DOCTOR_PHONE, REVIEWER_PHONE, DOCTOR_PHONE):
        assert step_of(log_in(app, registered, phone)[0]) == "/login/code"
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
    browser = GosuslugiUser(app.test_client())
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    client.post(f"{API}/clock", json={"advance_seconds": 61})
    browser.client.post(
        browser.code_url().replace("/login/code?", "/login/code/resend?"),
        data={"csrf_token": Page(browser.client.get(browser.code_url())).csrf_token},
    )
    codes = client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert len(codes) == 2 and codes[0]["code"] != codes[1]["code"]
    assert browser.enter_code(codes[1]["code"]).status_code == 422
    assert step_of(browser.enter_code(codes[0]["code"])) == "/consent"


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
def test_advance_seconds_must_be_a_non_negative_integer(client, assert_invalid, value):
    assert_invalid(client.post(f"{API}/clock", json={"advance_seconds": value}), "advance_seconds")
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_moving_the_clock_without_a_body_is_refused(client, assert_invalid):
    assert_invalid(client.post(f"{API}/clock"), "advance_seconds")
