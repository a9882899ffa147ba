"""Who reaches the tester API: the ADMIN_TOKEN guard, and no routes at all without TEST_API."""

import pytest

import idp_mock
from tests.support.drivers import step_of
from tests.support.rp import RelyingParty

API = "/_mock/api"


@pytest.fixture
def guarded(app, idp_config):
    """A second app on the same (emptied after the test) database with an admin token set."""
    return idp_mock.create_app({**idp_config, "ADMIN_TOKEN": "s3cret"}).test_client()


GUARDED_CALLS = [
    ("get", "/clients", None),
    ("post", "/clients", {}),
    ("get", "/personas", None),
    ("get", "/messages", None),
    ("get", "/clock", None),
    ("post", "/clock", {"advance_seconds": 1}),
    ("post", "/reset", {}),
    ("get", "/signing-cert", None),
]


@pytest.mark.parametrize(("method", "path", "body"), GUARDED_CALLS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer wrong", "Bearer s3cret-and-more", "Basic czNjcmV0"],
)
def test_admin_token_is_required_when_set(guarded, method, path, body, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = getattr(guarded, method)(f"{API}{path}", json=body, headers=headers)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.get_json()["error"]


@pytest.mark.parametrize(("method", "path", "body"), GUARDED_CALLS)
def test_the_admin_token_opens_the_api(guarded, method, path, body):
    response = getattr(guarded, method)(
        f"{API}{path}", json=body, headers={"Authorization": "Bearer s3cret"}
    )
    assert response.status_code != 401
    assert response.status_code in (200, 422)


def test_the_bare_admin_token_without_the_bearer_scheme_is_refused(guarded):
    assert guarded.get(f"{API}/clients", headers={"Authorization": "s3cret"}).status_code == 401


def test_the_bearer_scheme_is_case_insensitive(guarded):
    response = guarded.get(f"{API}/clients", headers={"Authorization": "bearer s3cret"})
    assert response.status_code == 200


def test_nothing_changes_without_the_admin_token(guarded, client, demo):
    assert guarded.post(f"{API}/clock", json={"advance_seconds": 999}).status_code == 401
    assert guarded.post(f"{API}/reset", json={"clients": True}).status_code == 401
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_the_admin_token_does_not_guard_the_esia_endpoints(guarded, registered):
    response = guarded.get("/aas/oauth2/ac", query_string=registered.v1_params())
    assert step_of(response) == "/login"  # the login page, at the authorize address


def test_without_test_api_the_routes_do_not_exist(app, idp_config, registered):
    closed = idp_mock.create_app({**idp_config, "TEST_API": False})
    assert not [r for r in closed.url_map.iter_rules() if r.rule.startswith(API)]
    client = closed.test_client()
    for path in ("/clients", "/personas", "/messages", "/clock", "/signing-cert", "/openapi.json"):
        assert client.get(f"{API}{path}").status_code == 404, path
    assert client.post(f"{API}/reset").status_code == 404
    assert client.post(f"{API}/clients", json=RelyingParty().registration()).status_code == 404
    assert step_of(client.get("/aas/oauth2/ac", query_string=registered.v1_params())) == "/login"
