"""The application wizard: its steps, the rules of each, and the draft kept on the server."""

import json
from functools import cache
from pathlib import Path

from sqlalchemy import select

from common.errors import ServiceError
from common.validators import is_valid_email, normalize_phone

from . import qualification, states
from .clock import now
from .doc_types import BY_CODE
from .models import Application, Doctor, Document, db

STEPS = {
    1: "Идентификация",
    2: "Контактные данные",
    3: "Профессиональная информация",
    4: "Документы",
    5: "Подтверждение",
}
LAST_STEP = max(STEPS)  # the confirmation: it submits instead of saving
DOCUMENTS_STEP = 4
REQUIRED_DOCUMENTS = {
    "primary": ["passport", "snils", "diploma"],
    "primary_specialized": ["passport", "snils", "diploma", "residency"],
    "periodic": ["passport", "snils", "diploma", "certificate", "qualification", "portfolio"],
    "data_change": ["passport"],
}


def resume_step(application: Application) -> int:
    """Where the doctor goes on: the first step not yet saved, or the confirmation."""
    return min(application.step, LAST_STEP)


def all_steps_saved(application: Application) -> bool:
    return application.step >= LAST_STEP


@cache
def specialties() -> list[str]:
    path = Path(__file__).resolve().parent / "data" / "specialties.json"
    return sorted({item["name"] for item in json.loads(path.read_text())})


def identity(doctor: Doctor) -> dict:
    return {
        "last_name": doctor.last_name,
        "first_name": doctor.first_name,
        "middle_name": doctor.middle_name,
        "snils": doctor.snils,
        "birth_date": doctor.birth_date.isoformat() if doctor.birth_date else None,
    }


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


def checked_step(doctor: Doctor, application: Application, step: int, values: dict) -> dict:
    checks = {
        1: lambda: check_identity(doctor, values),
        2: lambda: check_contacts(doctor, values),
        3: lambda: check_professional(doctor, values, application.kind),
        DOCUMENTS_STEP: lambda: check_documents(doctor, values, application.kind),
    }
    return checks[step]()


def save_step(doctor: Doctor, application: Application, step: int, values: dict) -> None:
    """Check one step and keep it in the draft; the next step opens only after this one."""
    if not states.can_edit(application):
        raise ServiceError("step", "Это заявление уже нельзя изменить")
    if step > application.step:
        raise ServiceError("step", "Сначала заполните предыдущие шаги")
    saved = checked_step(doctor, application, step, values)
    if step == DOCUMENTS_STEP:
        application.document_ids = saved.pop("documents")
    application.data = {**application.data, **saved}
    application.step = max(application.step, step + 1)
    application.updated_at = now()
    db.session.commit()
