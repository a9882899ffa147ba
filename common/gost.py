"""GOST R 34.11-2012 (Streebog) as ESIA uses it for client_certificate_hash."""

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from gostcrypto import gosthash


def streebog256(data: bytes) -> bytes:
    # gostcrypto already uses the byte order of OpenSSL gost-engine and BouncyCastle
    # (M1 of RFC 6986 -> 9d151eef...), the one AISGorod hashes certificates with; RFC 6986
    # prints messages and digests byte-reversed, so no reversal here.
    return bytes(gosthash.new("streebog256", data=data).digest())


def certificate_hash(certificate: x509.Certificate) -> str:
    """ESIA client_certificate_hash: Streebog-256 of the DER certificate, upper-case hex."""
    return streebog256(certificate.public_bytes(serialization.Encoding.DER)).hex().upper()
