"""Verification of ESIA ``client_secret`` values and certificate fingerprints.

See /work/shared/reference/esia-protocol.md §2.2 for the client_secret variants accepted here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from common.gost import certificate_hash
from idp_mock.protocol import gost

__all__ = [
    "SignatureError",
    "certificate_hash",
    "certificate_sha256",
    "decode_client_secret",
    "load_certificate",
    "verify_pkcs7",
    "verify_raw",
    "verify_raw_cryptopro",
    "verify_raw_rsa",
]


class SignatureError(Exception):
    """Why a client_secret did not verify; str(e) is a short English reason for logs."""


_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}

# What asn1crypto raises on malformed input.
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)

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
    stripped = data.strip()
    if b"-----BEGIN" in stripped:
        return x509.load_pem_x509_certificate(stripped)
    if stripped[:1] == b"\x30":
        return x509.load_der_x509_certificate(stripped)
    # .cer files exported from Windows are often base64 without the PEM armour.
    try:
        der = base64.b64decode(b"".join(stripped.split()), validate=True)
    except binascii.Error as exc:
        raise ValueError("not a PEM or DER certificate") from exc
    return x509.load_der_x509_certificate(der)


def verify_pkcs7(secret: bytes, message: bytes, certificate: x509.Certificate) -> None:
    """Check that `secret` is a CMS SignedData by `certificate` over `message`."""
    public_key = _rsa_public_key(certificate)
    signed_data = _parse_signed_data(secret)
    try:
        _verify_signed_data(signed_data, message, certificate, public_key)
    except (*_ASN1_ERRORS, UnsupportedAlgorithm) as exc:
        # asn1crypto parses lazily, so a malformed inner field only surfaces here.
        raise SignatureError(f"malformed SignedData ({exc.__class__.__name__})") from exc


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
    except (gost.GostError, *_ASN1_ERRORS) as exc:
        raise SignatureError("certificate key cannot be read") from exc
    if gost_key is None:
        return verify_raw_rsa(signature, message, certificate)
    try:
        gost.verify(gost_key[0], message, signature, gost_key[1])
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


def _parse_signed_data(secret: bytes) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(secret, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureError("not a CMS SignedData")
        signed_data = info["content"]
        # Touch what verification needs, so that garbage fails here rather than later.
        signed_data["encap_content_info"].native  # noqa: B018
        signed_data["signer_infos"].native  # noqa: B018
    except SignatureError:
        raise
    except _ASN1_ERRORS as exc:
        raise SignatureError("not a CMS SignedData") from exc
    return signed_data


def _verify_signed_data(
    signed_data: cms.SignedData,
    message: bytes,
    certificate: x509.Certificate,
    public_key: rsa.RSAPublicKey,
) -> None:
    signer_infos = list(signed_data["signer_infos"])
    if len(signer_infos) != 1:
        raise SignatureError(f"expected exactly one signer, found {len(signer_infos)}")
    signer = signer_infos[0]

    _check_embedded_content(signed_data, message)
    _check_signer_identity(signed_data, signer, certificate)

    digest_name = signer["digest_algorithm"]["algorithm"].native
    hash_cls = _HASHES.get(digest_name)
    if hash_cls is None:
        raise SignatureError(f"unsupported digest algorithm {digest_name}")

    signed_attrs = signer["signed_attrs"]
    if signed_attrs.native:
        _check_message_digest(signed_attrs, hash_cls, message)
        # The signature covers the attributes as a DER SET OF, not as the [0]-tagged field;
        # the as-sent bytes are also tried for signers that do not sort the SET.
        der_attrs = signed_attrs.untag().dump(force=True)
        as_sent = b"\x31" + signed_attrs.dump()[1:]
        candidates = [der_attrs] if der_attrs == as_sent else [der_attrs, as_sent]
    else:
        candidates = [message]

    pad = _signature_padding(signer)
    signature = signer["signature"].native
    for data in candidates:
        try:
            public_key.verify(signature, data, pad, hash_cls())
            return
        except InvalidSignature:
            continue
    raise SignatureError("signature does not verify")


def _check_embedded_content(signed_data: cms.SignedData, message: bytes) -> None:
    content = signed_data["encap_content_info"]["content"]
    if content.native is None:
        return
    embedded = bytes(content) if isinstance(content, cms.ParsableOctetString) else content.native
    if not isinstance(embedded, bytes):
        raise SignatureError("embedded content is not an OCTET STRING")
    if embedded != message:
        raise SignatureError("content does not match")


def _check_signer_identity(
    signed_data: cms.SignedData, signer: cms.SignerInfo, certificate: x509.Certificate
) -> None:
    sid = signer["sid"]
    registered_key = _spki(certificate.public_key())
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        embedded = choice.chosen
        if _sid_matches(sid, embedded):
            # A client may embed a renewed certificate for the same key; the key is what counts.
            embedded_key = serialization.load_der_public_key(embedded.public_key.dump())
            if _spki(embedded_key) != registered_key:
                raise SignatureError("signer is not the registered certificate")
            return
    registered = cms.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    if not _sid_matches(sid, registered):
        raise SignatureError("signer is not the registered certificate")


def _sid_matches(sid: cms.SignerIdentifier, cert: cms.Certificate) -> bool:
    if sid.name == "issuer_and_serial_number":
        wanted = sid.chosen
        return (
            wanted["issuer"] == cert.issuer and wanted["serial_number"].native == cert.serial_number
        )
    ski = sid.chosen.native
    return ski in (cert.key_identifier, cert.public_key.sha1)


def _spki(public_key: PublicKeyTypes) -> bytes:
    # Re-encoded by cryptography so that a non-canonical SPKI of the same key still compares equal.
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _check_message_digest(
    signed_attrs: cms.CMSAttributes, hash_cls: type[hashes.HashAlgorithm], message: bytes
) -> None:
    values = [attr["values"] for attr in signed_attrs if attr["type"].native == "message_digest"]
    if len(values) != 1 or len(values[0]) != 1:
        raise SignatureError("signed attributes lack a single messageDigest")
    digest = hashes.Hash(hash_cls())
    digest.update(message)
    if not hmac.compare_digest(values[0][0].native, digest.finalize()):
        raise SignatureError("message digest mismatch")


def _signature_padding(signer: cms.SignerInfo) -> padding.AsymmetricPadding:
    algorithm = signer["signature_algorithm"]
    try:
        kind = algorithm.signature_algo
    except ValueError as exc:
        raise SignatureError("unsupported signature algorithm") from exc
    if kind == "rsassa_pkcs1v15":
        return padding.PKCS1v15()
    if kind != "rsassa_pss":
        raise SignatureError(f"unsupported signature algorithm {kind}")
    params = algorithm["parameters"]
    mgf_hash = _HASHES.get(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
    if params["mask_gen_algorithm"]["algorithm"].native != "mgf1" or mgf_hash is None:
        raise SignatureError("unsupported RSASSA-PSS parameters")
    return padding.PSS(mgf=padding.MGF1(mgf_hash()), salt_length=params["salt_length"].native)
