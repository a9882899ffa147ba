"""A person blocked (or deleted) at ESIA must not keep working in the cabinet: the cabinet
rechecks each session with ESIA every ESIA_RECHECK_SECONDS and ends it when ESIA refuses.
An ESIA outage keeps the session; a reviewer who loses the ФАЦ role leaves the console;
a password lockout is not a block. The simulator revokes what a blocked person holds."""

import pytest
import requests
from sqlalchemy import select

from portal.models import UserSession, db
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, person
from tests.support.esia_recheck import (
    CountingCalls,
    arm_fault,
    change_person,
    clear_faults,
    make_recheck_due,
    wait_out_interval,
    wrong_passwords,
)
from tests.support.pages import Page
from tests.support.servers import free_port

ENDED = "Вход завершён: учётная запись на Госуслугах заблокирована или вход отменён"
ROLE_GONE = "Консоль проверки закрыта"


@pytest.fixture
def quick(cabinet):
    """The cabinet rechecking every second, so a test can wait the interval out."""
    cabinet.config["ESIA_RECHECK_SECONDS"] = 1
    return cabinet


def assert_logged_out_with(web, path: str, message: str) -> None:
    response = web.get(path)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].startswith("/?next=")
    assert message in " ".join(Page(web.get(response.headers["Location"])).flashes)
    assert web.get(path).status_code == 302


def open_sessions(cabinet) -> int:
    with cabinet.app_context():
        query = select(UserSession).where(UserSession.ended_at.is_(None))
        return len(db.session.scalars(query).all())


def delete_person(idp_url: str, oid: int) -> None:
    assert requests.delete(f"{idp_url}/_mock/api/personas/{oid}", timeout=5).status_code == 204


# ASVS 5.0 7.4.1 (session termination when the account is disabled), 7.5.2
@pytest.mark.parametrize("action", ["block", "delete"])
def test_blocking_the_account_at_esia_ends_the_cabinet_session(quick, live_idp, demo, action):
    doctor = person(quick, live_idp.url, DOCTOR_PHONE)
    assert doctor.web.get("/cabinet/").status_code == 200
    if action == "block":
        change_person(live_idp.url, demo[DOCTOR_PHONE], {"state": "blocked"})
    else:
        delete_person(live_idp.url, demo[DOCTOR_PHONE])
    wait_out_interval(quick)
    assert_logged_out_with(doctor.web, "/cabinet/", ENDED)
    assert open_sessions(quick) == 0


def test_revoking_the_persons_sessions_at_esia_ends_the_cabinet_session_too(quick, live_idp, demo):
    doctor = person(quick, live_idp.url, DOCTOR_PHONE)
    oid = demo[DOCTOR_PHONE]
    assert requests.post(f"{live_idp.url}/_mock/api/personas/{oid}/revoke", timeout=5).ok
    wait_out_interval(quick)
    assert_logged_out_with(doctor.web, "/cabinet/documents/", ENDED)


@pytest.mark.parametrize("outage", ["http_503", "unreachable"])
def test_an_esia_outage_keeps_the_session_and_the_check_is_retried(quick, live_idp, demo, outage):
    doctor = person(quick, live_idp.url, DOCTOR_PHONE)
    if outage == "http_503":
        arm_fault(live_idp.url, {"kind": "http_error", "path": "/rs/*", "status": 503})
    else:
        quick.config["IDP_URL"] = f"http://127.0.0.1:{free_port()}"
    wait_out_interval(quick)
    assert doctor.web.get("/cabinet/").status_code == 200
    clear_faults(live_idp.url)
    quick.config["IDP_URL"] = live_idp.url
    change_person(live_idp.url, demo[DOCTOR_PHONE], {"state": "blocked"})
    wait_out_interval(quick)
    assert_logged_out_with(doctor.web, "/cabinet/", ENDED)


def test_a_reviewer_without_the_fac_role_is_let_out_of_the_console(quick, live_idp, demo):
    reviewer = person(quick, live_idp.url, REVIEWER_PHONE)
    assert reviewer.web.get("/review/").status_code == 200
    change_person(live_idp.url, demo[REVIEWER_PHONE], {"roles": []})
    wait_out_interval(quick)
    assert_logged_out_with(reviewer.web, "/review/", ROLE_GONE)


def test_a_reviewer_who_keeps_the_role_keeps_the_console(quick, live_idp, demo):
    reviewer = person(quick, live_idp.url, REVIEWER_PHONE)
    wait_out_interval(quick)
    assert reviewer.web.get("/review/").status_code == 200


def test_a_password_lockout_is_not_a_block(quick, live_idp, demo):
    doctor = person(quick, live_idp.url, DOCTOR_PHONE)
    other = person(quick, live_idp.url, REVIEWER_PHONE)
    wrong_passwords(live_idp.url, other.start_login(), DOCTOR_PHONE, 5)
    locked = requests.get(f"{live_idp.url}/_mock/api/personas/{demo[DOCTOR_PHONE]}", timeout=5)
    assert locked.json()["locked_until"] is not None
    wait_out_interval(quick)
    assert doctor.web.get("/cabinet/").status_code == 200


def test_the_recheck_calls_esia_at_most_once_per_interval(cabinet, live_idp, demo, monkeypatch):
    calls = CountingCalls(live_idp.server.app)
    monkeypatch.setattr(live_idp.server, "app", calls)
    doctor = person(cabinet, live_idp.url, DOCTOR_PHONE)
    calls.paths.clear()
    for path in ("/cabinet/", "/cabinet/documents/", "/", "/help", "/cabinet/notifications"):
        doctor.web.get(path)
    assert calls.total() == 0
    make_recheck_due(cabinet)
    for path in ("/cabinet/", "/cabinet/documents/", "/help", "/cabinet/"):
        assert doctor.web.get(path).status_code == 200
    assert dict(calls.paths) == {f"/rs/prns/{demo[DOCTOR_PHONE]}/roles": 1}


def test_an_expired_access_token_is_refreshed_and_the_session_goes_on(
    cabinet, live_idp, demo, monkeypatch
):
    calls = CountingCalls(live_idp.server.app)
    monkeypatch.setattr(live_idp.server, "app", calls)
    doctor = person(cabinet, live_idp.url, DOCTOR_PHONE)
    moved = requests.post(
        f"{live_idp.url}/_mock/api/clock", json={"advance_seconds": 7200}, timeout=5
    )
    assert moved.status_code == 200
    calls.paths.clear()
    make_recheck_due(cabinet)
    assert doctor.web.get("/cabinet/").status_code == 200
    assert calls.paths["/aas/oauth2/v3/te"] == 1
    change_person(live_idp.url, demo[DOCTOR_PHONE], {"state": "blocked"})
    make_recheck_due(cabinet)
    assert_logged_out_with(doctor.web, "/cabinet/", ENDED)


def test_the_tokens_kept_for_the_recheck_are_encrypted_and_dropped_at_logout(cabinet, live_idp):
    doctor = person(cabinet, live_idp.url, DOCTOR_PHONE)
    with cabinet.app_context():
        kept = db.session.scalar(select(UserSession.esia_tokens))
    assert kept and b"eyJ" not in kept and b"refresh" not in kept
    doctor.web.post("/logout", data={"csrf_token": Page(doctor.web.get("/cabinet/")).csrf_token})
    with cabinet.app_context():
        assert db.session.scalar(select(UserSession.esia_tokens)) is None


def test_a_code_issued_before_the_block_is_not_exchanged_after_it(client, registered, demo):
    user = GosuslugiUser(client)
    user.start(registered.v1_params())
    user.password(DOCTOR_PHONE)
    user.enter_code(latest_code(client, DOCTOR_PHONE))
    code = user.consent().headers["Location"].split("code=")[1].split("&")[0]
    patched = client.patch(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}", json={"state": "blocked"})
    assert patched.status_code == 200
    response = client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_a_deleted_persons_refresh_token_is_refused_not_a_server_error(client, registered, demo):
    user = GosuslugiUser(client)
    code = user.log_in(registered.v1_params())["code"]
    first = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    assert client.delete(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}").status_code == 204
    params = registered.v1_token_params(
        "", grant_type="refresh_token", refresh_token=first["refresh_token"]
    )
    response = client.post("/aas/oauth2/te", data=params)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"
