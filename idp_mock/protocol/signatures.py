"""Verification of ESIA ``client_secret`` values and certificate fingerprints.

See /work/shared/reference/esia-protocol.md §2.2 for the client_secret variants accepted here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from common import cms as common_cms
from common.gost import certificate_hash
from idp_mock.protocol import gost

__all__ = [
    "SignatureError",
    "certificate_hash",
    "certificate_sha256",
    "decode_client_secret",
    "is_gost",
    "load_certificate",
    "verify_pkcs7",
    "verify_pkcs7_gost",
    "verify_raw",
    "verify_raw_gost",
    "verify_raw_cryptopro",
    "verify_raw_rsa",
]


class SignatureError(Exception):
    """Why a client_secret did not verify; str(e) is a short English reason for logs."""


_BASE64_ALPHABET = re.compile(r"[A-Za-z0-9+/]*")


def decode_client_secret(secret: str) -> bytes:
    """Decode base64url or standard base64, with any padding, as clients actually send it.

    Every space is taken for a '+' that was form-decoded, even at either end: a raw signature
    may start or end with '+'. Other whitespace (line wraps, a trailing newline) is dropped.
    """
    if not secret.strip():
        raise SignatureError("empty client_secret")
    # A '+' that went through form decoding unescaped arrives as a space.
    text = secret.replace(" ", "+")
    # Some signers wrap base64 at 64/76 columns, and CLI output ends with a newline.
    text = "".join(text.split())
    text = text.replace("-", "+").replace("_", "/")
    # passport-esia strips only the first '=', so padding may be partial; drop it and re-pad.
    text = text.rstrip("=")
    if not text:
        raise SignatureError("empty client_secret")
    if not _BASE64_ALPHABET.fullmatch(text) or len(text) % 4 == 1:
        raise SignatureError("client_secret is not base64")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error as exc:
        raise SignatureError("client_secret is not base64") from exc


def load_certificate(pem_or_der: bytes | str) -> x509.Certificate:
    """Load a PEM, DER or bare-base64 certificate; raise ValueError if it is none of those."""
    data = pem_or_der.encode("ascii", "replace") if isinstance(pem_or_der, str) else pem_or_der
    if data[:1] == b"\x30":
        # DER as it is: stripping would eat a last byte that happens to be 0x0a or 0x20.
        return x509.load_der_x509_certificate(data)
    stripped = data.strip()
    if b"-----BEGIN" in stripped:
        return x509.load_pem_x509_certificate(stripped)
    # .cer files exported from Windows are often base64 without the PEM armour.
    try:
        der = base64.b64decode(b"".join(stripped.split()), validate=True)
    except binascii.Error as exc:
        raise ValueError("not a PEM or DER certificate") from exc
    return x509.load_der_x509_certificate(der)


def verify_pkcs7(secret: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """Check that `secret` is a CMS SignedData by `certificate` over `message` (an RSA or a
    GOST R 34.10-2012 certificate; attached or detached, with or without signed attributes)."""
    _verify_signed_data(_parse(secret), message, certificate)


def verify_pkcs7_gost(secret: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """What ESIA takes on v1: a detached CMS signature by the registered GOST R 34.10-2012
    certificate, Streebog-256 digest (with or without signed attributes)."""
    _gost_key(certificate)
    signed_data = _parse(secret)
    if signed_data["encap_content_info"]["content"].native is not None:
        raise SignatureError("attached PKCS#7: ESIA takes a detached signature")
    _verify_signed_data(signed_data, message, certificate)


def _parse(secret: bytes) -> cms.SignedData:
    try:
        return common_cms.parse_signed_data(secret)
    except common_cms.Invalid as invalid:
        raise SignatureError(str(invalid)) from invalid


def _verify_signed_data(
    signed_data: cms.SignedData, message: bytes, certificate: x509.Certificate
) -> None:
    public_key = _registered_key(certificate)

    def registered_key(signed_data: cms.SignedData, signer: cms.SignerInfo):
        _check_signer_identity(signed_data, signer, certificate)
        return public_key

    try:
        common_cms.verify(signed_data, message, registered_key)
    except common_cms.Invalid as invalid:
        raise SignatureError(str(invalid)) from invalid


def _registered_key(certificate: x509.Certificate):
    try:
        found = gost.certificate_key(certificate.public_bytes(serialization.Encoding.DER))
    except (gost.GostError, *common_cms.ASN1_ERRORS) as exc:
        raise SignatureError("certificate key cannot be read") from exc
    return common_cms.GostKey(*found) if found else _rsa_public_key(certificate)


def is_gost(certificate: x509.Certificate) -> bool:
    """Whether the certificate's key is GOST R 34.10-2012 (256), as ESIA's technology portal
    takes."""
    try:
        return isinstance(_registered_key(certificate), common_cms.GostKey)
    except SignatureError:
        return False


def _gost_key(certificate: x509.Certificate) -> common_cms.GostKey:
    try:
        key = _registered_key(certificate)
    except SignatureError:
        key = None
    if not isinstance(key, common_cms.GostKey):
        raise SignatureError("the registered certificate is not GOST R 34.10-2012")
    return key


def verify_raw_rsa(signature: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """Check a bare RSA-SHA256 PKCS#1 v1.5 signature (v2/v3 protocol with an RSA certificate)."""
    public_key = _rsa_public_key(certificate)
    try:
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SignatureError("signature does not verify") from exc


def verify_raw(signature: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """Check a bare v2/v3 signature: GOST R 34.10-2012 (256) or RSA, as the certificate's key."""
    try:
        gost_key = gost.certificate_key(certificate.public_bytes(serialization.Encoding.DER))
    except (gost.GostError, *common_cms.ASN1_ERRORS) as exc:
        raise SignatureError("certificate key cannot be read") from exc
    if gost_key is None:
        return verify_raw_rsa(signature, message, certificate)
    try:
        gost.verify(gost_key[0], message, signature, gost_key[1])
    except gost.GostError as exc:
        raise SignatureError(str(exc)) from exc


def verify_raw_gost(signature: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """What ESIA takes on v2/v3: 64 bytes of GOST R 34.10-2012 (256) in OpenSSL's order."""
    key = _gost_key(certificate)
    try:
        gost.verify(key.point, message, signature, key.paramset)
    except gost.GostError as exc:
        raise SignatureError(str(exc)) from exc


def verify_raw_cryptopro(signature: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """CryptoPro (csptest, CPRawSignature) writes the OpenSSL signature byte-reversed."""
    verify_raw(signature[::-1], message, certificate)


def certificate_sha256(certificate: x509.Certificate) -> str:
    """Upper-case hex SHA-256 of the DER certificate (what fr05t1k/esia's README describes)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest().upper()


def _rsa_public_key(certificate: x509.Certificate) -> rsa.RSAPublicKey:
    try:
        public_key = certificate.public_key()
    except UnsupportedAlgorithm as exc:
        # GOST R 34.10-2012 keys land here: cryptography cannot load them.
        raise SignatureError("certificate key algorithm is not supported (RSA only)") from exc
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise SignatureError("certificate key algorithm is not supported (RSA only)")
    return public_key


def _check_signer_identity(
    signed_data: cms.SignedData, signer: cms.SignerInfo, certificate: x509.Certificate
) -> None:
    """The simulator's own rule: the signer is the client's registered certificate."""
    embedded = common_cms.embedded_certificate(signed_data, signer)
    if embedded is not None:
        # A client may embed a renewed certificate for the same key; the key is what counts.
        if _key_id(common_cms.public_key_of(embedded)) != _key_id(_registered_key(certificate)):
            raise SignatureError("signer is not the registered certificate")
        return
    registered = cms.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    if not common_cms.sid_matches(signer["sid"], registered):
        raise SignatureError("signer is not the registered certificate")


def _key_id(public_key: PublicKeyTypes | common_cms.GostKey) -> bytes | common_cms.GostKey:
    if isinstance(public_key, common_cms.GostKey):
        return public_key
    # Re-encoded by cryptography so that a non-canonical SPKI of the same key still compares equal.
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
