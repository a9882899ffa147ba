"""Deleting an education record: an «Удалить запись?» page first, then the POST that deletes."""

from datetime import date

import pytest
import requests
from sqlalchemy import select

from portal.clock import now
from portal.models import Doctor, EducationRecord, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

OTHER_DOCTOR_PHONE = "+79161234502"


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def record_of_the_doctor(cabinet) -> int:
    """A record entered straight into the database: no ФРМР call is needed to delete one."""
    with cabinet.app_context():
        owner = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        record = EducationRecord(
            doctor_id=owner.id,
            kind="diploma",
            number="ВСА 0412345",
            organisation="Первый МГМУ",
            issue_date=date(2009, 6, 30),
            created_at=now(),
        )
        db.session.add(record)
        db.session.commit()
        return record.id


def exists(cabinet, record_id: int) -> bool:
    with cabinet.app_context():
        return db.session.get(EducationRecord, record_id) is not None


def test_the_record_list_links_to_the_confirmation_page(signed_in, cabinet):
    record_id = record_of_the_doctor(cabinet)
    page = signed_in.get("/cabinet/education/").text
    assert f'href="/cabinet/education/{record_id}/delete" data-testid="delete-record"' in page
    assert f'action="/cabinet/education/{record_id}/delete"' not in page


def test_the_confirmation_page_asks_and_deletes_nothing(signed_in, cabinet):
    record_id = record_of_the_doctor(cabinet)
    page = signed_in.get(f"/cabinet/education/{record_id}/delete")
    assert page.status_code == 200
    assert "<title>Удалить запись?" in page.text and "<h1>Удалить запись?</h1>" in page.text
    assert "ВСА 0412345" in page.text and "Первый МГМУ" in page.text
    assert f'method="post" action="/cabinet/education/{record_id}/delete"' in page.text
    assert 'data-testid="confirm-delete"' in page.text
    assert 'href="/cabinet/education/"' in page.text  # «Нет, вернуться»
    assert exists(cabinet, record_id)


def test_confirming_deletes_the_record_and_says_so(signed_in, cabinet):
    record_id = record_of_the_doctor(cabinet)
    page = signed_in.get(f"/cabinet/education/{record_id}/delete")
    response = signed_in.post(
        f"/cabinet/education/{record_id}/delete", data={"csrf_token": Page(page.text).csrf_token}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet/education/"
    assert not exists(cabinet, record_id)
    assert "Запись удалена" in signed_in.get("/cabinet/education/").text


def test_a_confirmation_without_the_form_token_deletes_nothing(signed_in, cabinet):
    record_id = record_of_the_doctor(cabinet)
    response = signed_in.post(f"/cabinet/education/{record_id}/delete", data={})
    assert response.status_code == 303
    assert exists(cabinet, record_id)


def test_another_doctors_record_is_not_found_to_ask_or_to_delete(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    record_id = record_of_the_doctor(cabinet)
    doctor.gosuslugi.session = requests.Session()
    doctor.log_in(OTHER_DOCTOR_PHONE)
    page = doctor.web.get(f"/cabinet/education/{record_id}/delete")
    assert page.status_code == 404 and "ВСА 0412345" not in page.text
    token = Page(doctor.web.get("/cabinet/education/").text).csrf_token
    response = doctor.web.post(f"/cabinet/education/{record_id}/delete", data={"csrf_token": token})
    assert response.status_code == 404
    assert exists(cabinet, record_id)


def test_a_missing_record_is_not_found(signed_in):
    assert signed_in.get("/cabinet/education/999999/delete").status_code == 404
