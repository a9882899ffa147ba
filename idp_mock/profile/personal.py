"""Personal data (seed 1.1.2: «Профиль → Персональные данные → Редактировать»): names, birth,
SNILS and passport. The SNILS checksum is checked at once; then СФР checks the SNILS and МВД the
passport, which takes a moment and can fail. Passed, the data become the person's, and a
simplified account becomes a standard one.

Scripted per person: `script.sfr_check` and `script.passport_check`, "ok" (the default) or
"fail"; a person whom the СФР facts say is not registered fails the СФР check too."""

from datetime import date, datetime

from sqlalchemy import select

from common.errors import ServiceError
from common.validators import format_snils, is_valid_snils, snils_digits
from idp_mock.config import setting
from idp_mock.models import Persona, ProfileCheck, db
from idp_mock.profile import checks

KIND = "personal"
NAMES = ("last_name", "first_name", "middle_name", "gender", "birth_place")
SFR_FAILED = (
    "СФР не подтвердил СНИЛС: номер не найден или записан на другие ФИО и дату рождения. "
    "Проверьте данные или обратитесь в СФР"
)
MVD_FAILED = (
    "МВД не подтвердило паспорт: проверьте серию, номер и дату выдачи. Если всё верно, "
    "обратитесь в центр обслуживания"
)
PASSPORT_ID = 1
ESIA_DATE = "%d.%m.%Y"
SNILS_CHECKSUM = "СНИЛС не проходит проверку контрольного числа. Проверьте цифры"


def passport_of(persona: Persona) -> dict:
    for document in persona.documents or []:
        if document.get("type") == "RF_PASSPORT":
            return document
    return {}


def current(persona: Persona) -> dict:
    """What the edit form starts with: the data as they are now."""
    passport = passport_of(persona)
    return {
        **{name: getattr(persona, name) for name in NAMES},
        "birth_date": persona.birth_date,
        "snils": format_snils(persona.snils) if persona.snils else "",
        "passport_series": passport.get("series", ""),
        "passport_number": passport.get("number", ""),
        "passport_issued": esia_date(passport.get("issueDate", "")),
        "passport_issuer": passport.get("issuedBy", ""),
    }


def esia_date(text: str) -> date | None:
    """A document date as ESIA writes it (dd.mm.yyyy), or None."""
    try:
        return datetime.strptime(text, ESIA_DATE).date()
    except ValueError:
        return None


def check_snils(persona: Persona, value: str) -> str:
    """The SNILS's 11 digits when its checksum is right and nobody else has it."""
    if not is_valid_snils(value):
        raise ServiceError("snils", SNILS_CHECKSUM)
    digits = snils_digits(value)
    owner = db.session.scalar(select(Persona.oid).where(Persona.snils == digits))
    if owner is not None and owner != persona.oid:
        raise ServiceError("snils", "Этот СНИЛС указан в другой учётной записи")
    return digits


def outcome(persona: Persona) -> tuple[str, str]:
    """What СФР and МВД will answer, as the person's script and registry facts say."""
    script = persona.script or {}
    sfr = (persona.registry or {}).get("sfr", {})
    if script.get("sfr_check") == "fail" or not sfr.get("registered", True):
        return "failed", SFR_FAILED
    if script.get("passport_check") == "fail":
        return "failed", MVD_FAILED
    return "ok", ""


def submit(persona: Persona, data: dict) -> ProfileCheck:
    """Send the edited data to be checked; they become the person's once the checks pass."""
    if checks.pending(persona, KIND):
        raise ServiceError("snils", "Данные уже проверяются. Дождитесь результата")
    value = {
        **{name: (data.get(name) or "").strip() for name in NAMES},
        "birth_date": data["birth_date"].isoformat(),
        "snils": check_snils(persona, data.get("snils") or ""),
        "passport_series": data["passport_series"].replace(" ", ""),
        "passport_number": data["passport_number"].strip(),
        "passport_issued": data["passport_issued"].isoformat(),
        "passport_issuer": data["passport_issuer"].strip(),
    }
    value["status"], value["reason"] = outcome(persona)
    check = checks.open_check(persona, KIND, value, setting("PROFILE_CHECK_SECONDS"))
    db.session.commit()
    return check


def latest(persona: Persona) -> ProfileCheck | None:
    """The latest check, its answer recorded once its moment has come."""
    check = checks.latest(persona, KIND)
    if checks.answered(check):
        record_answer(persona, check)
        db.session.commit()
    return check


def record_answer(persona: Persona, check: ProfileCheck) -> None:
    check.status, check.reason = check.value["status"], check.value["reason"]
    if check.status != "ok":
        return
    value = check.value
    for name in NAMES:
        setattr(persona, name, value[name])
    persona.birth_date = date.fromisoformat(value["birth_date"])
    persona.snils = value["snils"]
    kept_id = passport_of(persona).get("id", PASSPORT_ID)
    persona.documents = [*others(persona), passport(value, kept_id)]
    if persona.level == "simplified":
        persona.level = "standard"


def others(persona: Persona) -> list[dict]:
    return [d for d in persona.documents or [] if d.get("type") != "RF_PASSPORT"]


def passport(value: dict, document_id: int) -> dict:
    return {
        "id": document_id,
        "type": "RF_PASSPORT",
        "vrfStu": "VERIFIED",
        "series": value["passport_series"],
        "number": value["passport_number"],
        "issueDate": date.fromisoformat(value["passport_issued"]).strftime(ESIA_DATE),
        "issuedBy": value["passport_issuer"],
    }


def being_checked(check: ProfileCheck | None) -> bool:
    return check is not None and check.status == "pending"


def failed(check: ProfileCheck | None) -> bool:
    return check is not None and check.status == "failed"
