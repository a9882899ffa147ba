"""What a trainer shows with the cabinet's tester API: a certificate reminder for one doctor, the
35-working-day overdue notice, a fresh start between classes, and a snapshot put back with its
encrypted files."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.models import Doctor, DocumentVersion, Notification, db
from tests import files
from tests.support.cabinet import current_version, doctor_record, submitted, upload
from tests.support.cabinet_tester import CabinetTester
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.pages import Page

COLLEAGUE_OID = 1000000999
DAY = 24 * 3600
SEVEN_WEEKS = 49  # days holding exactly 35 working days, whatever the weekday of submission


@pytest.fixture
def tester(cabinet) -> CabinetTester:
    return CabinetTester(cabinet.test_client())


def doctor_row(cabinet, oid: int) -> Doctor:
    with cabinet.app_context():
        found = db.session.scalar(select(Doctor).where(Doctor.esia_oid == oid))
        db.session.expunge(found)
        return found


def certificate_notices(cabinet, oid: int) -> list[str]:
    with cabinet.app_context():
        query = select(Notification.title).join(Doctor).where(Doctor.esia_oid == oid)
        return [t for t in db.session.scalars(query) if "ертификат" in t]


def stored_file(cabinet, file_id: str) -> Path:
    return Path(cabinet.config["DATA_DIR"]) / "files" / f"{file_id}.bin"


def colleague_with_certificate_until(cabinet, until: date) -> None:
    """Another doctor whose certificate ends the same day as the demo doctor's."""
    with cabinet.app_context():
        db.session.add(doctor_record(esia_oid=COLLEAGUE_OID, certificate_valid_until=until))
        db.session.commit()


def rows(cabinet, model) -> int:
    with cabinet.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_moving_one_doctors_clock_makes_the_daily_run_remind_that_doctor_only(
    doctor, cabinet, demo, tester
):
    doctor.log_in(DOCTOR_PHONE)
    me = doctor_row(cabinet, demo[DOCTOR_PHONE])
    until = me.certificate_valid_until
    colleague_with_certificate_until(cabinet, until)
    tester.set_doctor(me.esia_oid, until - timedelta(days=30))
    result = cabinet.test_cli_runner().invoke(args=["remind-certificates"])
    assert result.exit_code == 0 and "doctors checked: 2" in result.output
    expected = f"Сертификат действует до {until:%d.%m.%Y}: осталось 30 дн."
    assert certificate_notices(cabinet, me.esia_oid) == [expected]
    assert certificate_notices(cabinet, COLLEAGUE_OID) == []
    assert [e["subject"] for e in tester.emails(me.email)] == [expected]


def test_the_reminder_on_expiry_comes_on_the_doctors_day_of_expiry(doctor, cabinet, demo, tester):
    doctor.log_in(DOCTOR_PHONE)
    until = doctor_row(cabinet, demo[DOCTOR_PHONE]).certificate_valid_until
    tester.set_doctor(demo[DOCTOR_PHONE], until - timedelta(days=1))
    cabinet.test_cli_runner().invoke(args=["remind-certificates"])
    tester.set_doctor(demo[DOCTOR_PHONE], until)
    cabinet.test_cli_runner().invoke(args=["remind-certificates"])
    assert certificate_notices(cabinet, demo[DOCTOR_PHONE]) == [
        f"Сертификат действует до {until:%d.%m.%Y}: осталось 1 дн.",
        f"Срок сертификата истёк {until:%d.%m.%Y}",
    ]


def test_the_overdue_notice_appears_after_35_working_days_on_the_doctors_clock(
    doctor, cabinet, demo, tester
):
    doctor.log_in(DOCTOR_PHONE)
    case = f"/cabinet/applications/{submitted(doctor.web, cabinet)}"
    tester.advance_doctor(demo[DOCTOR_PHONE], SEVEN_WEEKS * DAY)
    on_time = doctor.web.get(case)
    assert on_time.status_code == 200, "moving the doctor's clock keeps them logged in"
    assert Page(on_time).testids("overdue-notice") == []
    tester.advance_doctor(demo[DOCTOR_PHONE], 3 * DAY)
    late = Page(doctor.web.get(case)).text_of("overdue-notice")
    assert "35 рабочих дней" in late
    doctor.switch_to(REVIEWER_PHONE)
    queue = Page(doctor.web.get("/review/applications")).texts_of("queue-row")
    assert "просрочено" in queue[0], "the reviewer counts the case on its applicant's clock"


def test_the_overdue_notice_follows_the_global_clock_too(doctor, cabinet, demo, tester):
    doctor.log_in(DOCTOR_PHONE)
    case = f"/cabinet/applications/{submitted(doctor.web, cabinet)}"
    tester.advance((SEVEN_WEEKS + 3) * DAY)
    doctor.log_in(DOCTOR_PHONE)  # fifty days on, the session has long expired
    assert "35 рабочих дней" in Page(doctor.web.get(case)).text_of("overdue-notice")


def test_a_reset_between_classes_wipes_the_cabinet_and_its_files(doctor, cabinet, demo, tester):
    doctor.log_in(DOCTOR_PHONE)
    assert upload(doctor.web, "passport", files.pdf()).status_code == 303
    kept = stored_file(cabinet, current_version(cabinet).file_id)
    tester.advance_doctor(demo[DOCTOR_PHONE], DAY)
    tester.save("before-reset")
    done = tester.reset()
    assert done["removed"]["doctor"] == 1 and done["removed"]["stored_file"] == 1
    assert done["clock"]["offset_seconds"] == 0
    assert tester.doctor_clock(demo[DOCTOR_PHONE])["offset_seconds"] == 0
    assert not kept.exists()
    assert rows(cabinet, Doctor) == 0 and rows(cabinet, DocumentVersion) == 0
    assert doctor.web.get("/cabinet/").status_code == 302, "the old session ended"
    assert [s["name"] for s in tester.snapshots()] == ["before-reset"]
    tester.call("DELETE", "/snapshots/before-reset", 204)
    assert tester.snapshots() == []


def test_a_snapshot_puts_back_the_documents_and_files_as_they_were(doctor, cabinet, tester):
    doctor.log_in(DOCTOR_PHONE)
    passport = files.pdf(padding=1000)
    upload(doctor.web, "passport", passport)
    first = current_version(cabinet)
    saved = tester.save("class-start")
    assert saved["files"] == 1 and saved["rows"]["document_version"] == 1
    upload(doctor.web, "snils", files.pdf())
    later = stored_file(cabinet, current_version(cabinet).file_id)
    tester.restore("class-start")
    assert not later.exists(), "a file the restored state does not know is removed"
    assert rows(cabinet, DocumentVersion) == 1
    download = doctor.web.get(f"/cabinet/documents/file/{first.id}")
    assert download.status_code == 200 and download.data == passport
    tester.call("DELETE", "/snapshots/class-start", 204)


def test_sweeping_files_after_a_reset_never_takes_what_a_snapshot_needs(
    doctor, cabinet, demo, tester
):
    doctor.log_in(DOCTOR_PHONE)
    passport = files.pdf(padding=2000)
    upload(doctor.web, "passport", passport)
    first = current_version(cabinet)
    tester.advance_doctor(demo[DOCTOR_PHONE], 5 * DAY)
    tester.save("class-start")
    tester.reset()
    swept = cabinet.test_cli_runner().invoke(args=["sweep-files", "--older-than", "0"])
    assert swept.exit_code == 0
    restored = tester.restore("class-start")
    assert restored["rows"]["doctor"] == 1
    assert tester.doctor_clock(demo[DOCTOR_PHONE])["offset_seconds"] == 5 * DAY
    doctor.log_in(DOCTOR_PHONE)
    download = doctor.web.get(f"/cabinet/documents/file/{first.id}")
    assert download.status_code == 200 and download.data == passport
    tester.call("DELETE", "/snapshots/class-start", 204)


def test_a_doctors_clock_dates_their_notifications(doctor, cabinet, demo, tester):
    doctor.log_in(DOCTOR_PHONE)
    until = doctor_row(cabinet, demo[DOCTOR_PHONE]).certificate_valid_until
    tester.set_doctor(demo[DOCTOR_PHONE], until - timedelta(days=7))
    cabinet.test_cli_runner().invoke(args=["remind-certificates"])
    with cabinet.app_context():
        dated = db.session.scalar(select(Notification.created_at).order_by(Notification.id.desc()))
    assert dated.date() == until - timedelta(days=7) != date.today()


def test_a_login_checks_the_certificate_and_reminds_on_the_doctors_own_clock(
    doctor, cabinet, demo, tester
):
    """Set a doctor's clock 7 days before the certificate ends, before they ever log in: the
    login's own reminder uses that day, not the machine's."""
    doctor.log_in(DOCTOR_PHONE)
    until = doctor_row(cabinet, demo[DOCTOR_PHONE]).certificate_valid_until
    tester.set_doctor(demo[DOCTOR_PHONE], until - timedelta(days=7))
    doctor.switch_to(DOCTOR_PHONE)
    assert f"Сертификат действует до {until:%d.%m.%Y}: осталось 7 дн." in certificate_notices(
        cabinet, demo[DOCTOR_PHONE]
    )
