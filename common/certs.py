"""RSA key pairs with certificates, made once into the data directory: self-signed ones, and a
small certification centre (a root and the certificates it issues) for the demo stand."""

import fcntl
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
    start = datetime.now(UTC) - timedelta(days=1)
    name = name_of(common_name, organization)
    return pems(key, self_signed(key, name, start, timedelta(days=3650)))


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


def load_or_create(
    folder: Path, common_name: str, organization: str = "", make=None
) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) from `folder`, generated there on first use by `make`
    (a self-signed certificate unless told otherwise)."""
    folder = ensure_dir(folder)
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    if not key_path.exists():
        # Workers starting together make one key, not one each: a certificate issued under
        # the loser's root would never chain to the winner's.
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not key_path.exists():
                key_pem, cert_pem = (make or make_self_signed)(common_name, organization)
                write_private(cert_path, cert_pem)
                write_private(key_path, key_pem)
    return key_path.read_bytes(), cert_path.read_bytes()


def name_of(common_name: str, organization: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


def pems(key, certificate: x509.Certificate) -> tuple[bytes, bytes]:
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def make_root(common_name: str, organization: str = "") -> tuple[bytes, bytes]:
    """A root certification centre: a fresh key and a ten-year self-signed CA certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name, start = name_of(common_name, organization), datetime.now(UTC) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(CA_USAGE, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return pems(key, certificate)


def issue_signing(
    issuer_key, issuer: x509.Certificate, common_name: str, organization: str = ""
) -> tuple[bytes, bytes]:
    """A fresh key and a certificate for signing documents, issued by `issuer` and valid
    for five years (never past the issuer's own end)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = datetime.now(UTC) - timedelta(days=1)
    end = min(start + timedelta(days=5 * 365), issuer.not_valid_after_utc)
    issuer_ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name_of(common_name, organization))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(SIGNING_USAGE, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski), False
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return pems(key, certificate)


KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def usage(**granted: bool) -> x509.KeyUsage:
    return x509.KeyUsage(**{flag: granted.get(flag, False) for flag in KEY_USAGES})


CA_USAGE = usage(key_cert_sign=True, crl_sign=True)
SIGNING_USAGE = usage(digital_signature=True, content_commitment=True)
