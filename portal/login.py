"""Finishing a login through ESIA: tokens, the person, the checklist, the session."""

from datetime import date

from sqlalchemy import select

from common import formats

from . import checks, esia_client, notify, qualification, registries, sessions
from .access import is_reviewer
from .clock import now
from .models import Doctor, UserSession, db


def subject_oid(claims: dict) -> int:
    oid = claims.get("urn:esia:sbj", {}).get("urn:esia:sbj:oid")
    if not isinstance(oid, int) or claims.get("sub") not in (oid, str(oid)):
        raise esia_client.LoginRejected("id_token: subject")
    return oid


def checklist(person: dict, facts: dict | None, today: date) -> list[dict]:
    if facts is None:
        return [checks.account(person)]
    return checks.run_all(person, facts["sfr"], facts["frmr"], facts["licence"], today)


def certificate_until(frmr: dict | None) -> date | None:
    ends = [c["valid_until"] for c in (frmr or {}).get("certificates", []) if c.get("valid_until")]
    return date.fromisoformat(max(ends)) if ends else None


def contact(person: dict, kind: str) -> str | None:
    for item in person.get("contacts", {}).get("elements", []):
        if item.get("type") == kind:
            return item.get("value")
    return None


def birth_date(person: dict) -> date | None:
    day, _, rest = (person.get("birthDate") or "").partition(".")
    month, _, year = rest.partition(".")
    return date(int(year), int(month), int(day)) if year else None


def save_doctor(
    oid: int, person: dict, role: str, results: list[dict], facts: dict | None
) -> Doctor:
    doctor = db.session.scalar(select(Doctor).where(Doctor.esia_oid == oid))
    if doctor is None:
        doctor = Doctor(esia_oid=oid, created_at=now())
        db.session.add(doctor)
    doctor.last_name = person.get("lastName", "")
    doctor.first_name = person.get("firstName", "")
    doctor.middle_name = person.get("middleName", "")
    doctor.birth_date = birth_date(person)
    doctor.snils = checks.snils_key(person) or None
    # Kept as people write it, so every form that pre-fills it shows «+7 916 123-45-01».
    doctor.email, doctor.phone = (
        contact(person, "EML"),
        formats.phone(contact(person, "MBT")) or None,
    )
    doctor.trusted, doctor.role = bool(person.get("trusted")), role
    doctor.checks, doctor.checked_at, doctor.updated_at = results, now(), now()
    if facts is not None:
        doctor.certificate_valid_until = certificate_until(facts["frmr"])
    db.session.flush()
    return doctor


def warn_about(doctor: Doctor, results: list[dict]) -> None:
    for result in results:
        # The certificate has its own reminders at 90, 30 and 7 days.
        if result["status"] == "warn" and result["name"] != "certificate":
            notify.notify(
                doctor,
                result["title"],
                f"{result['message']}. {result['action']}",
                key=f"{result['name']}:{result['title']}",
            )


def finish(code: str, attempt: dict) -> UserSession:
    """Log the person in from an authorization code; raises LoginRejected or EsiaUnavailable."""
    tokens = esia_client.exchange_code(code, attempt)
    oid = subject_oid(esia_client.verify_id_token(tokens["id_token"], attempt["nonce"]))
    person = esia_client.person(oid, tokens["access_token"])
    reviewer = is_reviewer(person.get("roles", []))
    asks_registries = not reviewer and person.get("trusted")
    facts = registries.facts(checks.snils_key(person)) if asks_registries else None
    results = checklist(person, facts, now(for_oid=oid).date())
    doctor = save_doctor(oid, person, "reviewer" if reviewer else "doctor", results, facts)
    warn_about(doctor, results)
    qualification.remind_about_certificate(doctor)
    access = "checks" if checks.blocking(results) else "full"
    return sessions.open_session(doctor, access, tokens)
