"""ФРМР behind the education pages: a registry that does not answer loses nothing typed."""

import pytest
import requests

from portal import registries
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

SNILS = "11223340183"  # the demo doctor's


@pytest.fixture
def frmr_down(live_idp):
    """The simulator's ФРМР answers 500 until the test ends."""
    fault = {"kind": "http_error", "path": "/registries/frmr/*", "status": 500}
    response = requests.post(f"{live_idp.url}/_mock/api/faults", json=fault, timeout=5)
    assert response.status_code == 201, response.text
    yield
    requests.delete(f"{live_idp.url}/_mock/api/faults", timeout=5)


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def test_the_registries_answer_for_a_known_and_an_unknown_snils(cabinet):
    with cabinet.test_request_context():
        known = registries.facts(SNILS)
        assert known["sfr"] and known["frmr"] and known["licence"]
        assert registries.frmr_worker(SNILS)["education"]
        assert registries.facts("") == {"sfr": None, "frmr": None, "licence": None}
        assert registries.frmr_worker(None) is None


def test_a_failing_registry_is_unavailable_not_an_error_page(cabinet, frmr_down):
    with cabinet.test_request_context(), pytest.raises(registries.RegistryUnavailable):
        registries.frmr_worker(SNILS)


def test_adding_a_record_while_frmr_is_down_keeps_what_was_typed(signed_in, frmr_down):
    page = signed_in.get("/cabinet/education/")
    form = {
        "csrf_token": Page(page.text).csrf_token,
        "kind": "diploma",
        "number": "ВСА 0412345",
        "organisation": "Первый МГМУ",
        "issue_date": "30.06.2009",
    }
    response = signed_in.post("/cabinet/education/", data=form)
    assert response.status_code == 503
    assert "ФРМР сейчас не отвечает. Запись не сохранена" in response.text
    assert 'value="ВСА 0412345"' in response.text


def test_importing_while_frmr_is_down_says_to_try_later(signed_in, frmr_down):
    page = signed_in.get("/cabinet/education/")
    response = signed_in.post(
        "/cabinet/education/import", data={"csrf_token": Page(page.text).csrf_token}
    )
    assert response.status_code == 303
    assert "ФРМР сейчас не отвечает" in signed_in.get("/cabinet/education/").text
