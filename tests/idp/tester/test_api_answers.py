"""Real answers of the tester API and the registries, after a whole login, hold to the shapes
the OpenAPI document publishes (generated runs mostly see an empty simulator)."""

import jsonschema
import pytest

from idp_mock.tester.seed import snils
from tests.support.drivers import GosuslugiUser, query_of

API = "/_mock/api"
DOCTOR_SNILS = snils(112233401)


@pytest.fixture
def document(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


@pytest.fixture
def after_a_login(client, registered, demo) -> str:
    """A finished v1 login whose code was exchanged, a fault, a snapshot: its rid."""
    browser = GosuslugiUser(client)
    code = browser.log_in(registered.v1_params())["code"]
    assert client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).status_code == 200
    client.post(f"{API}/faults", json={"kind": "delay", "path": "/nowhere", "seconds": 0})
    client.post(f"{API}/snapshots", json={"name": "после входа"})
    return query_of(browser.login_url)["rid"]


def answer_schema(document: dict, path: str, status: str = "200") -> dict:
    operation = document["paths"][path]["get"]
    return operation["responses"][status]["content"]["application/json"]["schema"]


def assert_fits(document: dict, path: str, answer, status: str = "200") -> None:
    schema = {**answer_schema(document, path, status), "components": document["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        answer
    )


LISTS = [
    "/sessions",
    "/tokens",
    "/faults",
    "/snapshots",
    "/signing-keys",
    "/personas",
    "/messages",
    "/clients",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_answer_fits_its_documented_shape(client, document, after_a_login, path):
    answer = client.get(API + path).get_json()
    assert answer, f"{path} is empty: nothing was checked"
    assert_fits(document, API + path, answer)


def test_a_login_timeline_fits_its_documented_shape(client, document, after_a_login):
    answer = client.get(f"{API}/flows/{after_a_login}/timeline").get_json()
    assert answer
    assert_fits(document, f"{API}/flows/{{rid}}/timeline", answer)


@pytest.mark.parametrize(
    "path",
    [
        "/registries/sfr/snils/{snils}",
        "/registries/frmr/workers/{snils}",
        "/registries/licences/by-worker/{snils}",
    ],
)
def test_the_registries_answer_as_documented(client, document, demo, path):
    assert_fits(document, path, client.get(path.replace("{snils}", DOCTOR_SNILS)).get_json())
    missing = client.get(path.replace("{snils}", "00000000000"))
    assert missing.status_code == 404
    assert_fits(document, path, missing.get_json(), "404")
