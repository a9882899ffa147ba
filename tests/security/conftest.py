"""Attack fixtures: two doctors and a reviewer in the cabinet, each in a browser of their own."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from portal.models import Application, Document, DocumentVersion, EducationRecord, db
from tests import files
from tests.support.cabinet import add_record, confirm, start, step, upload
from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.drivers import Doctor, Reviewer, person


@dataclass
class Objects:
    """Doctor A's objects, by the names the cabinet's routes give their ids."""

    document_id: int
    version_id: int
    application_id: int
    submitted_id: int
    record_id: int

    def ids(self) -> dict[str, int]:
        return {
            "document_id": self.document_id,
            "version_id": self.version_id,
            "application_id": self.submitted_id,
            "record_id": self.record_id,
        }


def owned_by_a(cabinet, a: Doctor) -> Objects:
    web = a.web
    for code in ("passport", "snils", "diploma"):
        assert upload(web, code, files.pdf(), f"A-secret-{code}.pdf").status_code == 303
    assert add_record(web, organisation="Секретный вуз A").status_code == 303
    draft = start(web)
    submitted = start(web)
    with cabinet.app_context():
        ids = list(db.session.scalars(select(Document.id).order_by(Document.id)))
        step(web, submitted, 1, confirm="y")
        step(web, submitted, 2, phone="8 916 123-45-01", email="ivanova.ms@example.ru")
        work = {"specialty": "Терапия", "workplace": "ГП A", "licence_number": "ЛО-77-01-012345"}
        step(web, submitted, 3, **work)
        step(web, submitted, 4, documents=[str(i) for i in ids], pd_consent="y")
        confirm(web, submitted)
        version = db.session.scalar(select(DocumentVersion).order_by(DocumentVersion.id))
        record = db.session.scalar(select(EducationRecord.id))
        status = db.session.get(Application, submitted).status
    assert status != "draft", "the second application should have been submitted"
    return Objects(ids[0], version.id, draft, submitted, record)


@pytest.fixture
def people(cabinet, live_idp):
    """Doctor A with documents, a record and two applications; doctor B; a reviewer."""
    a = person(cabinet, live_idp.url, DOCTOR_PHONE)
    objects = owned_by_a(cabinet, a)
    b = person(cabinet, live_idp.url, OTHER_DOCTOR_PHONE)
    reviewer = person(cabinet, live_idp.url, REVIEWER_PHONE, Reviewer)
    return {"a": a, "b": b, "reviewer": reviewer, "objects": objects}
