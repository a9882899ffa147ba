"""The review console and an application's life after submission: taking, deciding, returning
for a fix, the signed extract, the allowed transitions; reviewing documents."""

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from common import cms
from common.errors import ServiceError
from portal import applications as apps
from portal import review as cases
from portal.clock import now
from portal.models import Application, Doctor, Document, db
from tests import files
from tests.support.cabinet import (
    application,
    as_reviewer,
    confirm,
    current_version,
    decided,
    doctor_record,
    reviewer_record,
    step,
    submitted,
    upload,
)
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.drivers import Reviewer
from tests.support.pages import Page


def test_cancel_is_possible_before_review_only(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    page = signed_in.get(f"/cabinet/applications/{application_id}/cancel")
    assert "Отменить заявление" in Page(page).text
    signed_in.post(
        f"/cabinet/applications/{application_id}/cancel", data={"csrf_token": Page(page).csrf_token}
    )
    assert application(cabinet, application_id).status == "cancelled"
    with cabinet.app_context():
        target = db.session.get(Application, application_id)
        with pytest.raises(ServiceError):
            apps.cancel(db.session.get(Doctor, target.doctor_id), target)


def test_two_reviewers_cannot_both_take_or_decide(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    first, second = reviewer_record(cabinet, "Первая"), reviewer_record(cabinet, "Вторая")
    as_reviewer(cabinet, first, cases.take, application_id)
    with pytest.raises(ServiceError, match="уже взял в работу Первая"):
        as_reviewer(cabinet, second, cases.take, application_id)
    with pytest.raises(ServiceError, match="Решение принимает Первая"):
        as_reviewer(cabinet, second, cases.decide, application_id, "approve", "")
    with pytest.raises(ServiceError, match="Напишите причину"):
        as_reviewer(cabinet, first, cases.decide, application_id, "reject", " ")


def test_return_for_fix_then_resubmit_then_approve_with_a_signed_extract(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    reviewer = decided(cabinet, application_id, "fix", "Приложите диплом целиком")
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    detail = Page(page).text
    assert "Требуется исправление" in detail and "Приложите диплом целиком" in detail
    step(signed_in, application_id, 1, confirm="y")
    response, _ = confirm(signed_in, application_id)
    assert application(cabinet, application_id).status == "registered"
    as_reviewer(cabinet, reviewer, cases.take, application_id)
    as_reviewer(cabinet, reviewer, cases.decide, application_id, "approve", "")
    found = application(cabinet, application_id)
    assert found.status == "approved" and found.registry_number.startswith("ДЕМО-")
    pdf = signed_in.get(f"/cabinet/applications/{application_id}/extract", follow_redirects=True)
    signature = signed_in.get(
        f"/cabinet/applications/{application_id}/extract?part=signature", follow_redirects=True
    )
    assert pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Выписка" in text and found.registry_number in text and "Иванова" in text
    signer = cms.verify_detached(signature.data, pdf.data)
    assert signer.name == "ДЕМО ФАЦ: учебная подпись"
    with cabinet.app_context():
        doctor = db.session.get(Doctor, found.doctor_id)
        assert doctor.certificate_valid_until >= date.today() + timedelta(days=365 * 5 - 2)


def test_a_rejected_application_can_be_filed_again_prefilled(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    decided(cabinet, application_id, "reject", "Нет стажа")
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    response = signed_in.post(
        f"/cabinet/applications/{application_id}/repeat", data={"csrf_token": Page(page).csrf_token}
    )
    draft_id = int(re.search(r"/applications/(\d+)/step", response.headers["Location"]).group(1))
    draft = application(cabinet, draft_id)
    assert draft.repeat_of_id == application_id and draft.data["specialty"] == "Терапия"


def test_the_reviewer_console_takes_and_decides_through_its_pages(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to(REVIEWER_PHONE)
    reviewer = Reviewer(doctor.web, doctor.gosuslugi)
    reviewer.act_on(application_id, "take")
    page = doctor.web.get(f"/review/applications/{application_id}")
    assert Page(page).testid("approve") is not None
    refused = reviewer.act_on(application_id, "decision", decision="fix")
    assert refused.status_code == 422 and "Напишите причину" in Page(refused).field_error("reason")
    reviewer.act_on(application_id, "comment", comment="Проверяю стаж")
    reviewer.act_on(application_id, "decision", decision="approve")
    assert application(cabinet, application_id).status == "approved"
    assert "Проверяю стаж" in Page(doctor.web.get(f"/review/applications/{application_id}")).text


ACTIONS = {
    "cancel": lambda doctor, reviewer, a: apps.cancel(doctor, a),
    "take": lambda doctor, reviewer, a: cases.take(reviewer, a),
    "approve": lambda doctor, reviewer, a: cases.decide(reviewer, a, "approve", ""),
    "fix": lambda doctor, reviewer, a: cases.decide(reviewer, a, "fix", "Уточните стаж"),
    "reject": lambda doctor, reviewer, a: cases.decide(reviewer, a, "reject", "Нет стажа"),
    "repeat": lambda doctor, reviewer, a: apps.repeat(doctor, a),
}


ALLOWED = {
    "registered": {"cancel": "cancelled", "take": "in_review"},
    "in_review": {"approve": "approved", "fix": "needs_fix", "reject": "rejected"},
    "needs_fix": {},
    "rejected": {"repeat": "rejected"},
    "approved": {},
    "cancelled": {},
}


def application_in(status: str, doctor: Doctor, reviewer: Doctor) -> Application:
    """An application of `doctor` in `status`, held by `reviewer` while in review."""
    moment = now()
    return Application(
        doctor_id=doctor.id,
        kind="primary",
        status=status,
        step=6,
        number="АК-2026-999999",
        data={"specialty": "Терапия"},
        reviewer_id=reviewer.id if status == "in_review" else None,
        created_at=moment,
        submitted_at=moment,
        status_changed_at=moment,
        updated_at=moment,
    )


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_the_allowed_transitions_happen(cabinet, status, action):
    with cabinet.app_context():
        doctor = doctor_record(esia_oid=1000000555, last_name="Тестова", role="doctor")
        reviewer = doctor_record(esia_oid=1000000556, last_name="Экспертова", role="reviewer")
        db.session.add_all([doctor, reviewer])
        db.session.flush()
        target = application_in(status, doctor, reviewer)
        db.session.add(target)
        db.session.commit()
        expected = ALLOWED[status].get(action)
        if expected is None:
            with pytest.raises(ServiceError):
                ACTIONS[action](doctor, reviewer, target)
            db.session.rollback()
            assert db.session.get(Application, target.id).status == status
        else:
            ACTIONS[action](doctor, reviewer, target)
            assert db.session.get(Application, target.id).status == expected


def test_review_flow_clarification_reaches_the_doctor_with_the_reason(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    upload(doctor.web, "diploma", files.pdf())
    page = doctor.web.get("/cabinet/documents/diploma")
    with cabinet.app_context():
        document_id = db.session.scalar(select(Document.id))
    doctor.web.post(
        f"/cabinet/documents/{document_id}/review", data={"csrf_token": Page(page).csrf_token}
    )
    assert "На проверке" in Page(doctor.web.get("/cabinet/documents/diploma")).text
    doctor.switch_to(REVIEWER_PHONE)
    queue = doctor.web.get("/review/documents")
    assert Page(queue).testid(f"review-document-{document_id}") is not None
    download = doctor.web.get(f"/cabinet/documents/file/{current_version(cabinet).id}")
    assert download.status_code == 200  # reviewers read through the same storage
    reviewer = Reviewer(doctor.web, doctor.gosuslugi)
    empty = reviewer.decide_document(document_id, "clarify")
    assert empty.status_code == 422
    assert "Напишите, что нужно уточнить" in Page(empty).field_error("reason")
    reviewer.decide_document(document_id, "clarify", "Скан нечитаемый, загрузите в лучшем качестве")
    doctor.switch_to(DOCTOR_PHONE)
    page = doctor.web.get("/cabinet/documents/diploma")
    assert "Требуется уточнение" in Page(page).text and "Скан нечитаемый" in Page(page).text
    assert "Требуется уточнение: Диплом" in Page(doctor.web.get("/cabinet/notifications")).text


def test_a_doctor_cannot_decide_on_documents(signed_in, cabinet):
    upload(signed_in, "diploma", files.pdf())
    with cabinet.app_context():
        document_id = db.session.scalar(select(Document.id))
    token = Page(signed_in.get("/cabinet/documents/diploma").text).csrf_token
    response = signed_in.post(
        f"/review/documents/{document_id}", data={"csrf_token": token, "decision": "accept"}
    )
    assert response.status_code == 403
    assert signed_in.get("/review/documents").status_code == 403
    with cabinet.app_context():
        assert db.session.get(Document, document_id).status == "uploaded"
