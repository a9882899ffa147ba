"""The account level: registration of a simplified account (name, mobile phone, password, the
phone confirmed by a code), a standard one once the personal data pass their checks
(profile/personal.py), and a confirmed one by a way ESIA offers:

- online through a bank: at once; `script.confirm_bank: "fail"` makes the bank refuse;
- a confirmation code by post (Почта России): the letter lands in the outbox (channel `post`)
  and its code is entered in the profile.
"""

from datetime import timedelta

from common.errors import ServiceError
from idp_mock import clock, outbox
from idp_mock.login.passwords import hash_password, password_problem
from idp_mock.models import Persona, SsoSession, db
from idp_mock.profile import checks, contacts, security
from idp_mock.tester.personas import new_oid

REGISTER = "register"
LETTER = "letter"
LETTER_DAYS = 90
BANK_REFUSED = (
    "Банк не смог подтвердить учётную запись: данные в банке не совпадают с данными профиля. "
    "Проверьте персональные данные или выберите другой способ"
)


def register(data: dict, source: str) -> Persona:
    """A simplified account, waiting for the code sent to its phone."""
    phone = contacts.canonical("phone", data.get("phone") or "")
    if phone is None:
        raise ServiceError("phone", contacts.KINDS["phone"][0])
    problem = password_problem(data.get("password") or "")
    if problem:
        raise ServiceError("password", problem)
    persona = Persona(
        oid=new_oid(),
        last_name=data["last_name"].strip(),
        first_name=data["first_name"].strip(),
        middle_name="",
        birth_date=data["birth_date"],
        gender=data["gender"],
        password_hash=hash_password(data["password"]),
        level="simplified",
        phone_verified=False,
        email_verified=False,
        updated_at=clock.now(),
    )
    contacts.check_free(persona, "phone", phone)
    persona.phone = phone
    db.session.add(persona)
    db.session.flush()
    try:
        contacts.send(persona, "phone", phone, source)  # commits the account with its code
    except ServiceError:
        db.session.rollback()  # no account without its code
        raise
    return persona


def finish_registration(persona: Persona, code: str) -> SsoSession:
    """The phone's code is right: the account is active, and this browser logged in."""
    contacts.confirm(persona, "phone", code)
    return security.open_session(persona)


def standard(persona: Persona) -> bool:
    return persona.level == "standard"


def confirm_by_bank(persona: Persona) -> None:
    check_may_confirm(persona)
    if (persona.script or {}).get("confirm_bank") == "fail":
        raise ServiceError("way", BANK_REFUSED)
    become_confirmed(persona)


def send_letter(persona: Persona, source: str) -> None:
    """A letter with a confirmation code, «delivered» to the outbox at once."""
    check_may_confirm(persona)
    check, code = checks.open_code(persona, LETTER, {"to": persona.full_name}, source)
    check.ready_at = check.created_at + timedelta(days=LETTER_DAYS)
    outbox.send("post", persona.full_name, f"Код подтверждения личности для Госуслуг: {code}", code)
    db.session.commit()


def confirm_by_letter(persona: Persona, code: str) -> None:
    check_may_confirm(persona)
    checks.confirm_code(persona, LETTER, code)
    become_confirmed(persona)


def check_may_confirm(persona: Persona) -> None:
    if persona.level != "standard":
        raise ServiceError("way", "Подтвердить можно стандартную учётную запись")


def become_confirmed(persona: Persona) -> None:
    persona.level = "confirmed"
    db.session.commit()


def letter_sent(persona: Persona) -> bool:
    return checks.pending(persona, LETTER) is not None
