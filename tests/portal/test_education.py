"""Образование и квалификация: ФРМР checks named per document, the hours rule, reminders."""

from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import select

from portal import qualification
from portal.models import Doctor, EducationRecord, Notification, OutgoingEmail, db
from tests.support.cabinet import add_record
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page


def test_a_diploma_matching_frmr_is_verified(signed_in):
    response = add_record(signed_in)
    assert response.status_code == 303
    page = signed_in.get("/cabinet/education/")
    assert "Совпадает с ФРМР" in Page(page).text and "Диплом подтверждён ФРМР" in Page(page).text


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        ({"number": "ВСА 9999999"}, "Диплом: номер не совпадает с ФРМР"),
        ({"issue_date": "01.07.2009"}, "Диплом: дата выдачи не совпадает с ФРМР"),
        (
            {
                "kind": "qualification",
                "number": "772412345678",
                "hours": "144",
                "issue_date": (date.today() - timedelta(days=int(365 * 3.5))).strftime("%d.%m.%Y"),
            },
            "Повышение: число часов не совпадает с ФРМР",
        ),
    ],
)
def test_a_mismatch_is_named_per_document(signed_in, fields, note):
    add_record(signed_in, **fields)
    page = signed_in.get("/cabinet/education/")
    assert any(text.startswith(f"✗ {note}") for text in Page(page).texts_of("mismatch"))


def test_a_record_unknown_to_frmr_says_so(signed_in, live_idp, demo):
    registry = requests.get(
        f"{live_idp.url}/_mock/api/personas/{demo[DOCTOR_PHONE]}", timeout=5
    ).json()["registry"]
    registry["frmr"]["education"] = []
    requests.patch(
        f"{live_idp.url}/_mock/api/personas/{demo[DOCTOR_PHONE]}",
        json={"registry": registry},
        timeout=5,
    )
    add_record(signed_in)
    assert "Диплом: нет в ФРМР" in Page(signed_in.get("/cabinet/education/")).text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": ""}, "Выберите вид документа"),
        ({"number": ""}, "Введите номер документа"),
        ({"issue_date": ""}, "Введите дату выдачи"),
        ({"issue_date": "01.01.2099"}, "не может быть в будущем"),
        ({"kind": "qualification", "hours": ""}, "Введите число часов"),
        ({"kind": "qualification", "hours": "-5"}, "Введите число часов"),
        ({"document_id": "999"}, "Выберите документ из списка"),
    ],
)
def test_bad_records_are_refused_next_to_the_field(signed_in, cabinet, fields, message):
    response = add_record(signed_in, organisation="Организация-которую-я-ввёл", **fields)
    assert response.status_code == 422
    assert message in Page(response).field_error(list(fields)[-1])
    assert Page(response).form().fields["organisation"] == "Организация-которую-я-ввёл"
    with cabinet.app_context():
        assert db.session.scalar(select(EducationRecord)) is None


def test_importing_from_frmr_brings_every_record_once_all_verified(signed_in, cabinet):
    token = Page(signed_in.get("/cabinet/education/").text).csrf_token
    signed_in.post("/cabinet/education/import", data={"csrf_token": token})
    signed_in.post("/cabinet/education/import", data={"csrf_token": token})
    with cabinet.app_context():
        records = db.session.scalars(select(EducationRecord)).all()
        assert len(records) == 4 and {r.frmr_status for r in records} == {"verified"}


def test_the_hours_rule_counts_the_last_five_years(signed_in):
    token = Page(signed_in.get("/cabinet/education/").text).csrf_token
    signed_in.post("/cabinet/education/import", data={"csrf_token": token})
    page = signed_in.get("/cabinet/education/")
    assert "Всего: 108 ч — требуется не меньше 144 ч" in Page(page).text
    shortfall = "Не хватает часов: нужно ещё 36 ч., из них повышения квалификации 0 ч."
    assert shortfall in Page(page).text
    recent = (date.today() - timedelta(days=30)).strftime("%d.%m.%Y")
    add_record(signed_in, kind="nmo", number="", hours="36", issue_date=recent)
    assert "✓ Часов достаточно" in Page(signed_in.get("/cabinet/education/")).text


def test_hours_older_than_five_years_do_not_count(cabinet):
    today = date(2026, 11, 26)
    old = EducationRecord(kind="qualification", hours=144, issue_date=date(2021, 11, 1))
    fresh = EducationRecord(kind="qualification", hours=74, issue_date=date(2024, 1, 1))
    nmo = EducationRecord(kind="nmo", hours=70, issue_date=date(2025, 1, 1))
    with cabinet.app_context():
        result = qualification.hours([old, fresh, nmo], today)
    assert (result.total, result.courses, result.met) == (144, 74, True)


def test_another_doctor_cannot_delete_my_record(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    add_record(doctor.web)
    with cabinet.app_context():
        record_id = db.session.scalar(select(EducationRecord.id))
    doctor.gosuslugi.session = requests.Session()
    doctor.log_in("+79161234502")
    token = Page(doctor.web.get("/cabinet/education/").text).csrf_token
    doctor.web.post(f"/cabinet/education/{record_id}/delete", data={"csrf_token": token})
    with cabinet.app_context():
        assert db.session.get(EducationRecord, record_id) is not None


def reminders_for(cabinet, until: date, today: date) -> list[str]:
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor))
        doctor.certificate_valid_until = until
        qualification.remind_about_certificate(doctor, today)
        db.session.commit()
        return [n.title for n in db.session.scalars(select(Notification).order_by(Notification.id))]


def test_certificate_reminders_come_at_90_30_7_days_and_on_expiry_once_each(signed_in, cabinet):
    until = date(2027, 6, 1)
    for days_before in (120, 90, 89, 30, 7, 6, 0, -3):
        titles = reminders_for(cabinet, until, until - timedelta(days=days_before))
    assert titles == [
        "Сертификат действует до 01.06.2027: осталось 90 дн.",
        "Сертификат действует до 01.06.2027: осталось 30 дн.",
        "Сертификат действует до 01.06.2027: осталось 7 дн.",
        "Срок сертификата истёк 01.06.2027",
    ]
    with cabinet.app_context():
        assert len(db.session.scalars(select(OutgoingEmail)).all()) == 4


def test_the_daily_command_reminds_every_doctor_due(signed_in, cabinet):
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor))
        doctor.certificate_valid_until = date.today() + timedelta(days=5)
        db.session.commit()
    result = cabinet.test_cli_runner().invoke(args=["remind-certificates"])
    assert "doctors checked: 1" in result.output
    with cabinet.app_context():
        titles = [n.title for n in db.session.scalars(select(Notification))]
    assert any("осталось 5 дн." in t for t in titles)


def test_an_expired_certificate_is_explained_in_the_profile(signed_in, cabinet):
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor))
        doctor.certificate_valid_until = date.today() - timedelta(days=1)
        db.session.commit()
    page = signed_in.get("/cabinet/education/")
    assert "Периодическая аккредитация недоступна" in Page(page).text
