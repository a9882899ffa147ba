"""The limits the doctor reads (upload size, service time, wizard steps) follow configuration."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.clock import now
from portal.models import Doctor, db
from portal.wizard import LAST_STEP, STEPS
from tests import files
from tests.support.cabinet import submitted_row
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

MB = 1024 * 1024


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def upload_passport(web, data: bytes):
    page = web.get("/cabinet/documents/passport")
    form = {
        "csrf_token": Page(page.text).csrf_token,
        "doc_number": "45 10 123456",
        "issue_date": "12.05.2016",
        "file": (io.BytesIO(data), "scan.pdf"),
    }
    return web.post("/cabinet/documents/passport", data=form, content_type="multipart/form-data")


def test_the_documents_pages_name_the_configured_upload_limit(signed_in, cabinet):
    cabinet.config["MAX_UPLOAD_BYTES"] = 2 * MB
    assert "не больше 2 МБ каждый" in signed_in.get("/cabinet/documents/").text
    page = signed_in.get("/cabinet/documents/passport").text
    assert "PDF, JPG или PNG, не больше 2 МБ" in page
    assert "5 МБ" not in page


def test_a_file_over_the_configured_limit_is_refused_with_that_limit(signed_in, cabinet):
    cabinet.config["MAX_UPLOAD_BYTES"] = 1 * MB
    response = upload_passport(signed_in, files.pdf(padding=int(1.5 * MB)))
    assert response.status_code == 422
    assert "Файл должен быть меньше 1 МБ" in response.text and 'id="file-error"' in response.text


def test_a_request_over_the_body_limit_names_the_file_limit(signed_in, cabinet):
    cabinet.config.update(MAX_UPLOAD_BYTES=1 * MB, MAX_CONTENT_LENGTH=2 * MB)
    response = upload_passport(signed_in, files.pdf(padding=3 * MB))
    assert response.status_code == 413 and "Файл должен быть меньше 1 МБ" in response.text


def overdue_application(cabinet, days_ago: int) -> int:
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        moment = now() - timedelta(days=days_ago)
        application = submitted_row(doctor.id, "АК-2026-000777", moment=moment)
        db.session.add(application)
        db.session.commit()
        return application.id


def test_the_overdue_notice_names_the_configured_service_time(signed_in, cabinet):
    cabinet.config["SERVICE_DAYS"] = 20
    application_id = overdue_application(cabinet, days_ago=40)
    page = signed_in.get(f"/cabinet/applications/{application_id}").text
    assert 'data-testid="overdue-notice"' in page
    assert "(20 рабочих дней)" in page and "35 рабочих дней" not in page


def test_an_application_within_the_configured_service_time_is_not_overdue(signed_in, cabinet):
    cabinet.config["SERVICE_DAYS"] = 60
    application_id = overdue_application(cabinet, days_ago=40)
    poll = signed_in.get(f"/cabinet/applications/{application_id}/status")
    assert poll.status_code == 200 and 'data-testid="overdue-notice"' not in poll.text


def test_the_wizard_counts_its_steps_from_the_step_list(signed_in):
    page = signed_in.get("/cabinet/applications/new")
    response = signed_in.post(
        "/cabinet/applications/new",
        data={"csrf_token": Page(page.text).csrf_token, "kind": "primary"},
    )
    first = signed_in.get(response.headers["Location"]).text
    assert f"Шаг 1 из {LAST_STEP}. {STEPS[1]}" in first
    assert f"Первичная аккредитация: шаг 1 из {LAST_STEP}" in (
        signed_in.get("/cabinet/applications/new").text
    )
