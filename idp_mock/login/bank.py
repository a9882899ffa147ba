"""Login through a bank: demo banks with their own login page and SMS code. Only people whose
Gosuslugi account is linked to that bank (script.bank) get through."""

from dataclasses import dataclass

from sqlalchemy import select

from common.errors import ServiceError
from common.validators import normalize_phone
from idp_mock.login import lockout, sms
from idp_mock.models import AuthRequest, Persona, db


@dataclass(frozen=True)
class Bank:
    id: str
    name: str
    colour: str


BANKS = {
    bank.id: bank
    for bank in (
        Bank("simbank", "СимБанк", "green"),
        Bank("uchebny", "Учебный банк", "blue"),
        Bank("trenazher", "Банк «Тренажёр»", "red"),
    )
}


def bank_or_none(bank_id: str) -> Bank | None:
    return BANKS.get(bank_id)


def customer(bank: Bank, phone: str) -> Persona:
    """The bank's customer with this phone whose Gosuslugi account is linked to the bank."""
    number = normalize_phone(phone or "")
    if not number:
        raise ServiceError("login", "Введите номер телефона в формате +7 9XX XXX-XX-XX")
    persona = db.session.scalar(select(Persona).where(Persona.phone == number))
    if persona is None or (persona.script or {}).get("bank") != bank.id:
        raise ServiceError(
            "login",
            f"{bank.name} не нашёл клиента с этим номером, связанного с Госуслугами. "
            "Проверьте номер или выберите другой банк",
        )
    lockout.check_not_blocked(persona)
    lockout.check_not_locked(persona)
    return persona


def start(bank: Bank, auth_request: AuthRequest, phone: str, source: str) -> Persona:
    """Find the customer and send the bank's own SMS code. The attempt becomes the customer's
    only once the code is right (`log_in`); until then it is nobody's."""
    persona = customer(bank, phone)
    sms.send_code(auth_request, persona, source, bank)
    auth_request.persona_oid = None
    db.session.commit()
    return persona


def pending_customer(bank: Bank, auth_request: AuthRequest) -> Persona | None:
    """The customer this bank sent the attempt's latest code to, if it was this bank's."""
    persona = sms.pending_person(auth_request)
    if persona is None or (persona.script or {}).get("bank") != bank.id:
        return None
    return persona


def log_in(bank: Bank, auth_request: AuthRequest, code: str) -> Persona:
    """The customer the bank's right code was sent to; ServiceError else."""
    return sms.confirm_code(auth_request, code, bank.id)
