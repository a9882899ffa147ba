"""What the cabinet issues is its own kind: listed apart from uploads, signed under the demo
root, never replaced through the documents pages and never changed once issued."""

import io

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from common import cms
from common.errors import ServiceError
from portal import documents, pki
from portal.doc_types import BY_CODE
from portal.models import Doctor, Document, Immutable, IssuedDocument, db
from tests import files
from tests.support.cabinet import decided, doctor_record, submitted, upload
from tests.support.constants import REVIEWER_PHONE
from tests.support.pages import Page


@pytest.fixture
def approved(signed_in, cabinet) -> int:
    application_id = submitted(signed_in, cabinet)
    decided(cabinet, application_id, "approve", "")
    return application_id


def issued_of(cabinet, application_id: int) -> IssuedDocument:
    with cabinet.app_context():
        query = select(IssuedDocument).where(IssuedDocument.application_id == application_id)
        found = db.session.scalar(query)
        db.session.expunge(found)
        return found


def test_the_extract_is_issued_to_the_application_not_stored_as_an_upload(
    signed_in, cabinet, approved
):
    issued = issued_of(cabinet, approved)
    assert issued.kind == "extract" and issued.registry_number.startswith("ДЕМО-")
    with cabinet.app_context():
        types = set(db.session.scalars(select(Document.doc_type)))
    assert "certificate" not in types
    page = Page(signed_in.get("/cabinet/documents/"))
    assert issued.registry_number in page.text_of("issued-documents")
    certificate = Page(signed_in.get("/cabinet/documents/certificate"))
    assert certificate.testid("current-document") is None


def test_the_issued_signature_chains_to_the_demo_root_and_a_look_alike_does_not(
    signed_in, cabinet, approved
):
    pdf = signed_in.get(f"/cabinet/applications/{approved}/extract", follow_redirects=True).data
    signature = signed_in.get(
        f"/cabinet/applications/{approved}/extract?part=signature", follow_redirects=True
    ).data
    with cabinet.app_context():
        roots = pki.trusted_roots()
    signer = cms.verify_detached(signature, pdf, roots)
    assert signer.trusted and signer.name == pki.BODY_NAME
    look_alike = files.Signer(pki.BODY_NAME).sign(pdf)
    assert not cms.verify_detached(look_alike, pdf, roots).trusted


def test_an_issued_document_cannot_change_through_the_orm_or_the_database(cabinet, approved):
    with cabinet.app_context():
        issued = db.session.scalar(select(IssuedDocument))
        issued.file_id = issued.signature_file_id
        with pytest.raises(Immutable):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(DBAPIError, match="immutable"):
            db.session.execute(update(IssuedDocument).values(filename="Подделка.pdf"))
        db.session.rollback()
        assert db.session.execute(text("SELECT count(*) FROM issued_document")).scalar() == 1


def test_the_service_replaces_only_the_doctors_own_upload_of_the_same_kind(signed_in, cabinet):
    assert upload(signed_in, "passport", files.pdf()).status_code == 303
    with cabinet.app_context():
        passport = db.session.scalar(select(Document))
        owner = db.session.get(Doctor, passport.doctor_id)
        stranger = doctor_record(esia_oid=1999999999, last_name="Посторонний")
        db.session.add(stranger)
        db.session.flush()
        new_file = documents.Upload(io.BytesIO(files.pdf(pages=2)), "scan.pdf", "1")
        with pytest.raises(ServiceError, match="нельзя заменить"):
            documents.save(owner, BY_CODE["diploma"], new_file, passport)
        with pytest.raises(ServiceError, match="нельзя заменить"):
            documents.save(stranger, BY_CODE["passport"], new_file, passport)
        assert len(db.session.get(Document, passport.id).versions) == 1


def test_the_reviewer_sees_the_issued_extract_on_the_case(doctor, signed_in, cabinet, approved):
    issued = issued_of(cabinet, approved)
    doctor.switch_to(REVIEWER_PHONE)
    page = Page(doctor.web.get(f"/review/applications/{approved}"))
    assert issued.registry_number in page.text_of("issued-extract")
    assert doctor.web.get(f"/cabinet/documents/issued/{issued.id}").data[:5] == b"%PDF-"
