"""Образование и квалификация: records checked against ФРМР, the hours rule, expiry reminders."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from common.errors import ServiceError

from . import clock, notify, registries
from .clock import now
from .models import Doctor, Document, EducationRecord, db

KINDS = {
    "diploma": "Диплом о медицинском образовании",
    "residency": "Ординатура или интернатура",
    "qualification": "Повышение квалификации",
    "nmo": "Образовательные элементы НМО",
}
HOURS_KINDS = ("qualification", "nmo")
REMINDER_DAYS = (90, 30, 7, 0)


@dataclass(frozen=True)
class Hours:
    total: int
    courses: int
    needed_total: int
    needed_courses: int

    @property
    def met(self) -> bool:
        return self.total >= self.needed_total and self.courses >= self.needed_courses


def records_of(doctor: Doctor) -> list[EducationRecord]:
    query = select(EducationRecord).where(EducationRecord.doctor_id == doctor.id)
    return list(db.session.scalars(query.order_by(EducationRecord.issue_date.desc())))


def frmr_record(doctor: Doctor) -> dict | None:
    return registries.frmr_worker(doctor.snils)


def normalise(value: str) -> str:
    return "".join(value.upper().split())


def verify(record: EducationRecord, registry: list[dict]) -> None:
    """Compare with ФРМР and name the mismatch: «Диплом: номер не совпадает с ФРМР»."""
    same_kind = [r for r in registry if r.get("kind") == record.kind]
    label = KINDS[record.kind].split(" ")[0] if record.kind != "nmo" else "НМО"
    if record.kind == "nmo":
        record.frmr_status, record.frmr_note = (
            "unchecked",
            "НМО сверяется на портале edu.rosminzdrav.ru",
        )
        return
    if not same_kind:
        record.frmr_status, record.frmr_note = "not_found", f"{label}: нет в ФРМР"
        return
    match = next((r for r in same_kind if normalise(r["number"]) == normalise(record.number)), None)
    if match is None:
        record.frmr_status, record.frmr_note = "mismatch", f"{label}: номер не совпадает с ФРМР"
    elif record.issue_date and match.get("issue_date") != record.issue_date.isoformat():
        record.frmr_status, record.frmr_note = (
            "mismatch",
            f"{label}: дата выдачи не совпадает с ФРМР",
        )
    elif record.kind == "qualification" and match.get("hours") != record.hours:
        record.frmr_status, record.frmr_note = (
            "mismatch",
            f"{label}: число часов не совпадает с ФРМР",
        )
    else:
        record.frmr_status, record.frmr_note = "verified", "Совпадает с ФРМР"


def check_record(doctor: Doctor, record: EducationRecord) -> None:
    if record.kind not in KINDS:
        raise ServiceError("kind", "Выберите вид документа")
    if not record.number.strip() and record.kind != "nmo":
        raise ServiceError("number", "Введите номер документа")
    if record.issue_date is None:
        raise ServiceError("issue_date", "Введите дату выдачи")
    if record.issue_date > now().date():
        raise ServiceError("issue_date", "Дата выдачи не может быть в будущем")
    if record.kind in HOURS_KINDS and not (record.hours and 0 < record.hours <= 3000):
        raise ServiceError("hours", "Введите число часов, например 36")
    if record.document_id is not None:
        document = db.session.get(Document, record.document_id)
        if document is None or document.doctor_id != doctor.id:
            raise ServiceError("document_id", "Выберите документ из списка")


def add(doctor: Doctor, record: EducationRecord) -> EducationRecord:
    """Check a record the doctor entered, verify it with ФРМР and keep it."""
    check_record(doctor, record)
    record.doctor_id, record.created_at = doctor.id, now()
    verify(record, (frmr_record(doctor) or {}).get("education", []))
    db.session.add(record)
    db.session.commit()
    return record


def import_from_frmr(doctor: Doctor) -> int:
    """Bring in what ФРМР knows and the doctor has not entered yet; returns how many."""
    registry = (frmr_record(doctor) or {}).get("education", [])
    known = {(r.kind, normalise(r.number)) for r in records_of(doctor)}
    added = 0
    for item in registry:
        if (item.get("kind"), normalise(item.get("number", ""))) in known:
            continue
        record = EducationRecord(
            doctor_id=doctor.id,
            kind=item["kind"],
            number=item.get("number", ""),
            organisation=item.get("organisation", ""),
            specialty=item.get("specialty", ""),
            hours=item.get("hours"),
            issue_date=date.fromisoformat(item["issue_date"]),
            created_at=now(),
        )
        verify(record, registry)
        db.session.add(record)
        added += 1
    db.session.commit()
    return added


def record_of(doctor: Doctor, record_id: int) -> EducationRecord | None:
    """The doctor's own record, or None (another doctor's record is as good as absent)."""
    record = db.session.get(EducationRecord, record_id)
    return record if record is not None and record.doctor_id == doctor.id else None


def remove(record: EducationRecord) -> None:
    db.session.delete(record)
    db.session.commit()


def hours(records: list[EducationRecord], today: date) -> Hours:
    """The periodic accreditation rule: hours in the last 5 years, and how many were courses."""
    since = today - timedelta(days=5 * 365)
    recent = [
        r for r in records if r.kind in HOURS_KINDS and r.issue_date and r.issue_date >= since
    ]
    config = current_app.config
    return Hours(
        total=sum(r.hours or 0 for r in recent),
        courses=sum(r.hours or 0 for r in recent if r.kind == "qualification"),
        needed_total=config["HOURS_TOTAL"],
        needed_courses=config["HOURS_COURSES"],
    )


def profile(doctor: Doctor, records: list[EducationRecord]) -> dict:
    """What is verified, for the doctor and for the application wizard."""
    certificate = next((c for c in doctor.checks if c["name"] == "certificate"), None)
    return {
        "diploma": confirmed(records, "diploma"),
        "residency": confirmed(records, "residency"),
        "certificate_until": doctor.certificate_valid_until,
        "certificate_status": certificate["status"] if certificate else None,
        "certificate_expired": certificate_expired(doctor),
        "hours": hours(records, now().date()),
        "mismatches": [r.frmr_note for r in records if r.frmr_status == "mismatch"],
    }


def confirmed(records: list[EducationRecord], kind: str) -> bool:
    """ФРМР confirms the kind only while no record of it disagrees with ФРМР: a verified diploma
    beside a mistyped one is not shown as confirmed next to the mismatch."""
    of_kind = [r.frmr_status for r in records if r.kind == kind]
    return "verified" in of_kind and "mismatch" not in of_kind


def certificate_expired(doctor: Doctor) -> bool:
    until = doctor.certificate_valid_until
    return until is not None and until < now().date()


def remind_about_certificate(doctor: Doctor, today: date | None = None) -> None:
    """Notify at 90, 30 and 7 days before the certificate ends, and when it has ended; `today`
    is the doctor's own unless given."""
    today = today or clock.now_for(doctor).date()
    until = doctor.certificate_valid_until
    if until is None:
        return
    left = (until - today).days
    due = [d for d in REMINDER_DAYS if left <= d]
    if not due:
        return
    threshold = min(due)
    if threshold == 0:
        title = f"Срок сертификата истёк {until:%d.%m.%Y}"
        body = (
            "Периодическая аккредитация по этому сертификату больше недоступна. Подайте "
            "заявление на первичную специализированную аккредитацию."
        )
    else:
        title = f"Сертификат действует до {until:%d.%m.%Y}: осталось {left} дн."
        body = f"Подайте заявление на периодическую аккредитацию до {until:%d.%m.%Y}."
    notify.notify(
        doctor,
        title,
        body,
        link="/cabinet/accreditation",
        key=f"certificate:{until.isoformat()}:{threshold}",
    )


def remind_everyone() -> int:
    """The daily run (cron): reminders for every doctor whose certificate end is near, each on
    the doctor's own clock."""
    furthest_ahead = max([0, *clock.doctors_moved().values()])
    latest = clock.now(for_oid=clock.EVERYONE) + timedelta(seconds=furthest_ahead)
    horizon = latest.date() + timedelta(days=max(REMINDER_DAYS))
    query = select(Doctor).where(Doctor.certificate_valid_until <= horizon)
    doctors = list(db.session.scalars(query))
    for doctor in doctors:
        remind_about_certificate(doctor)
    db.session.commit()
    return len(doctors)
