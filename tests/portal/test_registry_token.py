"""The cabinet reads the registries as itself: one client-credentials token, kept until shortly
before it expires, renewed when the registry stops taking it."""

import pytest
import requests

import idp_mock
from idp_mock.config import Config
from portal import registries
from tests.support.servers import LiveServer

SNILS = "11223340183"  # the demo doctor's


@pytest.fixture
def closed_idp(idp_config, live_idp):
    """The simulator as deployed (tester API off) on the training stand's database."""
    server = LiveServer(idp_mock.create_app({**idp_config, "TEST_API": False}))
    yield server
    server.stop()


@pytest.fixture
def token_requests(cabinet, closed_idp, monkeypatch):
    """The cabinet pointed at the closed simulator, with every token it asks for counted."""
    cabinet.config["IDP_URL"] = closed_idp.url
    asked = []
    new_token = registries.new_token

    def counted():
        asked.append(new_token())
        return asked[-1]

    monkeypatch.setattr(registries, "new_token", counted)
    monkeypatch.setattr(registries, "_tokens", {})
    return asked


def test_the_cabinet_reads_every_registry_of_a_closed_simulator(cabinet, token_requests):
    with cabinet.test_request_context():
        facts = registries.facts(SNILS)
    assert facts["sfr"]["lastName"] == "Иванова" and facts["frmr"] and facts["licence"]
    assert [token is not None for token, _ in token_requests] == [True]


def test_one_token_serves_many_lookups_until_shortly_before_it_expires(cabinet, token_requests):
    with cabinet.test_request_context():
        for _ in range(3):
            registries.facts(SNILS)
    (token, keep_for), *more = token_requests
    assert not more
    assert 0 < Config.SYSTEM_TOKEN_TTL - keep_for <= registries.RENEW_BEFORE


def test_a_token_the_registry_stops_taking_is_renewed_once(cabinet, token_requests, live_idp):
    with cabinet.test_request_context():
        registries.facts(SNILS)
        moved = requests.post(
            f"{live_idp.url}/_mock/api/clock", json={"advance_seconds": 3600}, timeout=5
        )
        assert moved.status_code == 200
        assert registries.frmr_worker(SNILS)["education"]
    assert len(token_requests) == 2


def test_without_a_token_the_closed_registries_are_unavailable(cabinet, token_requests):
    cabinet.config["ESIA_CLIENT_ID"] = "NOT-REGISTERED"
    with cabinet.test_request_context(), pytest.raises(registries.RegistryUnavailable):
        registries.frmr_worker(SNILS)
    assert token_requests == [(None, registries.RETRY_REFUSED_AFTER)]
