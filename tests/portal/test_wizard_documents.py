"""Step 4 of the wizard: each required document is a row, present with its file or missing with
an upload right there (an htmx fragment, or a plain form that returns to step 4); step 5 names
each attached document once."""

from sqlalchemy import select

from portal.forms import ACCEPT_SCANS, ACCEPT_SIGNATURES
from portal.models import Application, Document, db
from tests import files
from tests.support.cabinet import (
    application,
    snapshot,
    start,
    step,
    submitted,
    until_documents,
    upload,
    upload_in_wizard,
)
from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE, XSS
from tests.support.pages import WizardStep

HTMX = {"HX-Request": "true", "HX-Target": "required-documents"}


def at_documents(web, kind: str = "primary") -> int:
    application_id = start(web, kind)
    until_documents(web, application_id)
    return application_id


def documents_step(web, application_id: int) -> WizardStep:
    return WizardStep(web.get(f"/cabinet/applications/{application_id}/step/4"))


def test_each_required_document_is_a_row_present_with_its_file_or_missing_with_an_upload(
    signed_in,
):
    upload(signed_in, "passport", files.pdf(), "Паспорт.pdf")
    application_id = at_documents(signed_in)
    page = documents_step(signed_in, application_id)
    assert page.document_rows == {"passport": "present", "snils": "missing", "diploma": "missing"}
    assert "Паспорт.pdf" in page.row_text("passport")
    action = f"/cabinet/applications/{application_id}/step/4/documents/snils"
    assert page.form(action).names >= {"snils-file", "snils-doc_number", "snils-issue_date"}
    assert "новой вкладке" not in page.text
    assert not page.soup.select('a[target="_blank"]')


def test_without_javascript_an_upload_returns_to_step_four_with_the_document_present(
    signed_in, cabinet
):
    application_id = at_documents(signed_in)
    response = upload_in_wizard(signed_in, application_id, "snils", files.pdf(), filename="С.pdf")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/applications/{application_id}/step/4")
    page = WizardStep(signed_in.get(response.headers["Location"]))
    assert page.document_rows["snils"] == "present" and "С.pdf" in page.row_text("snils")
    assert "Документ «СНИЛС» загружен в «Мои документы»" in page.flashes
    mine = WizardStep(signed_in.get("/cabinet/documents/snils"))
    assert "С.pdf" in mine.text_of("current-document")


def test_with_htmx_an_upload_answers_with_the_rows_only(signed_in):
    application_id = at_documents(signed_in)
    response = upload_in_wizard(signed_in, application_id, "diploma", files.pdf(), headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"] and "HX-Target" in response.headers["Vary"]
    rows = WizardStep(response)
    assert rows.is_fragment and rows.document_rows["diploma"] == "present"
    assert (
        rows.text_of("upload-message")
        == "Документ «Диплом о медицинском образовании» загружен в «Мои документы»"
    )


def test_a_refused_file_is_named_next_to_its_field_and_the_typed_number_is_kept(signed_in):
    application_id = at_documents(signed_in)
    for headers in ({}, HTMX):
        response = upload_in_wizard(
            signed_in, application_id, "snils", files.executable(), headers, doc_number="112-233"
        )
        page = WizardStep(response)
        assert response.status_code == 422 and page.is_fragment == bool(headers)
        assert "PDF, JPG или PNG" in page.field_error("snils-file")
        action = f"/cabinet/applications/{application_id}/step/4/documents/snils"
        assert page.form(action).fields["snils-doc_number"] == "112-233"
        assert page.error_summary_links  # the summary links to the field
        assert page.document_rows["snils"] == "missing"


def test_a_request_over_the_body_limit_names_the_file_limit_on_the_row(signed_in, cabinet):
    application_id = at_documents(signed_in)
    cabinet.config.update(MAX_UPLOAD_BYTES=1024 * 1024, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    big = files.pdf(padding=3 * 1024 * 1024)
    response = upload_in_wizard(signed_in, application_id, "snils", big)
    assert response.status_code == 413
    assert "Файл должен быть меньше 1 МБ" in WizardStep(response).field_error("snils-file")


def test_step_four_attaches_the_required_documents_without_choosing_them(signed_in, cabinet):
    application_id = at_documents(signed_in)
    for code in ("passport", "snils", "diploma"):
        assert upload_in_wizard(signed_in, application_id, code, files.pdf()).status_code == 303
    upload(signed_in, "employment", files.pdf(), "Трудовая.pdf")
    missing_consent = step(signed_in, application_id, 4)
    assert missing_consent.status_code == 422
    assert step(signed_in, application_id, 4, pd_consent="y").status_code == 303
    with cabinet.app_context():
        kinds = {
            db.session.get(Document, i).doc_type
            for i in application(cabinet, application_id).document_ids
        }
    assert kinds == {"passport", "snils", "diploma"}


def test_a_missing_document_is_named_when_saving_step_four(signed_in):
    application_id = at_documents(signed_in)
    upload_in_wizard(signed_in, application_id, "passport", files.pdf())
    response = step(signed_in, application_id, 4, pd_consent="y")
    assert response.status_code == 422
    assert "Загрузите: СНИЛС, Диплом" in WizardStep(response).field_error("documents")


def test_step_five_names_each_document_once_by_its_kind_and_file(signed_in, cabinet):
    application_id = at_documents(signed_in)
    for code in ("passport", "snils", "diploma"):
        upload_in_wizard(signed_in, application_id, code, files.pdf(), filename="scan.pdf")
    page = documents_step(signed_in, application_id)
    chosen = [str(d) for d in all_document_ids(cabinet)] * 2
    step(signed_in, application_id, 4, documents=chosen, pd_consent="y")
    summary = WizardStep(signed_in.get(f"/cabinet/applications/{application_id}/step/5"))
    assert summary.summary_documents == [
        "Удостоверение личности: scan.pdf",
        "СНИЛС: scan.pdf",
        "Диплом о медицинском образовании: scan.pdf",
    ]
    assert page.document_rows == dict.fromkeys(("passport", "snils", "diploma"), "present")


def all_document_ids(cabinet) -> list[int]:
    with cabinet.app_context():
        return list(db.session.scalars(select(Document.id).order_by(Document.id)))


def test_every_file_input_offers_what_the_server_takes(signed_in):
    application_id = at_documents(signed_in, "periodic")
    wizard_inputs = documents_step(signed_in, application_id).file_inputs
    assert wizard_inputs["certificate-signature"] == ACCEPT_SIGNATURES
    assert set(wizard_inputs.values()) == {ACCEPT_SCANS, ACCEPT_SIGNATURES}
    assert len(wizard_inputs) == 7  # six documents missing, the certificate with its signature
    page = WizardStep(signed_in.get("/cabinet/documents/certificate"))
    assert page.file_inputs == {"file": ACCEPT_SCANS, "signature": ACCEPT_SIGNATURES}
    assert {".pdf", ".jpg", ".png"} <= set(ACCEPT_SCANS.split(","))


def test_an_upload_to_another_doctors_application_changes_nothing(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    theirs = at_documents(doctor.web)
    doctor.switch_to(OTHER_DOCTOR_PHONE)
    before = snapshot(cabinet)
    response = upload_in_wizard(doctor.web, theirs, "snils", files.pdf())
    assert response.status_code == 404 and snapshot(cabinet) == before


def test_an_upload_of_a_kind_the_application_does_not_require_is_not_found(signed_in, cabinet):
    application_id = at_documents(signed_in)
    before = snapshot(cabinet)
    for code in ("licence", "certificate", "nonsense"):
        response = upload_in_wizard(signed_in, application_id, code, files.pdf())
        assert response.status_code == 404
    assert snapshot(cabinet) == before


def test_an_upload_to_a_submitted_application_goes_to_its_page(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    before = snapshot(cabinet)
    response = upload_in_wizard(signed_in, application_id, "snils", files.pdf())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cabinet/applications/{application_id}")
    assert snapshot(cabinet) == before


def test_an_upload_without_the_form_token_is_refused(signed_in, cabinet):
    application_id = at_documents(signed_in)
    before = snapshot(cabinet)
    response = signed_in.post(
        f"/cabinet/applications/{application_id}/step/4/documents/snils",
        data={"snils-doc_number": "1", "snils-issue_date": "12.05.2016"},
    )
    assert response.status_code in (302, 303, 400)
    with cabinet.app_context():
        assert db.session.scalar(select(db.func.count(Document.id))) == 0
        assert db.session.get(Application, application_id).step == 4
    assert snapshot(cabinet)["document"] == before["document"]


def test_markup_typed_into_a_row_or_named_in_a_file_is_shown_as_text(signed_in):
    application_id = at_documents(signed_in)
    refused = upload_in_wizard(
        signed_in, application_id, "snils", files.executable(), HTMX, doc_number=XSS[:60]
    )
    assert refused.status_code == 422 and "<script>" not in refused.text
    name = "<img src=x onerror=alert(1)>.pdf"
    stored = upload_in_wizard(signed_in, application_id, "snils", files.pdf(), filename=name)
    page = documents_step(signed_in, application_id)
    assert stored.status_code == 303 and "<img" not in page.html
    assert page.document_rows["snils"] == "present"
