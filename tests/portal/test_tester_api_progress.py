"""The cabinet tells the simulator's trainer dashboard how far each doctor has got: documents
uploaded and accepted, applications with their Russian labels, when last seen."""

import jsonschema
import pytest

from portal.models import Document, UserSession, db
from tests.support.cabinet import doctor_record, now, submitted_row
from tests.support.cabinet_tester import API, CabinetTester

OID, OTHER_OID, UNKNOWN_OID = 1000000301, 1000000302, 1000000399


@pytest.fixture
def api(portal_app) -> CabinetTester:
    return CabinetTester(portal_app.test_client())


def document_row(doctor_id: int, status: str) -> Document:
    return Document(
        doctor_id=doctor_id, doc_type="diploma", status=status, created_at=now(), updated_at=now()
    )


@pytest.fixture
def doctors(portal_app):
    """Two doctors: one with three documents (one accepted), two applications and a session."""
    with portal_app.app_context():
        busy, idle = doctor_record(esia_oid=OID), doctor_record(esia_oid=OTHER_OID)
        db.session.add_all([busy, idle])
        db.session.flush()
        db.session.add_all(
            [document_row(busy.id, s) for s in ("uploaded", "accepted", "in_review")]
        )
        db.session.add(submitted_row(busy.id, "АК-2026-000301", "in_review"))
        db.session.add(submitted_row(busy.id, "АК-2026-000302", "needs_fix"))
        db.session.add(
            UserSession(id="s" * 40, doctor_id=busy.id, created_at=now(), last_seen_at=now())
        )
        db.session.commit()


def test_each_known_doctor_is_answered_in_the_order_asked(api, doctors):
    answer = api.call("GET", f"/doctors/progress?oids={OTHER_OID},{UNKNOWN_OID},{OID}")
    assert [row["oid"] for row in answer] == [OTHER_OID, OID]
    idle, busy = answer
    assert (idle["documents"], idle["applications"], idle["last_seen"]) == (0, [], None)
    assert (busy["documents"], busy["documents_accepted"]) == (3, 1)
    labels = {a["number"]: (a["status"], a["label"]) for a in busy["applications"]}
    assert labels["АК-2026-000301"] == ("in_review", "На рассмотрении")
    assert labels["АК-2026-000302"] == ("needs_fix", "Требуется исправление")
    assert busy["last_seen"].endswith("Z")


@pytest.mark.parametrize("oids", ["", "abc", "1,,2", "1;2", ",".join(["1"] * 101)])
def test_oids_that_are_not_a_list_of_numbers_are_refused_in_russian(api, oids):
    answer = api.call("GET", f"/doctors/progress?oids={oids}", 422)
    assert answer["field"] == "oids" and "через запятую" in answer["error"]


def test_the_progress_needs_the_admin_token_when_one_is_set(api, portal_app, doctors):
    portal_app.config["ADMIN_TOKEN"] = "s3cret"
    assert api.client.get(f"{API}/doctors/progress?oids={OID}").status_code == 401
    right = {"Authorization": "Bearer s3cret"}
    assert api.call("GET", f"/doctors/progress?oids={OID}", headers=right)[0]["oid"] == OID


def test_the_answer_matches_its_documented_schema(api, doctors):
    spec = api.call("GET", "/openapi.json")
    operation = spec["paths"][f"{API}/doctors/progress"]["get"]
    assert [p["name"] for p in operation.get("parameters", [])] == ["oids"]
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/DoctorProgress"}}
    validator = jsonschema.Draft202012Validator({**schema, "components": spec["components"]})
    validator.validate(api.call("GET", f"/doctors/progress?oids={OID},{OTHER_OID}"))
