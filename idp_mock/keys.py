"""The simulator's token-signing key and self-signed certificate, made on first start."""

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from common import certs


@dataclass(frozen=True)
class SigningKey:
    private_pem: bytes
    certificate_pem: bytes
    public_pem: bytes


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
