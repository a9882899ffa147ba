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

from common import certs


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


def load_or_create(data_dir: Path) -> SigningKey:
    key_pem, cert_pem = certs.load_or_create(
        Path(data_dir) / "idp-keys", "ESIA MOCK (не настоящая ЕСИА)", "Симулятор Госуслуг"
    )
    public_pem = (
        x509.load_pem_x509_certificate(cert_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return SigningKey(key_pem, cert_pem, public_pem)


def active() -> SigningKey:
    """The key that signs tokens now."""
    return current_app.extensions["signing_key"]


def published() -> list[SigningKey]:
    """Every key a client may meet in a token's kid: what the JWKS lists."""
    return [active()]


def public_key_for(token: str):
    """The public key of the kid in a JWT's header (the active key when it names none)."""
    kid = jwt.get_unverified_header(token).get("kid")
    for key in published():
        if key.kid == kid:
            return key.public_key
    return active().public_key
