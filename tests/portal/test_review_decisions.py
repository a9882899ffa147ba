"""Approval decides the documents it rests on, the выписка keeps its own row, and the review
pages say plainly who decided, what the age filter means and who reads a comment."""

from sqlalchemy import select

from portal.models import Document, db
from tests.support.cabinet import submitted
from tests.support.cabinet_pages import CasePage, DocumentPage, MyDocuments
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.drivers import Reviewer
from tests.support.pages import Page


def statuses(cabinet) -> list[str]:
    with cabinet.app_context():
        return sorted(db.session.scalars(select(Document.status)))


def test_approval_accepts_the_documents_under_review_and_the_page_says_it_will(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    assert statuses(cabinet) == ["in_review"] * 3
    doctor.switch_to(REVIEWER_PHONE)
    reviewer = Reviewer(doctor.web, doctor.gosuslugi)
    reviewer.act_on(application_id, "take")
    case = CasePage(doctor.web.get(f"/review/applications/{application_id}"))
    assert "примет все документы" in case.text_of("approve-note")
    assert "рассматривает" in case.status
    assert reviewer.act_on(application_id, "decision", decision="approve").status_code == 303
    assert statuses(cabinet) == ["accepted"] * 3
    case = CasePage(doctor.web.get(f"/review/applications/{application_id}"))
    assert "Одобрено (решение: " in case.status and "рассматривает" not in case.status
    assert case.documents.count("Принят") == 3
    doctor.switch_to(DOCTOR_PHONE)
    page = DocumentPage(doctor.web.get("/cabinet/documents/diploma"))
    assert page.text_of("document-status") == "Принят"
    assert any("Принят: при одобрении заявления АК-" in entry for entry in page.journal)


def test_approval_is_refused_while_a_document_waits_for_clarification(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    with cabinet.app_context():
        diploma = db.session.scalar(select(Document.id).where(Document.doc_type == "diploma"))
    doctor.switch_to(REVIEWER_PHONE)
    reviewer = Reviewer(doctor.web, doctor.gosuslugi)
    reviewer.decide_document(diploma, "clarify", "Скан обрезан")
    reviewer.act_on(application_id, "take")
    refused = reviewer.act_on(application_id, "decision", decision="approve")
    assert refused.status_code == 422
    assert "Диплом о медицинском образовании" in Page(refused).field_error("reason")
    assert "Верните заявление на исправление" in Page(refused).field_error("reason")
    assert statuses(cabinet) == ["in_review", "in_review", "needs_clarification"]
    assert (
        "На рассмотрении"
        in CasePage(doctor.web.get(f"/review/applications/{application_id}")).status
    )


def test_the_extract_has_its_own_row_and_leaves_the_certificate_row_alone(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to(REVIEWER_PHONE)
    reviewer = Reviewer(doctor.web, doctor.gosuslugi)
    reviewer.act_on(application_id, "take")
    reviewer.act_on(application_id, "decision", decision="approve")
    doctor.switch_to(DOCTOR_PHONE)
    page = MyDocuments(doctor.web.get("/cabinet/documents/"))
    assert "Выписка о прохождении аккредитации № ДЕМО-" in page.row("extract")
    assert "Не загружен" in page.row("certificate")
    download = page.testid("doc-row-extract").find("a")["href"]
    assert doctor.web.get(download).data[:5] == b"%PDF-"


def test_the_review_pages_say_what_the_filter_and_the_comment_mean(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to(REVIEWER_PHONE)
    queue = Page(doctor.web.get("/review/applications"))
    assert "Подано не позже" not in queue.text
    assert "поданные 30 и больше дней назад" in queue.text
    case = Page(doctor.web.get(f"/review/applications/{application_id}"))
    assert "увидит заявитель" in case.by_id("comment-hint")
