"""A certificate near its end, or past it: accepted with a warning, the periodic application
offered first with its last day, and a restricted cabinet for an ended one."""

from datetime import date, timedelta

import requests

from portal import accreditation, checks
from tests import files
from tests.support.accreditation import AccreditationPage
from tests.support.cabinet import upload
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import arrived_at
from tests.support.pages import Page

EXPIRING_PHONE, SUSPENDED_PHONE = "+79161234502", "+79161234503"
TODAY = date.today()
RESTORING = ("/cabinet/", "/cabinet/documents/", "/cabinet/education/", "/cabinet/applications/")


def set_certificate_end(live_idp, demo, phone: str, until: date, licence: str = "active"):
    url = f"{live_idp.url}/_mock/api/personas/{demo[phone]}"
    registry = requests.get(url, timeout=5).json()["registry"]
    registry["frmr"]["certificate"]["valid_until"] = until.isoformat()
    registry["licence"]["status"] = licence
    assert requests.patch(url, json={"registry": registry}, timeout=5).status_code == 200


def certificate_upload(web, issued: date, until: date):
    document = files.pdf()
    return upload(
        web,
        "certificate",
        document,
        signature=files.Signer().sign(document),
        issue_date=issued.strftime("%d.%m.%Y"),
        valid_until=until.strftime("%d.%m.%Y"),
        holder_name="Иванова Мария Сергеевна",
        holder_birth_date="14.03.1986",
    )


def test_a_certificate_ending_in_20_days_is_accepted_with_the_date_to_apply_by(signed_in):
    until = TODAY + timedelta(days=20)
    response = certificate_upload(signed_in, TODAY - timedelta(days=5 * 365 - 20), until)
    assert response.status_code == 303, Page(response).field_errors
    flash = " ".join(Page(signed_in.get(response.headers["Location"])).flashes)
    assert "загружен" in flash
    assert f"действует до {until:%d.%m.%Y}: подайте заявление на периодическую" in flash


def test_a_certificate_far_from_its_end_is_accepted_without_a_warning(signed_in):
    issued, until = TODAY - timedelta(days=30), TODAY + timedelta(days=900)
    response = certificate_upload(signed_in, issued, until)
    flash = " ".join(Page(signed_in.get(response.headers["Location"])).flashes)
    assert "загружен" in flash and "периодическую" not in flash


def test_a_certificate_issued_for_less_than_a_year_is_refused_and_the_form_kept(signed_in):
    issued = TODAY - timedelta(days=10)
    response = certificate_upload(signed_in, issued, issued + timedelta(days=364))
    assert response.status_code == 422
    assert "не меньше чем на 12 месяцев" in Page(response).field_error("valid_until")
    assert Page(response).form().fields["holder_name"] == "Иванова Мария Сергеевна"


def test_petrov_is_offered_the_periodic_application_first_with_its_last_day(doctor):
    doctor.log_in(EXPIRING_PHONE)
    until = TODAY + timedelta(days=20)
    dashboard = Page(doctor.web.get("/cabinet/"))
    assert f"до {until:%d.%m.%Y}" in dashboard.text_of("check-certificate")
    page = AccreditationPage(doctor.web.get(dashboard.links["Перейти к аккредитации"]))
    assert page.h1 == "Аккредитация" and page.procedures[0] == "periodic"
    assert f"Подать до {until:%d.%m.%Y}" in page.text_of("procedure-deadline")
    assert f"Последний день подачи — {until:%d.%m.%Y}" in page.text_of("last-day")
    reminders = Page(doctor.web.get("/cabinet/notifications")).texts_of("notification")
    assert any(f"на периодическую аккредитацию до {until:%d.%m.%Y}" in r for r in reminders)


def test_the_accreditation_page_lists_procedures_in_order_with_the_documents_present(signed_in):
    upload(signed_in, "passport", files.pdf(), "Паспорт.pdf")
    page = AccreditationPage(signed_in.get("/cabinet/accreditation"))
    assert page.procedures == ["periodic", "primary_specialized", "primary"]
    assert "Паспорт.pdf" in page.text_of("required-periodic-passport")
    missing = page.testid("upload-periodic-certificate")
    assert missing["href"] == "/cabinet/documents/certificate"
    assert page.form("/cabinet/applications/new").fields["kind"] == "periodic"


def test_an_expired_certificate_opens_a_restricted_cabinet_not_a_loop(doctor, live_idp, demo):
    set_certificate_end(live_idp, demo, DOCTOR_PHONE, TODAY - timedelta(days=3))
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == "/cabinet/"
    for path in RESTORING:
        assert doctor.web.get(path).status_code == 200, path
    dashboard = Page(doctor.web.get("/cabinet/"))
    assert "первичной специализированной" in dashboard.text_of("restricted-cabinet")
    checklist = Page(doctor.web.get("/checks"))
    assert "Пока нельзя подать заявление" not in checklist.text
    assert checklist.testid("check-certificate-link")["href"] == "/cabinet/accreditation"
    page = AccreditationPage(doctor.web.get("/cabinet/accreditation"))
    assert "больше недоступна" in page.text_of("procedure-closed")
    assert page.testids("start-periodic") == []
    assert page.procedures == ["primary_specialized", "primary", "periodic"]


def test_an_expired_certificate_starts_the_primary_specialized_application(doctor, live_idp, demo):
    set_certificate_end(live_idp, demo, DOCTOR_PHONE, TODAY - timedelta(days=3))
    doctor.log_in(DOCTOR_PHONE)
    page = Page(doctor.web.get("/cabinet/accreditation"))
    form = page.form("/cabinet/applications/new")
    started = doctor.web.post(form.action, data={**form.fields, "kind": "primary_specialized"})
    assert started.status_code == 303 and "/step/1" in started.headers["Location"]
    assert doctor.web.get(started.headers["Location"]).status_code == 200


def test_another_failure_beside_the_expired_certificate_keeps_the_cabinet_shut(
    doctor, live_idp, demo
):
    set_certificate_end(live_idp, demo, DOCTOR_PHONE, TODAY - timedelta(days=3), "suspended")
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == "/checks"
    for path in (*RESTORING, "/cabinet/accreditation"):
        response = doctor.web.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/checks", path


def test_only_a_failed_check_marked_restricted_opens_the_cabinet():
    ended = checks.current_certificate(
        {"valid_until": "2020-01-31", "number": "1"}, TODAY, "hr"
    )
    suspended = checks.current_certificate(
        {"valid_until": "2099-01-31", "status": "suspended"}, TODAY, "hr"
    )
    ok = checks.check("contacts", "ok", "ok")
    assert checks.restricted_cabinet([ended, ok])
    assert not checks.restricted_cabinet([ended, suspended])
    assert not checks.restricted_cabinet([ok])
    assert not checks.restricted_cabinet([{**ended, "restricted": False}])


def test_the_deadlines_follow_the_certificates_end():
    dates = accreditation.deadlines(date(2027, 3, 31), date(2026, 11, 26))
    assert (dates.opens, dates.advised, dates.days_left) == (
        date(2026, 3, 31),
        date(2027, 1, 31),
        125,
    )
    assert dates.window_open and not dates.expired
    assert not accreditation.deadlines(date(2028, 3, 31), date(2026, 11, 26)).window_open
    assert accreditation.deadlines(date(2026, 1, 1), date(2026, 11, 26)).expired
    assert accreditation.deadlines(None, date(2026, 11, 26)) is None
    assert accreditation.deadlines(date(2028, 4, 30), date(2026, 11, 26)).advised == date(
        2028, 2, 29
    )


def test_a_restricted_cabinet_opens_no_review_route(doctor, live_idp, demo):
    set_certificate_end(live_idp, demo, DOCTOR_PHONE, TODAY - timedelta(days=3))
    doctor.log_in(DOCTOR_PHONE)
    for path in ("/review/", "/review/applications", "/review/documents"):
        assert doctor.web.get(path).status_code == 403, path
