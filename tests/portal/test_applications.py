"""Мои заявки and the review console: the wizard, idempotent submission, transitions, polling."""

import io
import re
import threading
from datetime import date, timedelta

import pytest
import requests
from pypdf import PdfReader
from sqlalchemy import select

from common import cms
from common.errors import ServiceError
from portal import applications as apps
from portal import review as cases
from portal.clock import now
from portal.models import Application, ApplicationEvent, Doctor, Document, UserSession, db
from tests import files
from tests.support.cabinet import application, confirm, my_documents, start, step, upload
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.pages import Page


def filled(web, cabinet, kind: str = "primary") -> int:
    """An application through steps 1–4, ready to confirm."""
    for code in ("passport", "snils", "diploma"):
        assert upload(web, code, files.pdf()).status_code == 303
    application_id = start(web, kind)
    assert step(web, application_id, 1, confirm="y").status_code == 303
    assert (
        step(
            web, application_id, 2, phone="8 916 123-45-01", email="ivanova.ms@example.ru"
        ).status_code
        == 303
    )
    assert (
        step(
            web,
            application_id,
            3,
            specialty="Терапия",
            workplace="ГБУЗ ГП № 2",
            licence_number="Л041-01137-77/00368012",
        ).status_code
        == 303
    )
    assert (
        step(web, application_id, 4, documents=my_documents(cabinet), pd_consent="y").status_code
        == 303
    )
    return application_id


def events(cabinet, application_id: int) -> list[tuple[str, str]]:
    with cabinet.app_context():
        query = select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
        return [
            (e.from_status, e.to_status)
            for e in db.session.scalars(query.order_by(ApplicationEvent.id))
        ]


def test_five_steps_end_in_a_registered_application_with_a_readable_number(signed_in, cabinet):
    application_id = filled(signed_in, cabinet)
    response, _ = confirm(signed_in, application_id)
    assert response.status_code == 303
    page = signed_in.get(response.headers["Location"])
    number = application(cabinet, application_id).number
    assert re.fullmatch(r"АК-\d{4}-\d{6}", number) and number in page.text
    assert events(cabinet, application_id) == [("draft", "submitted"), ("submitted", "registered")]
    assert "Зарегистрировано" in page.text
    assert f"Заявление {number}: Зарегистрировано" in signed_in.get("/cabinet/notifications").text


def test_steps_cannot_be_skipped(signed_in):
    application_id = start(signed_in)
    response = signed_in.get(f"/cabinet/applications/{application_id}/step/4")
    assert response.status_code == 303 and response.headers["Location"].endswith("/step/1")
    post = step(signed_in, application_id, 1)
    assert post.status_code == 422 and "Подтвердите, что данные верны" in post.text


@pytest.mark.parametrize(
    ("number", "values", "message"),
    [
        (2, {"phone": "+7 712 345-67-89", "email": "a@b.ru"}, "мобильный номер"),
        (2, {"phone": "+79161234501", "email": "not-an-email"}, "name@example.ru"),
        (
            3,
            {"specialty": "Астрология", "workplace": "X", "licence_number": "Л1"},
            "Выберите специальность из списка",
        ),
        (
            3,
            {"specialty": "Терапия", "workplace": "ГБУЗ", "licence_number": ""},
            "Без номера лицензии организации заявление не сохранить",
        ),
    ],
)
def test_bad_step_values_are_refused_and_kept(signed_in, cabinet, number, values, message):
    application_id = start(signed_in)
    step(signed_in, application_id, 1, confirm="y")
    if number == 3:
        step(signed_in, application_id, 2, phone="+79161234501", email="a@b.ru")
    response = step(signed_in, application_id, number, **values)
    assert response.status_code == 422 and message in response.text
    typed = values.get("workplace") or values["phone"]
    assert f'value="{typed}"' in response.text


def test_missing_required_documents_are_named(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf())
    application_id = start(signed_in, "periodic")
    step(signed_in, application_id, 1, confirm="y")
    step(signed_in, application_id, 2, phone="+79161234501", email="a@b.ru")
    step(signed_in, application_id, 3, specialty="Терапия", workplace="ГП", licence_number="Л041")
    response = step(signed_in, application_id, 4, documents=my_documents(cabinet), pd_consent="y")
    assert response.status_code == 422
    assert "Приложите: СНИЛС, Диплом о медицинском образовании" in response.text


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
    assert "Первичная аккредитация: шаг 3 из 5" in page.text
    assert 'value="kept@example.ru"' in doctor.web.get(f"/cabinet/applications/{first}/step/2").text


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
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page.text).group(1)
    return page, {"submission_key": key}


def submitted(web, cabinet) -> int:
    application_id = filled(web, cabinet)
    confirm(web, application_id)
    return application_id


def test_cancel_is_possible_before_review_only(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    page = signed_in.get(f"/cabinet/applications/{application_id}/cancel")
    assert "Отменить заявление" in page.text
    signed_in.post(
        f"/cabinet/applications/{application_id}/cancel", data={"csrf_token": Page(page).csrf_token}
    )
    assert application(cabinet, application_id).status == "cancelled"
    with cabinet.app_context():
        target = db.session.get(Application, application_id)
        with pytest.raises(ServiceError):
            apps.cancel(db.session.get(Doctor, target.doctor_id), target)


def reviewer_record(cabinet, name: str = "Волкова") -> Doctor:
    with cabinet.app_context():
        reviewer = Doctor(
            esia_oid=abs(hash(name)) % 10**9 + 10**9,
            last_name=name,
            first_name="Эксперт",
            role="reviewer",
            created_at=now(),
            updated_at=now(),
            checks=[],
        )
        db.session.add(reviewer)
        db.session.commit()
        return reviewer.id


def as_reviewer(cabinet, reviewer_id: int, action, application_id: int, *args):
    with cabinet.app_context():
        reviewer = db.session.get(Doctor, reviewer_id)
        target = db.session.get(Application, application_id)
        return action(reviewer, target, *args)


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
    reviewer = reviewer_record(cabinet)
    as_reviewer(cabinet, reviewer, cases.take, application_id)
    as_reviewer(cabinet, reviewer, cases.decide, application_id, "fix", "Приложите диплом целиком")
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    assert "Требуется исправление" in page.text and "Приложите диплом целиком" in page.text
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
    reviewer = reviewer_record(cabinet)
    as_reviewer(cabinet, reviewer, cases.take, application_id)
    as_reviewer(cabinet, reviewer, cases.decide, application_id, "reject", "Нет стажа")
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    response = signed_in.post(
        f"/cabinet/applications/{application_id}/repeat", data={"csrf_token": Page(page).csrf_token}
    )
    draft_id = int(re.search(r"/applications/(\d+)/step", response.headers["Location"]).group(1))
    draft = application(cabinet, draft_id)
    assert draft.repeat_of_id == application_id and draft.data["specialty"] == "Терапия"


def test_the_status_poll_is_small_304_when_unchanged_and_286_when_final(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    url = f"/cabinet/applications/{application_id}/status"
    first = signed_in.get(url, headers={"HX-Request": "true"})
    assert first.status_code == 200 and len(first.data) <= 1024 and "hx-trigger" in first.text
    same = signed_in.get(
        url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}
    )
    assert same.status_code == 304 and same.data == b""
    reviewer = reviewer_record(cabinet)
    as_reviewer(cabinet, reviewer, cases.take, application_id)
    as_reviewer(cabinet, reviewer, cases.decide, application_id, "reject", "Нет стажа")
    final = signed_in.get(
        url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}
    )
    assert final.status_code == 286 and "Отклонено" in final.text and "hx-trigger" not in final.text


def test_without_javascript_the_open_detail_refreshes_itself(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page.text
    assert ">Обновить</a>" in page.text


def seed_applications(cabinet, count: int) -> int:
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        for index in range(count):
            moment = now() - timedelta(days=index)
            db.session.add(
                Application(
                    doctor_id=doctor.id,
                    kind=("primary", "periodic")[index % 2],
                    status=("registered", "approved", "cancelled")[index % 3],
                    number=f"АК-2026-{index + 1:06d}",
                    data={},
                    created_at=moment,
                    submitted_at=moment,
                    status_changed_at=moment,
                    updated_at=moment,
                )
            )
        db.session.commit()
        return doctor.id


def test_the_list_filters_and_pages(signed_in, cabinet):
    seed_applications(cabinet, 45)
    first = signed_in.get("/cabinet/applications/")
    assert first.text.count('data-testid="application-row"') == 20
    assert "Страница 1 из 3 (всего 45)" in first.text
    third = signed_in.get("/cabinet/applications/?page=3")
    assert third.text.count('data-testid="application-row"') == 5
    approved = signed_in.get("/cabinet/applications/?status=approved&kind=periodic")
    assert approved.text.count('data-testid="application-row"') == 8
    recent = (date.today() - timedelta(days=4)).strftime("%d.%m.%Y")
    dated = signed_in.get(f"/cabinet/applications/?date_from={recent}")
    assert dated.text.count('data-testid="application-row"') == 5


def test_the_list_poll_answers_304_when_nothing_changed(signed_in, cabinet):
    seed_applications(cabinet, 3)
    headers = {"HX-Request": "true", "HX-Target": "application-rows"}
    rows = signed_in.get("/cabinet/applications/", headers=headers)
    assert rows.status_code == 200 and "<html" not in rows.text
    again = signed_in.get(
        "/cabinet/applications/", headers={**headers, "If-None-Match": rows.headers["ETag"]}
    )
    assert again.status_code == 304


def test_an_overdue_application_shows_what_to_do_and_leads_the_queue(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    with cabinet.app_context():
        target = db.session.get(Application, application_id)
        target.submitted_at = now() - timedelta(days=60)
        db.session.commit()
    page = doctor.web.get(f"/cabinet/applications/{application_id}")
    assert 'data-testid="overdue-notice"' in page.text and "35 рабочих дней" in page.text
    doctor.switch_to(REVIEWER_PHONE)
    queue = doctor.web.get("/review/applications")
    assert "просрочено" in queue.text.split('data-testid="queue-row"')[1]


def test_working_days_skip_weekends():
    assert apps.working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5


def test_another_doctor_never_sees_my_application(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to("+79161234502")
    for path in ("", "/status", "/cancel", "/step/1", "/extract"):
        assert doctor.web.get(f"/cabinet/applications/{application_id}{path}").status_code == 404
    assert doctor.web.get("/review/applications").status_code == 403


def test_the_reviewer_console_takes_and_decides_through_its_pages(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to(REVIEWER_PHONE)
    page = doctor.web.get(f"/review/applications/{application_id}")
    doctor.web.post(
        f"/review/applications/{application_id}/take", data={"csrf_token": Page(page).csrf_token}
    )
    page = doctor.web.get(f"/review/applications/{application_id}")
    assert 'data-testid="approve"' in page.text
    refused = doctor.web.post(
        f"/review/applications/{application_id}/decision",
        data={"csrf_token": Page(page).csrf_token, "decision": "fix"},
    )
    assert refused.status_code == 422 and "Напишите причину" in refused.text
    doctor.web.post(
        f"/review/applications/{application_id}/comment",
        data={"csrf_token": Page(page).csrf_token, "comment": "Проверяю стаж"},
    )
    doctor.web.post(
        f"/review/applications/{application_id}/decision",
        data={"csrf_token": Page(page).csrf_token, "decision": "approve"},
    )
    assert application(cabinet, application_id).status == "approved"
    assert "Проверяю стаж" in doctor.web.get(f"/review/applications/{application_id}").text


def test_the_dashboard_lists_what_waits_for_the_doctor(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    reviewer = reviewer_record(cabinet)
    as_reviewer(cabinet, reviewer, cases.take, application_id)
    as_reviewer(cabinet, reviewer, cases.decide, application_id, "fix", "Нужен скан диплома")
    page = signed_in.get("/cabinet/")
    number = application(cabinet, application_id).number
    assert f"Заявление {number}: требуется исправление" in page.text
    assert "Нужен скан диплома" in page.text


def test_submitting_sends_the_attached_documents_for_review(signed_in, cabinet):
    submitted(signed_in, cabinet)
    with cabinet.app_context():
        assert {d.status for d in db.session.scalars(select(Document))} == {"in_review"}


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


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_the_allowed_transitions_happen(cabinet, status, action):
    with cabinet.app_context():
        doctor = Doctor(
            esia_oid=1000000555,
            last_name="Тестова",
            role="doctor",
            created_at=now(),
            updated_at=now(),
            checks=[],
        )
        reviewer = Doctor(
            esia_oid=1000000556,
            last_name="Экспертова",
            role="reviewer",
            created_at=now(),
            updated_at=now(),
            checks=[],
        )
        db.session.add_all([doctor, reviewer])
        db.session.flush()
        moment = now()
        target = Application(
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
    login = re.search(r'href="(/login/esia\?next=[^"]+)"', landing.text).group(1)
    doctor.gosuslugi.session = requests.Session()
    response = doctor.web.get(login.replace("&amp;", "&"))
    callback = doctor.gosuslugi.approve(response.headers["Location"], DOCTOR_PHONE)
    back = doctor.web.get(callback[len("http://cabinet.test") :])
    assert back.headers["Location"] == f"/cabinet/applications/{application_id}/step/2"
    assert application(cabinet, application_id).step == 2  # step 1 is kept on the server
