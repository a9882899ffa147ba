"""Signatures made the way real ESIA clients make them: OpenSSL, cryptography's PKCS#7
builder, and hand-built DER, for the client_secret tests."""

from __future__ import annotations

import base64
import subprocess
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from common.certs import make_self_signed

MESSAGE = (
    b"openid fullname snils email mobile"
    b"2025.11.26 04:17:36 +0300"
    b"MEDACCRED01"
    b"5b1c4c9e-3f0a-4f5e-9d0c-7a2d7f0b8e41"
)


@dataclass(frozen=True)
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    key_path: Path
    cert_path: Path


def make_identity(directory: Path, common_name: str) -> Identity:
    """A self-signed RSA identity, its key and certificate also written to files for OpenSSL."""
    key_pem, cert_pem = make_self_signed(common_name)
    key_path = directory / f"{common_name}.key"
    cert_path = directory / f"{common_name}.pem"
    key_path.write_bytes(key_pem)
    cert_path.write_bytes(cert_pem)
    key = serialization.load_pem_private_key(key_pem, None)
    return Identity(key, x509.load_pem_x509_certificate(cert_pem), key_path, cert_path)


def openssl_sign(
    tmp_path: Path, who: Identity, message: bytes, command: list[str], *options: str
) -> bytes:
    """Run `openssl <command> -sign ... -outform DER` over `message`, return the DER/BER output."""
    msg_path = tmp_path / "message.txt"
    out_path = tmp_path / "signature.der"
    msg_path.write_bytes(message)
    subprocess.run(
        [
            "openssl",
            *command,
            "-sign",
            "-in",
            str(msg_path),
            "-signer",
            str(who.cert_path),
            "-inkey",
            str(who.key_path),
            # after -signer/-inkey, since -keyopt applies to the signer named before it
            *options,
            "-outform",
            "DER",
            "-out",
            str(out_path),
        ],
        check=True,
        capture_output=True,
    )
    return out_path.read_bytes()


def builder_sign(
    who_cert: x509.Certificate,
    who_key: rsa.RSAPrivateKey,
    message: bytes,
    options: list[pkcs7.PKCS7Options],
) -> bytes:
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(message)
        .add_signer(who_cert, who_key, hashes.SHA256())
        .sign(serialization.Encoding.DER, options)
    )


def signer_info(der: bytes) -> cms.SignerInfo:
    return cms.ContentInfo.load(der)["content"]["signer_infos"][0]


def has_embedded_content(der: bytes) -> bool:
    return cms.ContentInfo.load(der)["content"]["encap_content_info"]["content"].native is not None


def der_tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


def with_gost_public_key(cert: x509.Certificate) -> x509.Certificate:
    """The same certificate with a GOST R 34.10-2012-256 key, which cryptography cannot load."""
    gost_spki = der_tlv(
        0x30,
        der_tlv(
            0x30,
            oid("1.2.643.7.1.1.1.1")
            + der_tlv(0x30, oid("1.2.643.7.1.2.1.1.1") + oid("1.2.643.7.1.1.2.2")),
        )
        + der_tlv(0x03, b"\x00" + core.OctetString(bytes(range(64))).dump()),
    )
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs_body = tbs.contents.replace(tbs["subject_public_key_info"].dump(), gost_spki)
    der = der_tlv(
        0x30,
        der_tlv(0x30, tbs_body)
        + parsed["signature_algorithm"].dump()
        + parsed["signature_value"].dump(),
    )
    return x509.load_der_x509_certificate(der)


def urlsafe_unpadded(der: bytes) -> str:
    return base64.urlsafe_b64encode(der).decode().rstrip("=")
