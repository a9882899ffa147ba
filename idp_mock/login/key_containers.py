"""The browser's signing plugin: key containers imported as PKCS#12 files with their PIN, kept
per browser (a random secret in an HttpOnly cookie; only its hash is stored), and opened with
the PIN again to sign the server's challenge.

`cryptography` cannot load GOST keys (see protocol/gost.py), so a container carries the GOST
certificate in an encrypted certificate bag and its private key in that bag's friendlyName. The
bag is encrypted under the PIN (PBES2, AES-256-CBC) and the file carries an HMAC-SHA256 MAC, so
without the PIN neither the key nor the certificate can be read.
"""

import hashlib
import secrets

from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, pkcs12
from flask import current_app
from sqlalchemy import delete, select

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import esign, lockout
from idp_mock.models import CertificateInstall, Persona, SignatureCertificate, db
from idp_mock.protocol import gost

COOKIE = "esia_plugin"
PATH = "/login/signature"
DEMO_PIN = "12345678"  # the training CA's containers, as a token's factory PIN
MAX_CONTAINER_BYTES = 64 * 1024
CANNOT_OPEN = "Не удалось открыть контейнер. Проверьте файл и PIN-код"
WRONG_PIN = "PIN-код не подходит. Введите PIN-код контейнера ключа"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def container(certificate: SignatureCertificate, pin: str = DEMO_PIN) -> bytes:
    """The certificate's key container as a PKCS#12 file locked by `pin`."""
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode())
    )
    bag = pkcs12.PKCS12Certificate(
        cx509.load_der_x509_certificate(esign.der_of(certificate)),
        certificate.private_key.encode(),
    )
    return pkcs12.serialize_key_and_certificates(None, None, None, [bag], encryption)


def open_container(data: bytes, pin: str) -> tuple[SignatureCertificate, bytes]:
    """The training CA's certificate in the container and its private key; ValueError when
    the PIN or the file is wrong, or the key is not the certificate's."""
    bags = pkcs12.load_pkcs12(data, pin.encode()).additional_certs
    if len(bags) != 1 or not bags[0].friendly_name:
        raise ValueError("not a key container")
    der = bags[0].certificate.public_bytes(Encoding.DER)
    certificate = next((c for c in esign.demo_certificates() if esign.der_of(c) == der), None)
    key = bytes.fromhex(bags[0].friendly_name.decode())
    if certificate is None or gost.public_key(key) != gost.certificate_key(der)[0]:
        raise ValueError("not the training CA's certificate")
    return certificate, key


def installed(secret: str | None) -> list[CertificateInstall]:
    """The containers imported into this browser, oldest first."""
    if not secret:
        return []
    query = select(CertificateInstall).where(CertificateInstall.browser_hash == digest(secret))
    return list(db.session.scalars(query.order_by(CertificateInstall.id)))


def certificate_of(install: CertificateInstall) -> SignatureCertificate:
    return db.session.get(SignatureCertificate, install.certificate_id)


def read_upload(upload) -> bytes:
    data = upload.read(MAX_CONTAINER_BYTES + 1)
    if len(data) > MAX_CONTAINER_BYTES:
        raise ServiceError("container", "Файл контейнера должен быть меньше 64 КБ")
    return data


def install(secret: str | None, upload, pin: str, source: str) -> str:
    """Import a container with its PIN into this browser; answer the browser's secret (a new
    one for a browser without any). A wrong PIN counts against the source like a password."""
    throttle = lockout.source_throttle(source)
    lockout.check_source(throttle)
    data = read_upload(upload)
    try:
        certificate, _ = open_container(data, pin)
    except ValueError:
        lockout.register_failure(None, throttle)
        db.session.commit()
        raise ServiceError("container", CANNOT_OPEN) from None
    secret = secret or secrets.token_urlsafe(32)
    db.session.execute(
        delete(CertificateInstall).where(
            CertificateInstall.browser_hash == digest(secret),
            CertificateInstall.certificate_id == certificate.id,
        )
    )
    db.session.add(
        CertificateInstall(
            browser_hash=digest(secret),
            certificate_id=certificate.id,
            container=data,
            created_at=clock.now(),
        )
    )
    db.session.commit()
    return secret


def installed_one(secret: str | None, install_id: int | None) -> CertificateInstall:
    found = db.session.get(CertificateInstall, install_id) if install_id else None
    if found is None or not secret or found.browser_hash != digest(secret):
        raise ServiceError("certificate", "Выберите сертификат из списка")
    return found


def unlock(install: CertificateInstall, pin: str, source: str) -> bytes:
    """The container's private key; a wrong PIN is a failed attempt under the owner's lockout."""
    certificate = certificate_of(install)
    owner = db.session.scalar(select(Persona).where(Persona.snils == certificate.owner_snils))
    throttle = lockout.source_throttle(source)
    lockout.check_source(throttle)
    if owner is not None:
        lockout.check_not_locked(owner)
    try:
        return open_container(install.container, pin)[1]
    except ValueError:
        lockout.register_failure(owner, throttle)
        db.session.commit()
        if owner is not None:
            lockout.check_not_locked(owner)
        raise ServiceError("pin", WRONG_PIN) from None


def log_in(secret: str | None, install_id: int | None, pin: str, source: str) -> Persona:
    """Sign a fresh challenge with a container installed in this browser, opened by its PIN,
    and check the signature as ESIA does; the person it proves."""
    install_ = installed_one(secret, install_id)
    key = unlock(install_, pin, source)
    challenge = secrets.token_bytes(32)
    persona = esign.verify(certificate_of(install_), challenge, gost.sign(key, challenge))
    persona.failed_logins = 0
    db.session.commit()
    return persona


def remember(response, secret: str):
    """Give the browser its plugin secret: HttpOnly, only for the signature pages."""
    response.set_cookie(
        COOKIE,
        secret,
        max_age=90 * 24 * 3600,
        path=PATH,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def forget_certificates_of(snils: str | None) -> None:
    """Uninstall a person's certificates from every browser (the person is deleted); the
    caller commits."""
    if not snils:
        return
    ids = select(SignatureCertificate.id).where(SignatureCertificate.owner_snils == snils)
    db.session.execute(delete(CertificateInstall).where(CertificateInstall.certificate_id.in_(ids)))


def persons_container(persona: Persona, certificate_id: int) -> bytes | None:
    """The key container of one of the person's certificates, locked by the demo PIN."""
    owned = {c.id: c for c in esign.certificates_of(persona)}
    return container(owned[certificate_id]) if certificate_id in owned else None
