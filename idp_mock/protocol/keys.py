"""The simulator's token-signing key and self-signed certificate, made on first start."""

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import current_app
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select

from common import certs
from common.per_request import forget, once_per_request
from idp_mock import clock
from idp_mock.models import SigningKeyRecord, db


@dataclass(frozen=True)
class SigningKey:
    private_pem: bytes
    certificate_pem: bytes
    public_pem: bytes

    @cached_property
    def private_key(self):
        """The parsed key: loading an RSA key checks it, which costs tens of milliseconds."""
        return serialization.load_pem_private_key(self.private_pem, None)

    @cached_property
    def public_key(self):
        return serialization.load_pem_public_key(self.public_pem)

    @cached_property
    def jwk(self) -> dict:
        """The public key as a JWK, its `kid` the RFC 7638 thumbprint."""
        fields = json.loads(RSAAlgorithm.to_jwk(self.public_key))
        required = {name: fields[name] for name in ("e", "kty", "n")}
        canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
        kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()
        return {**required, "kid": kid, "use": "sig", "alg": "RS256"}

    @property
    def kid(self) -> str:
        return self.jwk["kid"]


CERT_NAME, CERT_ORG = "ESIA MOCK (не настоящая ЕСИА)", "Симулятор Госуслуг"
STAGES = ("publish", "activate", "retire")
PUBLISHED = ("next", "active", "previous")


def load_or_create(data_dir: Path) -> SigningKey:
    return from_pems(*certs.load_or_create(Path(data_dir) / "idp-keys", CERT_NAME, CERT_ORG))


def from_pems(key_pem: bytes, cert_pem: bytes) -> SigningKey:
    public_pem = (
        x509.load_pem_x509_certificate(cert_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return SigningKey(key_pem, cert_pem, public_pem)


def from_record(record: SigningKeyRecord) -> SigningKey:
    """Parsed keys are kept per process by kid: parsing an RSA key costs tens of milliseconds."""
    cache = current_app.extensions.setdefault("rotated_keys", {})
    if record.kid not in cache:
        cache[record.kid] = from_pems(record.private_pem.encode(), record.certificate_pem.encode())
    return cache[record.kid]


def records() -> list[SigningKeyRecord]:
    """The rotated keys, read once per request (a token reply signs several JWTs)."""
    query = select(SigningKeyRecord).order_by(SigningKeyRecord.created_at)
    return once_per_request("signing key records", lambda: list(db.session.scalars(query)))


def active() -> SigningKey:
    """The key that signs tokens now: the data directory's until the first rotation."""
    for record in records():
        if record.status == "active":
            return from_record(record)
    return current_app.extensions["signing_key"]


def published() -> list[SigningKey]:
    """Every key a client may meet in a token's kid: what the JWKS lists."""
    rows = records()
    return [from_record(r) for r in rows if r.status in PUBLISHED] or [active()]


def record_of(key: SigningKey, status: str) -> SigningKeyRecord:
    return SigningKeyRecord(
        kid=key.kid,
        private_pem=key.private_pem.decode(),
        certificate_pem=key.certificate_pem.decode(),
        status=status,
        created_at=clock.now(),
    )


def rotate(stage: str) -> list[SigningKeyRecord]:
    """Two-stage rotation: `publish` a next key, `activate` it, `retire` the previous one."""
    if stage not in STAGES:
        raise ValueError(stage)
    rows = records()
    if not rows:
        rows = [record_of(current_app.extensions["signing_key"], "active")]
        db.session.add(rows[0])
    by_status = {r.status: r for r in rows}
    if stage == "publish" and "next" not in by_status:
        key_pem, cert_pem = certs.make_self_signed(CERT_NAME, CERT_ORG)
        db.session.add(record_of(from_pems(key_pem, cert_pem), "next"))
    elif stage == "activate" and "next" in by_status:
        if "previous" in by_status:
            by_status["previous"].status = "retired"
        by_status["active"].status = "previous"
        by_status["next"].status = "active"
    elif stage == "retire" and "previous" in by_status:
        by_status["previous"].status = "retired"
    db.session.commit()
    forget("signing key records")
    return records()


def public_key_for(token: str):
    """The public key of the kid in a JWT's header (the active key when it names none)."""
    kid = jwt.get_unverified_header(token).get("kid")
    for key in published():
        if key.kid == kid:
            return key.public_key
    return active().public_key
