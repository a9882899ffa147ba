"""The pre-login checklist (seed 1.2): what must be in order before a doctor can apply.

Pure functions of what ESIA and the registries said, so every rule is testable on its own.
Each check is a dict: name, status (ok | warn | fail), title, message, action.
"""

from datetime import date

from common.validators import is_valid_snils, snils_digits

CERTIFICATE_WARNING_DAYS = 90


def check(name: str, status: str, title: str, message: str = "", action: str = "") -> dict:
    return {"name": name, "status": status, "title": title, "message": message, "action": action}


def account(person: dict) -> dict:
    if person.get("trusted"):
        return check("account", "ok", "Учётная запись Госуслуг подтверждена")
    return check(
        "account",
        "fail",
        "Учётная запись Госуслуг не подтверждена",
        "Подавать заявления можно только с подтверждённой учётной записью.",
        "Подтвердите личность через банк, МФЦ или электронную подпись и войдите снова.",
    )


def same_person(person: dict, sfr: dict) -> bool:
    def norm(value: str | None) -> str:
        return (value or "").strip().lower().replace("ё", "е")

    fields = ("lastName", "firstName", "middleName")
    names_match = all(norm(person.get(f)) == norm(sfr.get(f)) for f in fields)
    birth = person.get("birthDate", "")
    esia_birth = "-".join(reversed(birth.split("."))) if birth else ""
    return names_match and esia_birth == sfr.get("birthDate")


def snils(person: dict, sfr: dict | None) -> dict:
    number = person.get("snils")
    if not number:
        return check(
            "snils",
            "fail",
            "В профиле Госуслуг нет СНИЛС",
            "СНИЛС нужен, чтобы найти вас в Федеральном регистре медработников.",
            "Добавьте СНИЛС в профиль на Госуслугах и войдите снова.",
        )
    if not is_valid_snils(number):
        return check(
            "snils",
            "fail",
            "СНИЛС в профиле Госуслуг указан с ошибкой",
            f"Номер {number} не проходит проверку контрольного числа.",
            "Исправьте СНИЛС в профиле на Госуслугах и войдите снова.",
        )
    if sfr is None:
        return check(
            "snils",
            "fail",
            "СНИЛС не найден в Социальном фонде",
            f"Социальный фонд не знает номер {number}.",
            "Обратитесь в клиентскую службу Социального фонда с паспортом и СНИЛС.",
        )
    if not same_person(person, sfr):
        return check(
            "snils",
            "fail",
            "Данные СНИЛС не совпадают с Социальным фондом",
            "ФИО или дата рождения на Госуслугах отличаются от данных Социального фонда.",
            "Сверьте ФИО и дату рождения в профиле Госуслуг с документами. Если на "
            "Госуслугах всё верно, обратитесь в клиентскую службу Социального фонда.",
        )
    return check("snils", "ok", "СНИЛС подтверждён Социальным фондом")


def russian_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d.%m.%Y")


def certificate(frmr: dict | None, today: date) -> dict:
    hr = "Обратитесь в отдел кадров или к сотруднику, который ведёт ФРМР в вашей организации."
    if frmr is None:
        return check(
            "certificate",
            "fail",
            "Вы не найдены в Федеральном регистре медработников",
            "Сведения в ФРМР вносит работодатель.",
            hr,
        )
    if not frmr.get("certificates"):
        return check(
            "certificate",
            "fail",
            "В ФРМР нет вашего сертификата или аккредитации",
            "Без действующего документа о допуске подать заявление нельзя.",
            hr,
        )
    current = max(frmr["certificates"], key=lambda c: c.get("valid_until", ""))
    return current_certificate(current, today, hr)


def current_certificate(current: dict, today: date, hr: str) -> dict:
    """The latest certificate in ФРМР: suspended, revoked, expired, ending soon, or in order."""
    until = date.fromisoformat(current["valid_until"])
    label = f"{current.get('specialty', '')}, № {current.get('number', '')}"
    if current.get("status") in ("suspended", "revoked"):
        word = "приостановлено" if current["status"] == "suspended" else "аннулировано"
        return check("certificate", "fail", f"Действие сертификата {word}", label, hr)
    if until < today:
        return expired(until, label)
    days = (until - today).days
    if days <= CERTIFICATE_WARNING_DAYS:
        result = check(
            "certificate",
            "warn",
            f"Сертификат действует до {until:%d.%m.%Y} — осталось {days} дн.",
            label,
            f"Подайте заявление на периодическую аккредитацию до {until:%d.%m.%Y}: "
            "после этой даты её не подать.",
        )
        return {**result, "link": ACCREDITATION_LINK}
    return check("certificate", "ok", f"Сертификат действует до {until:%d.%m.%Y}", label)


ACCREDITATION_LINK = {"href": "/cabinet/accreditation", "text": "Перейти к аккредитации"}


def expired(until: date, label: str) -> dict:
    """The one failure the cabinet still opens for: in a restricted cabinet the doctor can
    gather documents and apply for the accreditation that restores the right to work."""
    result = check(
        "certificate",
        "fail",
        f"Срок сертификата истёк {until:%d.%m.%Y}",
        label,
        "Подайте заявление на первичную специализированную аккредитацию. Кабинет открыт "
        "для этого: документы, образование и заявления.",
    )
    return {**result, "restricted": True, "link": ACCREDITATION_LINK}


def restricted_cabinet(results: list[dict]) -> bool:
    """Only an ended certificate stands in the way."""
    failed = blocking(results)
    return bool(failed) and all(r.get("restricted") for r in failed)


def licence(record: dict | None) -> dict:
    ask = "Уточните у руководителя или в отделе кадров, когда лицензия будет восстановлена."
    if record is None:
        return check(
            "licence",
            "fail",
            "Лицензия вашей организации не найдена",
            "В реестре лицензий Росздравнадзора нет лицензии вашего работодателя.",
            ask,
        )
    label = f"{record.get('organisation', '')}, № {record.get('number', '')}"
    status = record.get("status")
    if status == "suspended":
        return check("licence", "fail", "Лицензия организации приостановлена", label, ask)
    if status == "revoked":
        return check(
            "licence",
            "fail",
            "Лицензия организации аннулирована",
            label,
            "Подать заявление от этой организации нельзя. Обратитесь в отдел кадров.",
        )
    return check("licence", "ok", "Лицензия организации действует", label)


def contacts(person: dict) -> dict:
    items = person.get("contacts", {}).get("elements", [])
    verified = {c["type"] for c in items if c.get("vrfStu") == "VERIFIED"}
    if "MBT" not in verified:
        return check(
            "contacts",
            "fail",
            "На Госуслугах не подтверждён мобильный телефон",
            "На него приходят уведомления о ходе аккредитации.",
            "Подтвердите телефон в профиле на Госуслугах и войдите снова.",
        )
    if "EML" not in verified:
        return check(
            "contacts",
            "warn",
            "На Госуслугах не подтверждена электронная почта",
            "Уведомления будут только в кабинете.",
            "Подтвердите почту в профиле на Госуслугах.",
        )
    return check("contacts", "ok", "Телефон и почта подтверждены")


def run_all(person: dict, sfr, frmr, licence_record, today: date) -> list[dict]:
    return [
        account(person),
        snils(person, sfr),
        certificate(frmr, today),
        licence(licence_record),
        contacts(person),
    ]


def blocking(results: list[dict]) -> list[dict]:
    return [r for r in results if r["status"] == "fail"]


def snils_key(person: dict) -> str:
    return snils_digits(person.get("snils") or "")
