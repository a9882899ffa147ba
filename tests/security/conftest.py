"""Attack fixtures: two doctors and a reviewer in the cabinet, each in a browser of their own."""

import re
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import select

from portal.models import Application, Document, DocumentVersion, EducationRecord, db
from tests import files
from tests.conftest import DOCTOR_PHONE
from tests.portal import conftest as cabinet_fixtures
from tests.portal.conftest import Doctor, Gosuslugi, csrf_in
from tests.portal.test_applications import start, step
from tests.portal.test_documents import upload
from tests.portal.test_education import add_record

# The cabinet's fixtures (a live simulator, the cabinet registered with it), shared.
cabinet_config = cabinet_fixtures.cabinet_config
cabinet = cabinet_fixtures.cabinet
web = cabinet_fixtures.web
doctor = cabinet_fixtures.doctor

OTHER_DOCTOR_PHONE = "+79161234502"
REVIEWER_PHONE = "+79161234506"
XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def person(cabinet, live_idp, phone: str) -> Doctor:
    """Someone logged into the cabinet from a browser of their own."""
    someone = Doctor(cabinet.test_client(), Gosuslugi(live_idp.url))
    someone.gosuslugi.session = requests.Session()
    response = someone.log_in(phone)
    assert response.status_code == 303, response.text
    return someone


def csrf_of(html: str) -> str:
    """The CSRF token in a page, whichever order its input's attributes come in."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def token_of(web, path: str) -> str:
    """A valid CSRF token of this browser, taken from a page it may open."""
    return csrf_of(web.get(path).text)


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
        step(web, submitted, 3, specialty="Терапия", workplace="ГП A", licence_number="Л041")
        step(web, submitted, 4, documents=[str(i) for i in ids], pd_consent="y")
        page = web.get(f"/cabinet/applications/{submitted}/step/5")
        key = re.search(r'name="submission_key" type="hidden" value="([^"]*)"', page.text)
        web.post(
            f"/cabinet/applications/{submitted}/step/5",
            data={"csrf_token": csrf_in(page.text), "confirm": "y", "submission_key": key[1]},
        )
        version = db.session.scalar(select(DocumentVersion).order_by(DocumentVersion.id))
        record = db.session.scalar(select(EducationRecord.id))
        status = db.session.get(Application, submitted).status
    assert status != "draft", "the second application should have been submitted"
    return Objects(ids[0], version.id, draft, submitted, record)


@pytest.fixture
def people(cabinet, live_idp):
    """Doctor A with documents, a record and two applications; doctor B; a reviewer."""
    a = person(cabinet, live_idp, DOCTOR_PHONE)
    objects = owned_by_a(cabinet, a)
    b = person(cabinet, live_idp, OTHER_DOCTOR_PHONE)
    reviewer = person(cabinet, live_idp, REVIEWER_PHONE)
    return {"a": a, "b": b, "reviewer": reviewer, "objects": objects}


def snapshot(app) -> dict:
    """Every row of the cabinet's tables that a request could change, for before/after checks."""
    skip = {"user_session"}
    with app.app_context():
        db.session.remove()
        return {
            table.name: sorted(
                repr(tuple(row)) for row in db.session.execute(table.select()).fetchall()
            )
            for table in db.metadata.sorted_tables
            if table.name not in skip
        }
