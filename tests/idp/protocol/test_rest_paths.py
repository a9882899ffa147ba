"""The REST API as real clients call it: a trailing or doubled slash is the same resource, and
every error under /rs/, unknown paths and wrong methods included, is ESIA's JSON."""

import pytest

from tests.support.drivers import api


@pytest.mark.parametrize(
    "suffix", ["", "/", "/ctts", "/ctts/", "//ctts", "/docs?embed=(elements)", "/roles/"]
)
def test_a_trailing_or_doubled_slash_answers_as_without_it(client, doctor, suffix):
    oid, token = doctor
    plain = api(client, f"/rs/prns/{oid}{suffix.replace('//', '/').replace('/?', '?')}", token)
    slashed = api(client, f"/rs/prns/{oid}{suffix}", token)
    assert slashed.status_code == plain.status_code == 200
    assert slashed.get_json() == plain.get_json()


def test_a_trailing_slash_still_needs_the_token(client, doctor):
    oid, _ = doctor
    response = client.get(f"/rs/prns/{oid}/")
    assert response.status_code == 401
    assert response.get_json()["code"] == "UNAUTHORIZED"


@pytest.mark.parametrize(
    "path",
    [
        "/rs",
        "/rs/",
        "/rs/nothing",
        "/rs/prns",
        "/rs/prns/abc",
        "/rs/prns/{oid}/unknown/",
        "/rs/prns/{oid}/ctts/999999999/",
        "/rs/orgs/",
        "/rs/../_mock/api/personas",
    ],
)
def test_every_unknown_path_is_a_json_404(client, doctor, path):
    oid, token = doctor
    response = api(client, path.format(oid=oid), token)
    assert response.status_code == 404
    assert response.is_json, response.data[:80]
    assert response.get_json()["code"] == "NOT_FOUND"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_the_read_only_api_is_a_json_405(client, doctor, method):
    oid, token = doctor
    for path in (f"/rs/prns/{oid}", f"/rs/prns/{oid}/"):
        response = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 405
        assert response.get_json()["code"] == "METHOD_NOT_ALLOWED"


def test_another_persons_record_behind_a_slash_is_still_403(client, doctor):
    oid, token = doctor
    response = api(client, f"/rs/prns/{oid + 1}/", token)
    assert response.status_code in (403, 404)
    assert response.is_json
