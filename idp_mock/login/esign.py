"""Qualified electronic signature (ЭП) certificates of the training CA, and what ESIA checks of
a signature made with one. The browser's signing plugin is `key_containers.py`."""

import base64
import binascii
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import pem as asn1pem
from asn1crypto import x509
from flask import current_app
from sqlalchemy import func, select

from common import gost_ca
from common.cms import ASN1_ERRORS
from common.errors import ServiceError
from common.moscow import moscow_time
from idp_mock import clock
from idp_mock.login import lockout
from idp_mock.models import Persona, SignatureCertificate, db
from idp_mock.protocol import gost
from idp_mock.tester.seed import snils

# (owner SNILS, owner, label, days from now the certificate started, its length, revoked)
DEMO_CERTIFICATES = [
    (snils(112233401), "Иванова Мария Сергеевна", "Действующий", -200, 565, False),
    (snils(112233401), "Иванова Мария Сергеевна", "Прошлогодний", -800, 365, False),
    (snils(112233402), "Петров Алексей Викторович", "Отозванный", -30, 365, True),
    (snils(998877601), "Орлов Пётр Ильич", "Чужой (нет учётной записи)", -10, 365, False),
]


def make(owner_snils: str, owner: str, label: str, start: int, days: int, revoked: bool):
    key = gost.new_private_key()
    begins = datetime.now(UTC).replace(microsecond=0) + timedelta(days=start)
    der = gost.make_certificate(key, owner, begins, begins + timedelta(days=days))
    return SignatureCertificate(
        owner_snils=owner_snils,
        owner_name=owner,
        label=label,
        private_key=key.hex(),
        certificate_pem=gost.pem(der),
        revoked=revoked,
    )


def demo_certificates() -> list[SignatureCertificate]:
    """Every certificate the training CA issued; the demo set is made on first use (GOST keys)."""
    if not db.session.scalar(select(func.count(SignatureCertificate.id))):
        db.session.add_all(make(*row) for row in DEMO_CERTIFICATES)
        db.session.commit()
    return list(db.session.scalars(select(SignatureCertificate).order_by(SignatureCertificate.id)))


def certificates_of(persona: Persona) -> list[SignatureCertificate]:
    """The person's certificates (by SNILS); one valid certificate is issued to a person with
    a SNILS who has none yet."""
    owned = [c for c in demo_certificates() if persona.snils and c.owner_snils == persona.snils]
    if owned or not persona.snils:
        return owned
    certificate = make(persona.snils, persona.full_name, "Действующий", -1, 365, False)
    db.session.add(certificate)
    db.session.commit()
    return [certificate]


def der_of(certificate: SignatureCertificate) -> bytes:
    return asn1pem.unarmor(certificate.certificate_pem.encode())[2]


def validity(certificate: SignatureCertificate) -> tuple[datetime, datetime]:
    period = x509.Certificate.load(der_of(certificate))["tbs_certificate"]["validity"]
    starts, ends = (period[name].native for name in ("not_before", "not_after"))
    return naive_utc(starts), naive_utc(ends)


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def verify(certificate: SignatureCertificate, challenge: bytes, signature: bytes) -> Persona:
    """What ESIA does: check the signature, the dates, revocation and whose certificate it is."""
    public, paramset = gost.certificate_key(der_of(certificate))
    try:
        gost.verify(public, challenge, signature, paramset)
    except gost.GostError:
        raise ServiceError(
            "certificate", "Подпись не прошла проверку. Выберите другой сертификат"
        ) from None
    starts, ends = validity(certificate)
    now = clock.now()
    if ends <= now:
        raise ServiceError(
            "certificate",
            f"Срок действия сертификата истёк {moscow_time(ends)} (мск). "
            "Выберите другой сертификат",
        )
    if starts > now:
        raise ServiceError("certificate", "Сертификат ещё не начал действовать. Выберите другой")
    if certificate.revoked:
        raise ServiceError(
            "certificate",
            "Сертификат отозван удостоверяющим центром. Выберите другой сертификат "
            "или получите новый в удостоверяющем центре",
        )
    persona = db.session.scalar(select(Persona).where(Persona.snils == certificate.owner_snils))
    if persona is None:
        raise ServiceError(
            "certificate",
            "Владелец сертификата не зарегистрирован на Госуслугах. "
            "Выберите свой сертификат или войдите по паролю",
        )
    clock.follow(persona)  # the lockout runs on the owner's clock (their group's)
    lockout.check_not_locked(persona)
    if persona.state == "blocked":
        raise ServiceError("certificate", lockout.BLOCKED)
    return persona


# Certificates a tester gives a person: issued by the stand's demo root, or uploaded with the key.

NO_SNILS = "Сначала укажите СНИЛС пользователя: сертификат принадлежит человеку по СНИЛС"
NOT_GOST = "Нужен сертификат ГОСТ Р 34.10-2012 (256 бит) в формате PEM или DER (base64)"
WRONG_KEY = (
    "Закрытый ключ не подходит к сертификату. Вставьте ключ этого сертификата: 64 "
    "шестнадцатеричных знака или PKCS#8 PEM (как пишет OpenSSL gost-engine)"
)


def owner_snils(persona: Persona) -> str:
    if not persona.snils:
        raise ServiceError("certificate", NO_SNILS)
    return persona.snils


def add(persona: Persona, label: str, days: int, certificate_text: str, key_text: str):
    """The tester's own certificate when one is given, else one issued by the demo root."""
    if certificate_text.strip():
        return upload(persona, label, certificate_text, key_text)
    return issue(persona, label, days)


def issue(persona: Persona, label: str, days: int) -> SignatureCertificate:
    """A new certificate for the person from the stand's GOST demo root, starting now."""
    owner_snils(persona)
    starts = (clock.now() - timedelta(minutes=5)).replace(microsecond=0, tzinfo=UTC)
    key, der = gost_ca.issue(data_dir(), persona.full_name, starts, days)
    return keep(persona, label, key, der)


def upload(persona: Persona, label: str, certificate_text: str, key_text: str):
    """The tester's own GOST certificate with its private key, checked to belong together."""
    owner_snils(persona)
    der = certificate_der(certificate_text)
    key = private_key_of(key_text)
    public, paramset = gost.certificate_key(der)
    try:
        matches = gost.public_key(key, paramset) == public
    except ValueError:
        matches = False
    if not matches:
        raise ServiceError("private_key", WRONG_KEY)
    return keep(persona, label, key, der)


def certificate_der(text: str) -> bytes:
    try:
        der = asn1pem.unarmor(text.strip().encode())[2] if "-----BEGIN" in text else None
        der = der or base64.b64decode("".join(text.split()), validate=True)
        if gost.certificate_key(der) is None:
            raise ValueError("not GOST")
    except (*ASN1_ERRORS, gost.GostError, binascii.Error):
        raise ServiceError("certificate_pem", NOT_GOST) from None
    return der


def private_key_of(text: str) -> bytes:
    text = text.strip()
    try:
        key = gost_ca.private_key(text.encode()) if "-----BEGIN" in text else bytes.fromhex(text)
    except ASN1_ERRORS:
        raise ServiceError("private_key", WRONG_KEY) from None
    if len(key) != 32:
        raise ServiceError("private_key", WRONG_KEY)
    return key


def keep(persona: Persona, label: str, key: bytes, der: bytes) -> SignatureCertificate:
    certificate = SignatureCertificate(
        owner_snils=owner_snils(persona),
        owner_name=persona.full_name,
        label=label,
        private_key=key.hex(),
        certificate_pem=gost.pem(der),
        revoked=False,
    )
    db.session.add(certificate)
    db.session.commit()
    return certificate


def data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])
