"""The application wizard: five steps in order, values refused and kept, one draft per kind,
one submission however often it is sent."""

import re
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from common.errors import ServiceError
from portal import applications as apps
from portal.models import Application, Doctor, Document, UserSession, db
from tests import files
from tests.support.cabinet import (
    application,
    confirm,
    events,
    filled,
    my_documents,
    start,
    step,
    submitted,
    upload,
)
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page, WizardStep


def test_five_steps_end_in_a_registered_application_with_a_readable_number(signed_in, cabinet):
    application_id = filled(signed_in, cabinet)
    response, _ = confirm(signed_in, application_id)
    assert response.status_code == 303
    page = signed_in.get(response.headers["Location"])
    number = application(cabinet, application_id).number
    assert re.fullmatch(r"АК-\d{4}-\d{6}", number) and number in Page(page).text
    assert events(cabinet, application_id) == [("draft", "submitted"), ("submitted", "registered")]
    assert "Зарегистрировано" in Page(page).text
    notifications = Page(signed_in.get("/cabinet/notifications"))
    assert f"Заявление {number}: Зарегистрировано" in notifications.text


def test_steps_cannot_be_skipped(signed_in):
    application_id = start(signed_in)
    response = signed_in.get(f"/cabinet/applications/{application_id}/step/4")
    assert response.status_code == 303 and response.headers["Location"].endswith("/step/1")
    post = step(signed_in, application_id, 1)
    assert post.status_code == 422
    assert "Подтвердите, что данные верны" in Page(post).field_error("confirm")


@pytest.mark.parametrize(
    ("number", "values", "field", "message"),
    [
        (2, {"phone": "+7 712 345-67-89", "email": "a@b.ru"}, "phone", "мобильный номер"),
        (2, {"phone": "+79161234501", "email": "not-an-email"}, "email", "name@example.ru"),
        (
            3,
            {"specialty": "Астрология", "workplace": "X", "licence_number": "Л1"},
            "specialty",
            "Выберите специальность из списка",
        ),
        (
            3,
            {"specialty": "Терапия", "workplace": "ГБУЗ", "licence_number": ""},
            "licence_number",
            "Без номера лицензии организации заявление не сохранить",
        ),
    ],
)
def test_bad_step_values_are_refused_and_kept(signed_in, cabinet, number, values, field, message):
    application_id = start(signed_in)
    step(signed_in, application_id, 1, confirm="y")
    if number == 3:
        step(signed_in, application_id, 2, phone="+79161234501", email="a@b.ru")
    response = step(signed_in, application_id, number, **values)
    assert response.status_code == 422 and message in Page(response).field_error(field)
    typed = values.get("workplace") or values["phone"]
    assert typed in Page(response).form().fields.values()


def test_missing_required_documents_are_named(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf())
    application_id = start(signed_in, "periodic")
    step(signed_in, application_id, 1, confirm="y")
    step(signed_in, application_id, 2, phone="+79161234501", email="a@b.ru")
    step(
        signed_in,
        application_id,
        3,
        specialty="Терапия",
        workplace="ГП",
        licence_number="Л041-01137-77/00368012",
    )
    response = step(signed_in, application_id, 4, documents=my_documents(cabinet), pd_consent="y")
    assert response.status_code == 422
    missing = "Загрузите: СНИЛС, Диплом о медицинском образовании"
    assert missing in Page(response).field_error("documents")


def test_one_draft_per_kind_and_it_survives_a_new_login(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    first = start(doctor.web)
    step(doctor.web, first, 1, confirm="y")
    step(doctor.web, first, 2, phone="+79161234501", email="kept@example.ru")
    assert start(doctor.web) == first
    assert start(doctor.web, "periodic") != first
    token = Page(doctor.web.get("/cabinet/applications/new").text).csrf_token
    doctor.web.post("/logout", data={"csrf_token": token})
    doctor.switch_to(DOCTOR_PHONE)
    page = doctor.web.get("/cabinet/applications/new")
    assert "Первичная аккредитация: шаг 3 из 5" in Page(page).text
    step_2 = Page(doctor.web.get(f"/cabinet/applications/{first}/step/2"))
    assert step_2.form().fields["email"] == "kept@example.ru"


def test_a_double_submit_creates_one_application(signed_in, cabinet):
    application_id = filled(signed_in, cabinet)
    first, data = confirm(signed_in, application_id)
    again = signed_in.post(f"/cabinet/applications/{application_id}/step/5", data=data)
    assert first.status_code == again.status_code == 303
    assert events(cabinet, application_id) == [("draft", "submitted"), ("submitted", "registered")]
    with cabinet.app_context():
        assert db.session.scalar(select(db.func.count(Application.id))) == 1


def test_concurrent_submissions_with_the_same_key_submit_once(signed_in, cabinet):
    application_id = filled(signed_in, cabinet)
    _, data = confirm_form_only(signed_in, application_id)
    results = []

    def submit():
        with cabinet.app_context():
            doctor = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
            target = db.session.get(Application, application_id)
            try:
                results.append(apps.submit(doctor, target, data["submission_key"], True).status)
            except ServiceError as error:
                results.append(error.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert events(cabinet, application_id) == [("draft", "submitted"), ("submitted", "registered")]


def confirm_form_only(web, application_id: int):
    page = web.get(f"/cabinet/applications/{application_id}/step/5")
    return page, {"submission_key": WizardStep(page).submission_key}


def test_submitting_sends_the_attached_documents_for_review(signed_in, cabinet):
    submitted(signed_in, cabinet)
    with cabinet.app_context():
        assert {d.status for d in db.session.scalars(select(Document))} == {"in_review"}


def test_a_session_that_expires_mid_wizard_resumes_at_the_same_step(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = start(doctor.web)
    step(doctor.web, application_id, 1, confirm="y")
    page = doctor.web.get(f"/cabinet/applications/{application_id}/step/2")
    with cabinet.app_context():
        for record in db.session.scalars(select(UserSession)):
            record.last_seen_at -= timedelta(minutes=31)
        db.session.commit()
    expired = doctor.web.post(
        f"/cabinet/applications/{application_id}/step/2",
        data={"csrf_token": Page(page).csrf_token, "phone": "+79161234501"},
    )
    assert expired.status_code == 302 and "next=" in expired.headers["Location"]
    landing = doctor.web.get(expired.headers["Location"])
    login = Page(landing).testid("login-gosuslugi")["href"]  # straight to Gosuslugi
    doctor.gosuslugi.session = requests.Session()
    back = doctor.come_back(doctor.gosuslugi.approve(login, DOCTOR_PHONE))
    assert back.headers["Location"] == f"/cabinet/applications/{application_id}/step/2"
    assert application(cabinet, application_id).step == 2  # step 1 is kept on the server
