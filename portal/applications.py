"""Мои заявки: drafts kept on the server step by step, idempotent submission, the journal."""

import json
import secrets
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select, update

from common.errors import ServiceError
from common.validators import is_valid_email, normalize_phone

from . import notify, qualification
from .clock import now
from .doc_types import BY_CODE
from .models import Application, ApplicationEvent, Doctor, Document, db

KINDS = {
    "primary": "Первичная аккредитация",
    "primary_specialized": "Первичная специализированная аккредитация",
    "periodic": "Периодическая аккредитация",
    "data_change": "Изменение данных",
}
STATUSES = {
    "draft": "Черновик",
    "submitted": "Заявление отправлено",
    "registered": "Зарегистрировано",
    "in_review": "На рассмотрении",
    "needs_fix": "Требуется исправление",
    "rejected": "Отклонено",
    "approved": "Одобрено",
    "cancelled": "Отменено",
}
FINAL = frozenset({"rejected", "approved", "cancelled"})
EDITABLE = frozenset({"draft", "needs_fix"})
CANCELLABLE = frozenset({"submitted", "registered"})
REQUIRED_DOCUMENTS = {
    "primary": ["passport", "snils", "diploma"],
    "primary_specialized": ["passport", "snils", "diploma", "residency"],
    "periodic": ["passport", "snils", "diploma", "certificate", "qualification", "portfolio"],
    "data_change": ["passport"],
}
STEPS = {
    1: "Идентификация",
    2: "Контактные данные",
    3: "Профессиональная информация",
    4: "Документы",
    5: "Подтверждение",
}


@cache
def specialties() -> list[str]:
    path = Path(__file__).resolve().parent / "data" / "specialties.json"
    return sorted({item["name"] for item in json.loads(path.read_text())})


def record(
    application: Application, actor: Doctor | None, to_status: str, comment: str = ""
) -> None:
    """Write the change to the journal and tell the doctor (in the cabinet and by e-mail)."""
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=actor.id if actor else None,
            from_status=application.status,
            to_status=to_status,
            comment=comment,
            created_at=now(),
        )
    )
    application.status, application.status_changed_at = to_status, now()
    application.updated_at = now()
    if to_status != "draft":
        owner = db.session.get(Doctor, application.doctor_id)
        title = f"Заявление {application.number}: {STATUSES[to_status]}"
        notify.notify(owner, title, comment, link=f"/cabinet/applications/{application.id}")


def owned(doctor: Doctor, application_id: int) -> Application | None:
    application = db.session.get(Application, application_id)
    return application if application and application.doctor_id == doctor.id else None


def drafts_of(doctor: Doctor) -> list[Application]:
    query = select(Application).where(
        Application.doctor_id == doctor.id, Application.status == "draft"
    )
    return list(db.session.scalars(query.order_by(Application.updated_at.desc())))


def identity(doctor: Doctor) -> dict:
    return {
        "last_name": doctor.last_name,
        "first_name": doctor.first_name,
        "middle_name": doctor.middle_name,
        "snils": doctor.snils,
        "birth_date": doctor.birth_date.isoformat() if doctor.birth_date else None,
    }


def start(doctor: Doctor, kind: str, prefill: dict | None = None) -> Application:
    """The doctor's draft of this kind: the existing one, or a new one (one per kind)."""
    if kind not in KINDS:
        raise ServiceError("kind", "Выберите вид аккредитации")
    existing = next((a for a in drafts_of(doctor) if a.kind == kind), None)
    if existing:
        return existing
    moment = now()
    data = {"phone": doctor.phone or "", "email": doctor.email or "", **(prefill or {})}
    application = Application(
        doctor_id=doctor.id,
        kind=kind,
        data=data,
        created_at=moment,
        status_changed_at=moment,
        updated_at=moment,
    )
    db.session.add(application)
    db.session.commit()
    return application


def check_identity(doctor: Doctor, values: dict) -> dict:
    if not values.get("confirm"):
        raise ServiceError("confirm", "Подтвердите, что данные верны")
    check = next((c for c in doctor.checks if c["name"] == "snils"), None)
    if check and check["status"] == "fail":
        raise ServiceError("confirm", f"{check['title']}. {check['action']}")
    return {"identity": identity(doctor)}


def check_contacts(doctor: Doctor, values: dict) -> dict:
    phone = normalize_phone(values.get("phone", ""))
    if not phone:
        raise ServiceError("phone", "Введите мобильный номер в формате +7 9XX XXX-XX-XX")
    email = (values.get("email") or "").strip()
    if not is_valid_email(email):
        raise ServiceError("email", "Введите адрес почты в формате name@example.ru")
    return {"phone": phone, "email": email.lower()}


def check_professional(doctor: Doctor, values: dict, kind: str) -> dict:
    if values.get("specialty") not in specialties():
        raise ServiceError("specialty", "Выберите специальность из списка")
    workplace = (values.get("workplace") or "").strip()
    if not workplace:
        raise ServiceError("workplace", "Введите место работы")
    licence = (values.get("licence_number") or "").strip()
    if not licence:
        raise ServiceError(
            "licence_number",
            "Без номера лицензии организации заявление не "
            "сохранить. Номер есть в реестре лицензий Росздравнадзора или в "
            "отделе кадров",
        )
    if kind == "periodic" and qualification.certificate_expired(doctor):
        raise ServiceError(
            "specialty",
            "Срок вашего сертификата истёк: периодическая "
            "аккредитация недоступна. Подайте заявление на первичную "
            "специализированную аккредитацию",
        )
    return {"specialty": values["specialty"], "workplace": workplace, "licence_number": licence}


def check_documents(doctor: Doctor, values: dict, kind: str) -> dict:
    chosen = {int(i) for i in values.get("documents", []) if str(i).isdigit()}
    mine = {
        d.id: d for d in db.session.scalars(select(Document).where(Document.doctor_id == doctor.id))
    }
    if not chosen <= set(mine):
        raise ServiceError("documents", "Выберите документы из списка")
    types = {mine[i].doc_type for i in chosen}
    missing = [BY_CODE[t].title for t in REQUIRED_DOCUMENTS[kind] if t not in types]
    if missing:
        raise ServiceError("documents", "Приложите: " + ", ".join(missing))
    if not values.get("pd_consent"):
        raise ServiceError("pd_consent", "Дайте согласие на обработку персональных данных")
    return {"documents": sorted(chosen), "pd_consent": True}


def save_step(doctor: Doctor, application: Application, step: int, values: dict) -> None:
    """Check one step and keep it in the draft; the next step opens only after this one."""
    if application.status not in EDITABLE:
        raise ServiceError("step", "Это заявление уже нельзя изменить")
    if step > application.step:
        raise ServiceError("step", "Сначала заполните предыдущие шаги")
    checks = {
        1: lambda: check_identity(doctor, values),
        2: lambda: check_contacts(doctor, values),
        3: lambda: check_professional(doctor, values, application.kind),
        4: lambda: check_documents(doctor, values, application.kind),
    }
    saved = checks[step]()
    if step == 4:
        application.document_ids = saved.pop("documents")
    application.data = {**application.data, **saved}
    application.step = max(application.step, step + 1)
    application.updated_at = now()
    db.session.commit()


def submission_key(application: Application) -> str:
    """A key for the confirmation form, so a repeated submission is recognised as one."""
    used = application.submission_key.endswith(":used")
    if application.status in EDITABLE and (not application.submission_key or used):
        application.submission_key = secrets.token_urlsafe(24)
        db.session.commit()
    return application.submission_key


def claim(application: Application, key: str) -> bool:
    """Mark the key used in one conditional UPDATE: only one request of a double click wins."""
    claimed = db.session.execute(
        update(Application)
        .where(
            Application.id == application.id,
            Application.status.in_(EDITABLE),
            Application.submission_key == key,
        )
        .values(submission_key=f"{key}:used")
    ).rowcount
    db.session.commit()
    db.session.refresh(application)
    return claimed == 1


def send_documents_for_review(doctor: Doctor, application: Application) -> None:
    """The documents of a submitted application go to the reviewers («На проверке»)."""
    for document_id in application.document_ids:
        document = db.session.get(Document, document_id)
        if (
            document
            and document.doctor_id == doctor.id
            and document.status in ("uploaded", "needs_clarification")
        ):
            document.status, document.updated_at = "in_review", now()


def submit(doctor: Doctor, application: Application, key: str, confirmed: bool) -> Application:
    """Send the application once, however many times the button is pressed or retried."""
    if application.submission_key == f"{key}:used":
        return application  # this very submission already went through
    if application.status not in EDITABLE:
        raise ServiceError("confirm", "Это заявление уже отправлено")
    if application.step < 5:
        raise ServiceError("step", "Сначала заполните все шаги")
    if not confirmed:
        raise ServiceError("confirm", "Подтвердите, что сведения верны")
    if not claim(application, key):
        if application.submission_key == f"{key}:used":
            return application
        raise ServiceError("confirm", "Форма устарела: проверьте данные и отправьте ещё раз")
    application.number = application.number or f"АК-{now().year}-{application.id:06d}"
    application.submitted_at = now()
    send_documents_for_review(doctor, application)
    record(application, doctor, "submitted")
    record(application, None, "registered", "Заявление зарегистрировано автоматически")
    db.session.commit()
    return application


def cancel(doctor: Doctor, application: Application) -> None:
    if application.status not in CANCELLABLE:
        raise ServiceError("cancel", "Отменить можно только до начала рассмотрения")
    changed = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status.in_(CANCELLABLE))
        .values(updated_at=now())
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise ServiceError("cancel", "Заявление уже взяли на рассмотрение")
    record(application, doctor, "cancelled", "Отменено заявителем")
    db.session.commit()


def repeat(doctor: Doctor, application: Application) -> Application:
    """A new draft prefilled from a rejected application."""
    if application.status != "rejected":
        raise ServiceError("repeat", "Повторное заявление подают после отказа")
    draft = start(
        doctor,
        application.kind,
        {
            k: v
            for k, v in application.data.items()
            if k in ("phone", "email", "specialty", "workplace", "licence_number")
        },
    )
    draft.repeat_of_id = application.id
    db.session.commit()
    return draft


def working_days_between(start_day: date, end_day: date) -> int:
    days, current = 0, start_day
    while current < end_day:
        current += timedelta(days=1)
        days += current.weekday() < 5
    return days


def overdue(application: Application, service_days: int, today: date | None = None) -> bool:
    """Still not decided after the service time (working days since submission)."""
    if application.status not in ("submitted", "registered", "in_review"):
        return False
    submitted: datetime | None = application.submitted_at
    return (
        bool(submitted)
        and working_days_between(submitted.date(), today or now().date()) > service_days
    )


def journal(application: Application) -> list[ApplicationEvent]:
    query = select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
    return list(db.session.scalars(query.order_by(ApplicationEvent.id)))
