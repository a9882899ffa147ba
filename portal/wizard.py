"""The application wizard: its steps, the rules of each, and the draft kept on the server."""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from common import formats
from common.errors import ServiceError
from common.validators import is_valid_email, normalize_phone

from . import documents, qualification, registries, states
from .clock import now
from .doc_types import BY_CODE, DocType
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


# The register's number since 2021 (Л041-01137-77/00368012) and the older licences
# (ЛО-77-01-012345; ФС-99-01-001234 for federal clinics), as Росздравнадзор writes them.
LICENCE_FORMATS = (
    re.compile(r"Л\d{3}-\d{5}-\d{2}/\d{8}"),
    re.compile(r"(ЛО|ФС)-\d{2}-\d{2}-\d{6}"),
)
# People type the letters in Latin on an English keyboard.
LOOKALIKES = str.maketrans("LOFSC", "ЛОФСС")
LICENCE_EXAMPLES = "Л041-01137-77/00368012 или ЛО-77-01-012345"
FROM_ESIA = "Из Госуслуг"
FROM_FRMR = "Из Федерального регистра медицинских работников (ФРМР)"
FROM_LICENCES = "Из реестра лицензий Росздравнадзора"


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


def licence_number(value: str) -> str | None:
    """The licence number as the register writes it, or None if it is not one."""
    typed = "".join(value.split()).upper().translate(LOOKALIKES)
    return typed if any(f.fullmatch(typed) for f in LICENCE_FORMATS) else None


def registry_record(name: str, snils: str | None) -> dict | None:
    return registries.record(registries.PATHS[name].format(snils)) if snils else None


def known_professional(doctor: Doctor) -> dict[str, tuple[str, str]]:
    """What ФРМР and the licence registry know for step 3: field -> (value, its source);
    nothing when they do not answer, and the doctor types it."""
    try:
        frmr = registry_record("frmr", doctor.snils) or {}
        licence = registry_record("licence", doctor.snils) or {}
    except registries.RegistryUnavailable:
        return {}
    certificates = sorted(frmr.get("certificates", []), key=lambda c: c.get("valid_until", ""))
    specialty = certificates[-1].get("specialty") if certificates else None
    known = {
        "specialty": (specialty if specialty in specialties() else None, FROM_FRMR),
        "workplace": (licence.get("organisation"), FROM_LICENCES),
        "licence_number": (licence.get("number"), FROM_LICENCES),
    }
    return {field: pair for field, pair in known.items() if pair[0]}


def readable_phone(value: str | None) -> str:
    """A mobile number as people write it, +7 916 123-45-01; anything else as it was typed."""
    return formats.phone(value)


def readable_snils(snils: str | None) -> str:
    return formats.snils(snils) if snils else "—"


def same_value(field: str, shown: str, known: str) -> bool:
    """Whether the value on the form is still the one ESIA or a registry gave."""
    read = {"phone": normalize_phone, "licence_number": licence_number}.get(field)
    if read is not None:
        return read(shown) is not None and read(shown) == read(known)
    return shown.strip().lower() == known.strip().lower()


def known_contacts(doctor: Doctor) -> dict[str, tuple[str, str]]:
    """The phone and e-mail ESIA gave at login, for step 2."""
    known = {"phone": doctor.phone, "email": doctor.email}
    return {field: (value, FROM_ESIA) for field, value in known.items() if value}


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
    typed = (values.get("licence_number") or "").strip()
    if not typed:
        raise ServiceError(
            "licence_number",
            "Без номера лицензии организации заявление не "
            "сохранить. Номер есть в реестре лицензий Росздравнадзора или в "
            "отделе кадров",
        )
    licence = licence_number(typed)
    if licence is None:
        raise ServiceError(
            "licence_number",
            f"Введите номер лицензии, как в реестре Росздравнадзора: {LICENCE_EXAMPLES}",
        )
    if kind == "periodic" and qualification.certificate_expired(doctor):
        raise ServiceError(
            "specialty",
            "Срок вашего сертификата истёк: периодическая "
            "аккредитация недоступна. Подайте заявление на первичную "
            "специализированную аккредитацию",
        )
    return {"specialty": values["specialty"], "workplace": workplace, "licence_number": licence}


@dataclass(frozen=True)
class DocumentRow:
    """A document the kind of application requires, and the doctor's upload of it if any."""

    kind: DocType
    document: Document | None


def latest_by_kind(doctor: Doctor) -> dict[str, Document]:
    return {d.doc_type: d for d in documents.documents_of(doctor)}


def document_rows(doctor: Doctor, kind: str) -> list[DocumentRow]:
    """Step 4: each required document, present or missing."""
    latest = latest_by_kind(doctor)
    return [DocumentRow(BY_CODE[code], latest.get(code)) for code in REQUIRED_DOCUMENTS[kind]]


def optional_documents(doctor: Doctor, kind: str) -> list[Document]:
    """The doctor's other documents, which they may attach too."""
    latest = latest_by_kind(doctor)
    return [d for code, d in latest.items() if code not in REQUIRED_DOCUMENTS[kind]]


def required_kind(kind: str, code: str) -> DocType | None:
    return BY_CODE[code] if code in REQUIRED_DOCUMENTS[kind] else None


def check_documents(doctor: Doctor, values: dict, kind: str) -> dict:
    chosen = {int(i) for i in values.get("documents", []) if str(i).isdigit()}
    mine = {d.id: d for d in documents.documents_of(doctor)}
    if not chosen <= set(mine):
        raise ServiceError("documents", "Выберите документы из списка")
    rows = document_rows(doctor, kind)
    missing = [row.kind.title for row in rows if row.document is None]
    if missing:
        raise ServiceError("documents", "Загрузите: " + ", ".join(missing))
    if not values.get("pd_consent"):
        raise ServiceError("pd_consent", "Дайте согласие на обработку персональных данных")
    # One document of each kind: the required ones as uploaded, then the extras chosen.
    attached = {row.kind.code: row.document.id for row in rows}
    for document_id in sorted(chosen):
        attached.setdefault(mine[document_id].doc_type, document_id)
    return {"documents": sorted(attached.values()), "pd_consent": True}


def summary_documents(attached: list[Document]) -> list[tuple[str, str]]:
    """Step 5: each attached document once, by its kind and file name."""
    seen = {d.id: d for d in attached}
    return [(BY_CODE[d.doc_type].title, d.current.filename) for d in seen.values()]


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
