"""Мои заявки: the list with its filters and pages, the overdue notice, the dashboard, and
who may see an application."""

from datetime import date, timedelta

from portal import applications as apps
from portal.clock import now
from portal.models import Application, db
from tests.support.cabinet import (
    application,
    decided,
    seed_applications,
    submitted,
)
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.pages import Page


def test_the_list_filters_and_pages(signed_in, cabinet):
    seed_applications(cabinet, 45)
    first = signed_in.get("/cabinet/applications/")
    assert len(Page(first).testids("application-row")) == 20
    assert "Страница 1 из 3 (всего 45)" in Page(first).text
    third = signed_in.get("/cabinet/applications/?page=3")
    assert len(Page(third).testids("application-row")) == 5
    approved = signed_in.get("/cabinet/applications/?status=approved&kind=periodic")
    assert len(Page(approved).testids("application-row")) == 8
    recent = (date.today() - timedelta(days=4)).strftime("%d.%m.%Y")
    dated = signed_in.get(f"/cabinet/applications/?date_from={recent}")
    assert len(Page(dated).testids("application-row")) == 5


def test_an_overdue_application_shows_what_to_do_and_leads_the_queue(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    with cabinet.app_context():
        target = db.session.get(Application, application_id)
        target.submitted_at = now() - timedelta(days=60)
        db.session.commit()
    page = doctor.web.get(f"/cabinet/applications/{application_id}")
    assert "35 рабочих дней" in Page(page).text_of("overdue-notice")
    doctor.switch_to(REVIEWER_PHONE)
    queue = doctor.web.get("/review/applications")
    assert "просрочено" in Page(queue).texts_of("queue-row")[0]


def test_working_days_skip_weekends():
    assert apps.working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5


def test_another_doctor_never_sees_my_application(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    doctor.switch_to("+79161234502")
    for path in ("", "/status", "/cancel", "/step/1", "/extract"):
        assert doctor.web.get(f"/cabinet/applications/{application_id}{path}").status_code == 404
    assert doctor.web.get("/review/applications").status_code == 403


def test_the_dashboard_lists_what_waits_for_the_doctor(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    decided(cabinet, application_id, "fix", "Нужен скан диплома")
    page = signed_in.get("/cabinet/")
    number = application(cabinet, application_id).number
    assert f"Заявление {number}: требуется исправление" in Page(page).text
    assert "Нужен скан диплома" in Page(page).text
