"""The simulator failing at each step of a login: a clear page, a retry that resumes, no session."""

import pytest
import requests

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import local_path
from tests.support.pages import Page


def arm(live_idp, **fault) -> None:
    response = requests.post(f"{live_idp.url}/_mock/api/faults", json=fault, timeout=5)
    assert response.status_code == 201, response.text


@pytest.fixture
def faults(live_idp):
    yield lambda **fault: arm(live_idp, **fault)
    requests.delete(f"{live_idp.url}/_mock/api/faults", timeout=5)


ESIA_DOWN, FRMR_DOWN, SFR_DOWN = (
    "Госуслуги временно недоступны",
    "ФРМР временно недоступен",
    "СФР временно недоступен",
)


@pytest.mark.parametrize(
    "fault,title,code",
    [
        (
            {"kind": "http_error", "path": "/aas/oauth2/v3/te", "status": 502},
            ESIA_DOWN,
            "LK-ESIA-HTTP502",
        ),
        (
            {"kind": "esia_error", "path": "/aas/oauth2/v3/te", "code": "ESIA-007008"},
            ESIA_DOWN,
            "ESIA-007008",
        ),
        ({"kind": "maintenance", "path": "/rs/*", "retry_after": 60}, ESIA_DOWN, "LK-ESIA-HTTP503"),
        (
            {"kind": "http_error", "path": "/registries/frmr/*", "status": 500},
            FRMR_DOWN,
            "LK-FRMR-HTTP500",
        ),
        (
            {"kind": "timeout", "path": "/registries/sfr/*", "seconds": 5},
            SFR_DOWN,
            "LK-SFR-TIMEOUT",
        ),
    ],
    ids=["token-502", "token-007008", "person-maintenance", "frmr-500", "sfr-timeout"],
)
def test_a_failing_simulator_step_names_its_cause_and_the_retry_resumes(
    doctor, faults, fault, title, code
):
    callback = doctor.gosuslugi.approve(doctor.start_login("/cabinet/notifications"), DOCTOR_PHONE)
    faults(**{**fault, "times": 1})
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 503 and Page(page).h1 == title
    assert Page(page).text_of("error-code") == code and Page(page).text_of("error-reference")
    assert doctor.web.get("/cabinet/").status_code == 302  # no half-logged-in session
    retry = Page(page).testid("login-retry")["href"]
    assert retry.startswith("/login/esia?next=")
    response = doctor.web.get(retry)
    callback = doctor.gosuslugi.approve(response.headers["Location"], DOCTOR_PHONE)
    assert doctor.web.get(local_path(callback)).headers["Location"] == "/cabinet/notifications"


@pytest.mark.parametrize(
    "defect",
    ["wrong_iss", "wrong_aud", "wrong_alg", "bad_signature", "expired"]
    + ["not_yet_valid", "nonce_mismatch"],
)
def test_a_defective_id_token_from_the_simulator_is_refused(doctor, faults, defect):
    callback = doctor.gosuslugi.approve(doctor.start_login(), DOCTOR_PHONE)
    faults(kind="bad_token", defect=defect, times=1)
    page = doctor.web.get(local_path(callback))
    assert page.status_code == 400 and "не прошёл проверку" in Page(page).text
    assert doctor.web.get("/cabinet/").status_code == 302
