"""Relying parties the tester registers: their certificate checked, stored, shown as JSON."""

from cryptography import x509
from sqlalchemy import select

from common.errors import ServiceError
from idp_mock.models import Client, db
from idp_mock.protocol.signatures import is_gost

GOST_ONLY = (
    "В режиме gost нужен сертификат ГОСТ Р 34.10-2012 (256), как на технологическом "
    "портале ЕСИА; для сертификата RSA выберите режим strict"
)


def listed() -> list[Client]:
    return list(db.session.scalars(select(Client)))


def check_certificate(data: dict) -> None:
    if data.get("certificate_pem"):
        try:
            certificate = x509.load_pem_x509_certificate(data["certificate_pem"].encode())
        except ValueError:
            raise ServiceError("certificate_pem", "Сертификат должен быть в формате PEM") from None
        if data.get("signature_mode") == "gost" and not is_gost(certificate):
            raise ServiceError("certificate_pem", GOST_ONLY)
    elif data.get("signature_mode") != "off":
        raise ServiceError("certificate_pem", "Без сертификата допустим только режим off")


def register(data: dict) -> Client:
    """Register a relying party, or replace the one with its client_id, from every field."""
    check_certificate(data)
    client = db.session.get(Client, data["client_id"]) or Client(client_id=data["client_id"])
    for name, value in data.items():
        setattr(client, name, value)
    db.session.add(client)
    db.session.commit()
    return client


def as_json(client: Client) -> dict:
    return {
        "client_id": client.client_id,
        "name": client.name,
        "certificate_pem": client.certificate_pem,
        "redirect_uris": client.redirect_uris,
        "scopes": client.scopes,
        "signature_mode": client.signature_mode,
        "post_logout_redirect_uris": client.post_logout_redirect_uris or [],
    }
