"""The cabinet's tester API: its clock (global and per doctor), its guards, and its OpenAPI
document, which describes exactly the routes it serves and the answers they give."""

import re
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from openapi_spec_validator import validate

import portal
from portal import clock
from portal.models import ClockOffset, db
from tests.support.cabinet_tester import API, CabinetTester

DAY = 24 * 3600
OID, OTHER_OID = 1000000101, 1000000104
CHANGES = [
    ("/clock", {"advance_seconds": 60}),
    ("/clock/set", {"now": "2030-01-01T00:00:00Z"}),
    ("/clock/reset", None),
    (f"/doctors/{OID}/clock", {"advance_seconds": 60}),
    (f"/doctors/{OID}/clock/set", {"now": "2030-01-01T00:00:00Z"}),
    (f"/doctors/{OID}/clock/reset", None),
    ("/reset", None),
    ("/snapshots", {"name": "class"}),
    ("/snapshots/class/restore", None),
]


@pytest.fixture
def api(portal_app) -> CabinetTester:
    return CabinetTester(portal_app.test_client())


def moment(answer: dict) -> datetime:
    return datetime.fromisoformat(answer["now"]).replace(tzinfo=None)


def real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def test_the_global_clock_moves_on_is_set_and_goes_back_to_real_time(api):
    assert api.clock()["offset_seconds"] == 0
    moved = api.advance(3 * DAY)
    assert moved["offset_seconds"] == 3 * DAY
    assert abs(moment(moved) - real_now() - timedelta(days=3)) < timedelta(seconds=5)
    put = api.call("POST", "/clock/set", json={"now": "2030-01-01T12:00:00+03:00"})
    assert abs(moment(put) - datetime(2030, 1, 1, 9)) < timedelta(seconds=5)
    back = api.call("POST", "/clock/reset")
    assert back["offset_seconds"] == 0 and abs(moment(back) - real_now()) < timedelta(seconds=5)


def test_a_doctors_clock_runs_on_top_of_the_global_one_and_no_one_elses(api, portal_app):
    api.advance(DAY)
    mine = api.advance_doctor(OID, 10 * DAY)
    assert (mine["oid"], mine["offset_seconds"], mine["global_offset_seconds"]) == (
        OID,
        10 * DAY,
        DAY,
    )
    assert abs(moment(mine) - real_now() - timedelta(days=11)) < timedelta(seconds=5)
    other = api.doctor_clock(OTHER_OID)
    assert other["offset_seconds"] == 0
    assert abs(moment(other) - real_now() - timedelta(days=1)) < timedelta(seconds=5)
    with portal_app.app_context():
        assert abs(clock.now(for_oid=OID) - real_now() - timedelta(days=11)) < timedelta(seconds=5)
        assert abs(clock.now() - real_now() - timedelta(days=1)) < timedelta(seconds=5)


def test_setting_a_doctors_clock_puts_that_doctor_at_the_moment_and_reset_follows_global(api):
    api.advance(DAY)
    put = api.call("POST", f"/doctors/{OID}/clock/set", json={"now": "2031-05-01T09:00:00Z"})
    assert abs(moment(put) - datetime(2031, 5, 1, 9)) < timedelta(seconds=5)
    back = api.call("POST", f"/doctors/{OID}/clock/reset")
    assert back["offset_seconds"] == 0 and back["global_offset_seconds"] == DAY
    assert api.clock()["offset_seconds"] == DAY


def test_the_global_reset_keeps_a_doctors_own_offset(api):
    api.advance(DAY)
    api.advance_doctor(OID, 2 * DAY)
    api.call("POST", "/clock/reset")
    assert api.doctor_clock(OID)["offset_seconds"] == 2 * DAY


def test_every_worker_reads_the_offsets_from_the_database(api, portal_app):
    api.advance_doctor(OID, 5 * DAY)
    with portal_app.app_context():
        stored = db.session.get(ClockOffset, OID)
        assert stored.offset_seconds == 5 * DAY


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/clock", {"advance_seconds": -1}, "advance_seconds"),
        ("/clock", {"advance_seconds": "soon"}, "advance_seconds"),
        ("/clock", {}, "advance_seconds"),
        (f"/doctors/{OID}/clock/set", {"now": "tomorrow"}, "now"),
        ("/snapshots", {"name": ""}, "name"),
        ("/snapshots", {"name": "x" * 101}, "name"),
    ],
)
def test_a_body_that_does_not_fit_is_refused_in_russian_on_its_field(api, path, body, field):
    answer = api.call("POST", path, 422, json=body)
    assert answer["field"] == field and re.search("[а-я]", answer["error"])
    assert api.clock()["offset_seconds"] == 0


def test_the_global_clock_is_not_a_doctor(api):
    assert api.client.get(f"{API}/doctors/0/clock").status_code == 404


@pytest.mark.parametrize(
    "path", ["/clock", f"/doctors/{OID}/clock", "/snapshots", "/emails", "/openapi.json"]
)
def test_every_route_is_gone_when_the_tester_api_is_off(portal_config, migrated, path):
    app = portal.create_app({**portal_config, "TEST_API": False})
    client = app.test_client()
    assert client.get(f"{API}{path}").status_code == 404
    assert client.post(f"{API}/reset", json={}).status_code == 404


@pytest.mark.parametrize(("path", "body"), CHANGES)
def test_a_change_from_another_sites_page_is_refused(api, path, body):
    sent = api.client.post(f"{API}{path}", json=body, headers={"Origin": "http://evil.example"})
    assert sent.status_code == 403 and sent.get_json()["field"] == "origin"
    assert api.clock()["offset_seconds"] == 0


@pytest.mark.parametrize(("path", "body"), CHANGES)
def test_a_body_that_is_not_json_is_refused(api, path, body):
    sent = api.client.post(
        f"{API}{path}", data='{"advance_seconds": 60}', content_type="text/plain"
    )
    assert sent.status_code == 415 and sent.get_json()["field"] == "body"


def test_the_cabinets_own_pages_may_move_its_clock(api, portal_app):
    origin = portal_app.config["PUBLIC_URL"]
    sent = api.client.post(f"{API}/clock", json={"advance_seconds": 60}, headers={"Origin": origin})
    assert sent.status_code == 200


def test_the_api_needs_the_admin_token_when_one_is_set(api, portal_app):
    portal_app.config["ADMIN_TOKEN"] = "s3cret"
    assert api.client.get(f"{API}/clock").status_code == 401
    assert api.client.post(f"{API}/clock", json={"advance_seconds": 60}).status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert api.client.post(f"{API}/reset", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer s3cret"}
    moved = api.client.post(f"{API}/clock", json={"advance_seconds": 60}, headers=right)
    assert moved.status_code == 200 and moved.get_json()["offset_seconds"] == 60


def test_an_unknown_snapshot_is_a_404_in_russian(api):
    for method, path in (("POST", "/snapshots/nope/restore"), ("DELETE", "/snapshots/nope")):
        answer = api.call(method, path, 404)
        assert answer["field"] == "name" and "nope" in answer["error"]


@pytest.fixture
def spec(api) -> dict:
    response = api.client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_openapi_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1") and spec["info"]["title"] == "Cabinet tester API"
    validate(spec)


def served_operations(app) -> dict[str, set[str]]:
    operations: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(f"{API}/") and rule.rule != f"{API}/openapi.json":
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule)
            methods = {m.lower() for m in rule.methods} & {"get", "post", "patch", "delete"}
            operations.setdefault(path, set()).update(methods)
    return operations


def test_the_openapi_document_describes_every_route_of_the_api(portal_app, spec):
    documented = {path: set(item) - {"parameters"} for path, item in spec["paths"].items()}
    assert documented == served_operations(portal_app)
    assert documented[f"{API}/doctors/{{oid}}/clock"] == {"get", "post"}


def conforms(spec: dict, name: str, value) -> None:
    schema = {"$ref": f"#/components/schemas/{name}"}
    jsonschema.Draft202012Validator({**schema, "components": spec["components"]}).validate(value)


def test_the_answers_match_their_documented_schemas(api, spec):
    conforms(spec, "Clock", api.advance(60))
    conforms(spec, "DoctorClock", api.advance_doctor(OID, 60))
    conforms(spec, "Snapshot", api.save("schema-check"))
    conforms(spec, "ResetDone", api.reset())
    conforms(spec, "Error", api.call("POST", "/clock", 422, json={"advance_seconds": -1}))
    api.call("DELETE", "/snapshots/schema-check", 204)
