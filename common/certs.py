"""RSA key pairs with self-signed certificates, made once into the data directory."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .datadir import ensure_dir, write_private


def make_self_signed(common_name: str, organization: str = "") -> tuple[bytes, bytes]:
    """A fresh RSA-2048 key (PKCS#8 PEM) and a ten-year self-signed certificate (PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    start = datetime.now(UTC) - timedelta(days=1)
    certificate = self_signed(key, x509.Name(attributes), start, timedelta(days=3650))
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def self_signed(key, name: x509.Name, start: datetime, lifetime: timedelta) -> x509.Certificate:
    """A certificate of `key` signed by itself, valid for `lifetime` from `start`."""
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + lifetime)
        .sign(key, hashes.SHA256())
    )


def load_or_create(folder: Path, common_name: str, organization: str = "") -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) from `folder`, generated there on first use."""
    folder = ensure_dir(folder)
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    if not key_path.exists():
        key_pem, cert_pem = make_self_signed(common_name, organization)
        write_private(cert_path, cert_pem)
        write_private(key_path, key_pem)
    return key_path.read_bytes(), cert_path.read_bytes()
