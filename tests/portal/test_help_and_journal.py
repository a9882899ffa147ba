"""Help names the five channels of seed 4.3 and what to prepare, and its form stores the
question and answers with a number; a document's page shows its journal."""

from sqlalchemy import select

from portal.models import FeedbackMessage, db
from tests import files
from tests.support.cabinet import current_version, submitted, upload
from tests.support.cabinet_pages import DocumentPage, HelpPage, emails_to, send_feedback
from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE, REVIEWER_PHONE, XSS
from tests.support.pages import Page

QUESTION = {
    "name": "Сидорова Елена Андреевна",
    "email": "sidorova.ea@example.ru",
    "message": "Ошибка ESIA-007007 при входе",
}


def stored(cabinet) -> list[FeedbackMessage]:
    with cabinet.app_context():
        found = list(db.session.scalars(select(FeedbackMessage)))
        db.session.expunge_all()
        return found


def test_help_lists_the_five_channels_and_everything_to_prepare(web):
    page = HelpPage(web.get("/help"))
    assert len(page.channels) == 5
    for words in (
        "Госуслуги",
        "Министерства здравоохранения",
        "Региональное отделение",
        "ИТ-служба",
        "Российская медицинская ассоциация",
    ):
        assert sum(words in channel for channel in page.channels) == 1, words
    prepare = " ".join(page.to_prepare)
    for words in (
        "должность",
        "ИНН",
        "СНИЛС",
        "номер лицензии",
        "снимок экрана",
        "сообщения системы",
        "номер заявления",
    ):
        assert words in prepare, words


def test_the_public_form_stores_the_question_and_answers_with_its_number(web, cabinet):
    response = send_feedback(web, **QUESTION, inn="500100732259", snils="112-233-445 95")
    assert response.status_code == 303
    [message] = stored(cabinet)
    assert message.doctor_id is None and message.inn == "500100732259"
    assert message.snils == "11223344595" and message.message == QUESTION["message"]
    flashes = Page(web.get("/help")).flashes
    assert any(f"Обращение № {message.number} принято" in f for f in flashes)
    assert emails_to(web, QUESTION["email"])[0]["subject"] == f"Обращение {message.number} принято"


def test_bad_input_is_explained_next_to_each_field_and_kept(web, cabinet):
    typed = {**QUESTION, "name": XSS, "email": "нет", "inn": "500100732258", "message": ""}
    response = send_feedback(web, **typed)
    page = HelpPage(response)
    assert response.status_code == 422 and page.title.startswith("Ошибка:")
    assert page.field_error("email") == "Введите адрес почты в формате name@example.ru"
    assert "ИНН из 12 цифр" in page.field_error("inn")
    assert page.field_error("message") == "Опишите, что случилось"
    assert page.feedback["name"] == XSS and page.feedback["inn"] == "500100732258"
    assert "<script>alert(1)" not in response.text
    assert stored(cabinet) == []


def test_the_form_needs_its_csrf_token(web, cabinet):
    response = web.post("/help/feedback", data=QUESTION)
    assert response.status_code in (302, 303, 400)
    assert stored(cabinet) == []


def test_one_address_cannot_flood_the_form(web, cabinet):
    cabinet.config["FEEDBACK_PER_HOUR"] = 2
    for _ in range(2):
        assert send_feedback(web, **QUESTION).status_code == 303
    refused = send_feedback(web, **QUESTION)
    assert refused.status_code == 422
    assert "уже отправлено несколько обращений" in HelpPage(refused).field_error("message")
    assert len(stored(cabinet)) == 2


def test_a_logged_in_doctor_finds_the_form_filled_with_what_the_cabinet_knows(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    fields = HelpPage(signed_in.get("/help")).feedback
    assert fields["name"] == DOCTOR_NAME and fields["phone"] == "+7 916 123-45-01"
    assert fields["snils"] == "112-233-401 83" and fields["application_number"].startswith("АК-")
    assert send_feedback(signed_in, message="Не вижу выписку").status_code == 303
    [message] = stored(cabinet)
    assert (
        message.doctor_id is not None and message.application_number == fields["application_number"]
    )
    assert application_id


def test_the_document_page_shows_who_did_what_to_it(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    upload(doctor.web, "diploma", files.pdf())
    upload(doctor.web, "diploma", files.pdf(pages=2))
    version = current_version(cabinet)
    doctor.switch_to(REVIEWER_PHONE)
    assert doctor.web.get(f"/cabinet/documents/file/{version.id}").status_code == 200
    doctor.switch_to(DOCTOR_PHONE)
    journal = DocumentPage(doctor.web.get("/cabinet/documents/diploma")).journal
    assert len(journal) == 3
    assert "Эксперт" in journal[0] and "Скачан" in journal[0] and "версия 2" in journal[0]
    assert "Вы" in journal[1] and "Загружена новая версия" in journal[1]
    assert "Вы" in journal[2] and "Загружен: Диплом" in journal[2]
