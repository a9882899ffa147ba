"""Loading client certificates and their hashes (GOST R 34.11-2012 Streebog, SHA-256)."""

from __future__ import annotations

import base64
import datetime
import hashlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.x509.oid import NameOID

from common.certs import self_signed
from common.gost import streebog256
from idp_mock.protocol.signatures import (
    SignatureError,
    certificate_hash,
    certificate_sha256,
    load_certificate,
    verify_pkcs7,
    verify_raw_rsa,
)
from tests.support.signing import (
    MESSAGE,
    Identity,
    openssl_sign,
    with_gost_public_key,
)


def test_certificate_loads_from_pem_text_pem_bytes_der_and_bare_base64(
    registered: Identity,
) -> None:
    pem = registered.cert.public_bytes(serialization.Encoding.PEM)
    der = registered.cert.public_bytes(serialization.Encoding.DER)
    for source in (pem, pem.decode(), der, base64.encodebytes(der)):
        assert load_certificate(source) == registered.cert


def certificate_whose_der_ends_in_white_space():
    """A self-signed certificate whose DER's last byte reads as white space (about 1 in 40)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "edge")])
    start = datetime.datetime(2026, 1, 1)
    while True:
        cert = self_signed(key, name, start, datetime.timedelta(days=1))
        if cert.public_bytes(serialization.Encoding.DER)[-1:] in b" \t\n\r\x0b\x0c":
            return cert


def test_der_ending_in_a_white_space_byte_loads_whole() -> None:
    cert = certificate_whose_der_ends_in_white_space()
    assert load_certificate(cert.public_bytes(serialization.Encoding.DER)) == cert


def test_loading_something_that_is_not_a_certificate_raises_value_error() -> None:
    with pytest.raises(ValueError):
        load_certificate("definitely not a certificate")


def test_certificate_hash_is_64_upper_hex_chars_and_deterministic(registered: Identity) -> None:
    value = certificate_hash(registered.cert)

    assert len(value) == 64
    assert value == value.upper()
    int(value, 16)
    assert certificate_hash(registered.cert) == value


def test_certificate_hash_differs_between_certificates(
    registered: Identity, foreign: Identity
) -> None:
    assert certificate_hash(registered.cert) != certificate_hash(foreign.cert)


def test_certificate_hash_is_streebog_256_of_the_der_bytes(registered: Identity) -> None:
    der = registered.cert.public_bytes(serialization.Encoding.DER)

    assert certificate_hash(registered.cert) == streebog256(der).hex().upper()


@pytest.mark.parametrize(
    ("data", "digest"),
    [
        # Byte order as printed by OpenSSL gost-engine, BouncyCastle and gogost; RFC 6986 prints
        # both message and digest byte-reversed (M1's digest there reads 00557be5...).
        (b"", "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"),
        (
            b"012345678901234567890123456789012345678901234567890123456789012",
            "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
        ),
        (
            bytes.fromhex(
                "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff"
                "20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb"
            ),
            "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50",
        ),
    ],
    ids=["empty", "rfc6986-M1", "rfc6986-M2"],
)
def test_streebog_256_matches_the_known_answer_vectors(data: bytes, digest: str) -> None:
    assert streebog256(data).hex() == digest


def test_certificate_sha256_is_sha256_of_the_der_bytes(registered: Identity) -> None:
    der = registered.cert.public_bytes(serialization.Encoding.DER)

    assert certificate_sha256(registered.cert) == hashlib.sha256(der).hexdigest().upper()


def test_gost_certificate_gets_a_hash_and_a_clear_refusal_of_rsa_signatures(
    tmp_path: Path, registered: Identity
) -> None:
    gost_cert = with_gost_public_key(registered.cert)
    assert gost_cert.public_key_algorithm_oid.dotted_string == "1.2.643.7.1.1.1.1"
    der = openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    raw = registered.key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    assert len(certificate_hash(gost_cert)) == 64
    # A GOST certificate is read now; an RSA signer is simply not its key.
    with pytest.raises(SignatureError, match="not the registered certificate"):
        verify_pkcs7(der, MESSAGE, gost_cert)
    with pytest.raises(SignatureError, match="not supported"):
        verify_raw_rsa(raw, MESSAGE, gost_cert)
