"""A stand that is not a training stand (IDP_TEST_API=0), started as `bin/start` starts one:
no tester API, registries only for the cabinet, and a doctor still logs in and is checked."""

import pytest
import requests

from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.drivers import shown_at
from tests.support.pages import Page
from tests.support.stand import HttpDoctor, clean_environment, outbox_reader, started_stand

SUSPENDED_LICENCE_PHONE = "+79161234503"


@pytest.fixture(scope="module")
def stand(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("closed-stand") / "var"
    with started_stand(data_dir, IDP_TEST_API="0") as running:
        yield {**running, "data_dir": data_dir}


def sms_code(stand):
    return outbox_reader(clean_environment(IDP_DATA_DIR=str(stand["data_dir"])))


def test_the_stand_starts_and_prints_the_demo_logins(stand):
    console = stand["console"].read_text()
    assert DOCTOR_PHONE in console and DOCTOR_NAME in console
    assert "flask --app idp_mock messages" in console


@pytest.mark.parametrize("path", ["/_mock/api/openapi.json", "/_mock/api/personas", "/_mock/"])
def test_the_simulators_tester_surface_is_not_there(stand, path):
    assert requests.get(stand["idp"] + path, timeout=10).status_code == 404


def test_registering_a_client_over_http_is_not_possible(stand):
    body = {"client_id": "INTRUDER", "redirect_uris": ["http://evil.test/"]}
    response = requests.post(stand["idp"] + "/_mock/api/clients", json=body, timeout=10)
    assert response.status_code == 404


def test_the_registries_refuse_an_anonymous_caller(stand):
    response = requests.get(stand["idp"] + "/registries/frmr/workers/11223340183", timeout=10)
    assert response.status_code == 401
    assert response.json()["error"] == "UNAUTHORIZED"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_doctor_logs_in_and_lands_in_her_cabinet(stand):
    page = HttpDoctor(stand["portal"]).log_in(DOCTOR_PHONE, sms_code(stand))
    assert shown_at(page) == stand["portal"] + "/cabinet/"
    assert Page(page).text_of("user-name") == DOCTOR_NAME


def test_the_cabinet_still_checks_the_licence_in_the_registry(stand):
    page = HttpDoctor(stand["portal"]).log_in(SUSPENDED_LICENCE_PHONE, sms_code(stand))
    assert shown_at(page) == stand["portal"] + "/checks"
    assert "Лицензия организации приостановлена" in Page(page).text
