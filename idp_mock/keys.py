"""The simulator's token-signing key and self-signed certificate, made on first start."""

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

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
