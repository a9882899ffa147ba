"""Finishing a login through ESIA: tokens, the person, the checklist, the session."""

from datetime import date

from flask import current_app
from sqlalchemy import select

from . import checks, esia, notify, sessions
from .clock import now
from .models import Doctor, UserSession, db


def is_reviewer(roles: list[dict]) -> bool:
    """Members of the accreditation body (ФАЦ) review applications."""
    ogrn = current_app.config["FAC_OGRN"]
    return any(r.get("ogrn") == ogrn and r.get("active", True) for r in roles)


def subject_oid(claims: dict) -> int:
    oid = claims.get("urn:esia:sbj", {}).get("urn:esia:sbj:oid")
    if not isinstance(oid, int) or claims.get("sub") not in (oid, str(oid)):
        raise esia.LoginRejected("id_token: subject")
    return oid


def checklist(person: dict, reviewer: bool) -> list[dict]:
    if reviewer or not person.get("trusted"):
        return [checks.account(person)]
    key = checks.snils_key(person)
    sfr = esia.registry(f"sfr/snils/{key}") if key else None
    frmr = esia.registry(f"frmr/workers/{key}") if key else None
    licence = esia.registry(f"licences/by-worker/{key}") if key else None
    return checks.run_all(person, sfr, frmr, licence, date.today())


def contact(person: dict, kind: str) -> str | None:
    for item in person.get("contacts", {}).get("elements", []):
        if item.get("type") == kind:
            return item.get("value")
    return None


def birth_date(person: dict) -> date | None:
    day, _, rest = (person.get("birthDate") or "").partition(".")
    month, _, year = rest.partition(".")
    return date(int(year), int(month), int(day)) if year else None


def save_doctor(oid: int, person: dict, role: str, results: list[dict]) -> Doctor:
    doctor = db.session.scalar(select(Doctor).where(Doctor.esia_oid == oid))
    if doctor is None:
        doctor = Doctor(esia_oid=oid, created_at=now())
        db.session.add(doctor)
    doctor.last_name = person.get("lastName", "")
    doctor.first_name = person.get("firstName", "")
    doctor.middle_name = person.get("middleName", "")
    doctor.birth_date = birth_date(person)
    doctor.snils = checks.snils_key(person) or None
    doctor.email, doctor.phone = contact(person, "EML"), contact(person, "MBT")
    doctor.trusted, doctor.role = bool(person.get("trusted")), role
    doctor.checks, doctor.checked_at, doctor.updated_at = results, now(), now()
    db.session.flush()
    return doctor


def warn_about(doctor: Doctor, results: list[dict]) -> None:
    for result in results:
        if result["status"] == "warn":
            notify.notify(
                doctor,
                result["title"],
                f"{result['message']}. {result['action']}",
                key=f"{result['name']}:{result['title']}",
            )


def finish(code: str, attempt: dict) -> UserSession:
    """Log the person in from an authorization code; raises LoginRejected or EsiaUnavailable."""
    tokens = esia.exchange_code(code, attempt)
    oid = subject_oid(esia.verify_id_token(tokens["id_token"], attempt["nonce"]))
    person = esia.person(oid, tokens["access_token"])
    reviewer = is_reviewer(person.get("roles", []))
    results = checklist(person, reviewer)
    doctor = save_doctor(oid, person, "reviewer" if reviewer else "doctor", results)
    warn_about(doctor, results)
    access = "checks" if checks.blocking(results) else "full"
    return sessions.open_session(doctor, access)
