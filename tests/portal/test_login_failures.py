"""Every way a login fails is named by its real cause, with a code and a reference that is also
in the log, and a way on; waiting out a lockout brings the doctor back to log in again."""

import logging

import pytest
import requests

from portal import login
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import local_path
from tests.support.failures import FailurePage, referenced_in_log, wait_out_lockout

LOCKOUT_WAITED_OUT = 1820


@pytest.fixture
def faults(live_idp):
    def arm(**fault):
        response = requests.post(f"{live_idp.url}/_mock/api/faults", json=fault, timeout=5)
        assert response.status_code == 201, response.text

    yield arm
    requests.delete(f"{live_idp.url}/_mock/api/faults", timeout=5)


def test_waiting_out_a_lockout_ends_in_the_cabinet_with_log_in_again(doctor, live_idp, caplog):
    start = doctor.start_login("/cabinet/notifications")
    back = wait_out_lockout(doctor.gosuslugi, live_idp.url, start, DOCTOR_PHONE, LOCKOUT_WAITED_OUT)
    assert back.status_code == 302 and "error=access_denied" in back.headers["Location"]
    with caplog.at_level(logging.WARNING, logger="portal"):
        page = FailurePage(doctor.web.get(local_path(back.headers["Location"])))
    assert page.h1 == "Вход не завершён" and "время на вход истекло" in page.text
    assert page.code == "ESIA-007004" and referenced_in_log(
        caplog.records, page.reference, page.code
    )
    assert page.retry.startswith("/login/esia?next=")
    again = doctor.gosuslugi.approve(doctor.web.get(page.retry).headers["Location"], DOCTOR_PHONE)
    assert doctor.web.get(local_path(again)).headers["Location"] == "/cabinet/notifications"


def test_an_esia_server_error_is_not_called_a_timeout(doctor, faults):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    faults(kind="esia_error", path="/aas/oauth2/v3/te", code="ESIA-007007", times=1)
    page = FailurePage(doctor.web.get(local_path(callback)))
    assert page.code == "ESIA-007007" and "внутренняя ошибка" in page.text
    assert "не ответили вовремя" not in page.text and page.retry


def test_a_registry_outage_names_the_registry_and_not_gosuslugi(doctor, faults, caplog):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    faults(kind="http_error", path="/registries/licences/*", status=500, times=1)
    with caplog.at_level(logging.WARNING, logger="portal"):
        response = doctor.web.get(local_path(callback))
    page = FailurePage(response)
    assert response.status_code == 503 and page.h1 == "реестр лицензий временно недоступен"
    assert "Росздравнадзора" in page.text and "Госуслуги подтвердили вход" in page.text
    assert page.code == "LK-LICENCES-HTTP500"
    assert referenced_in_log(caplog.records, page.reference, page.code)


def test_an_error_esia_sends_back_is_shown_with_its_code_and_meaning(doctor, web):
    start = doctor.start_login()
    state = start.split("state=")[1].split("&")[0]
    response = web.get(
        "/login/esia/callback",
        query_string={
            "error": "invalid_request",
            "error_description": "ESIA-007015: The request timestamp is invalid.",
            "state": state,
        },
    )
    page = FailurePage(response)
    assert response.status_code == 400 and page.code == "ESIA-007015"
    assert "часы кабинета и Госуслуг расходятся" in page.text and page.retry


def test_the_cabinets_own_fault_says_so_with_a_reference_in_the_log(
    doctor, cabinet, monkeypatch, caplog
):
    def broken(code, attempt):
        raise RuntimeError("a bug in the cabinet")

    monkeypatch.setattr(login, "finish", broken)
    cabinet.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 page
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    with caplog.at_level(logging.WARNING):
        response = doctor.web.get(local_path(callback))
    page = FailurePage(response)
    assert response.status_code == 500 and "ошибка в самом кабинете" in page.text
    assert page.code == "500" and referenced_in_log(caplog.records, page.reference, "HTTP500")
    assert "a bug in the cabinet" in " ".join(r.getMessage() for r in caplog.records)
