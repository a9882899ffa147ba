"""GOST R 34.11-2012 (Streebog) and GOST R 34.10-2012 (256): keys, raw signatures and
certificates in OpenSSL's byte order, for both apps.

`gostcrypto` works big-endian; OpenSSL gost-engine (what ESIA takes, reference §2.2) writes the
key's coordinates little-endian and the signature as s || r... reversed. The recipe, checked
against OpenSSL in the reference: public key = each 32-byte coordinate reversed; digest =
streebog256(message) reversed; signature halves swapped.
`cryptography` cannot load GOST keys, so certificates are read and built with asn1crypto. The
curve arithmetic is `gost_ec` (gostcrypto's curves and conventions, checked against it in the
tests, much faster).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import core, keys, x509
from asn1crypto import pem as asn1pem
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import serialization
from gostcrypto import gosthash

from . import gost_ec


def streebog256(data: bytes) -> bytes:
    # gostcrypto already uses the byte order of OpenSSL gost-engine and BouncyCastle
    # (M1 of RFC 6986 -> 9d151eef...), the one AISGorod hashes certificates with; RFC 6986
    # prints messages and digests byte-reversed, so no reversal here.
    return bytes(gosthash.new("streebog256", data=data).digest())


def certificate_hash(certificate: cx509.Certificate) -> str:
    """ESIA client_certificate_hash: Streebog-256 of the DER certificate, upper-case hex."""
    return streebog256(certificate.public_bytes(serialization.Encoding.DER)).hex().upper()


GOST_KEY = "1.2.643.7.1.1.1.1"  # id-tc26-gost3410-12-256
GOST_SIGNATURE = "1.2.643.7.1.1.3.2"  # id-tc26-signwithdigest-gost3410-12-256
STREEBOG_256 = "1.2.643.7.1.1.2.2"
# Parameter-set OIDs a certificate may name, and the curve each one means.
CURVES = {
    "1.2.643.7.1.2.1.1.1": "id-tc26-gost-3410-2012-256-paramSetA",
    "1.2.643.7.1.2.1.1.2": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.7.1.2.1.1.3": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.7.1.2.1.1.4": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.2.2.35.1": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-A
    "1.2.643.2.2.35.2": "id-tc26-gost-3410-2012-256-paramSetC",  # CryptoPro-B
    "1.2.643.2.2.35.3": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-C
    "1.2.643.2.2.36.0": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-XchA
    "1.2.643.2.2.36.1": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-XchB
}
DEFAULT_PARAMSET = "1.2.643.2.2.35.1"


class GostError(Exception):
    """A GOST key or signature that cannot be used; str(e) is a short English reason."""


def _swap_halves(data: bytes) -> bytes:
    return bytes(data[32:] + data[:32])


def new_private_key() -> bytes:
    """A private key as OpenSSL's PKCS#8 octets hold it (little-endian)."""
    return secrets.randbelow(2**255).to_bytes(32, "little")


def public_key(private_le: bytes, paramset: str = DEFAULT_PARAMSET) -> bytes:
    """The 64-byte public key as a certificate holds it: X and Y, each little-endian."""
    point = gost_ec.public_key(CURVES[paramset], private_le[::-1])
    return point[:32][::-1] + point[32:][::-1]


def sign(private_le: bytes, message: bytes, paramset: str = DEFAULT_PARAMSET) -> bytes:
    """A raw 64-byte signature exactly as `openssl dgst -md_gost12_256 -sign` writes it."""
    digest = streebog256(message)[::-1]
    return _swap_halves(gost_ec.sign(CURVES[paramset], private_le[::-1], digest))


def verify(public_le: bytes, message: bytes, signature: bytes, paramset: str) -> None:
    """Check an OpenSSL-order raw signature; raise GostError if it does not verify."""
    if len(signature) != 64:
        raise GostError(f"a GOST signature has 64 bytes, not {len(signature)}")
    point = public_le[:32][::-1] + public_le[32:][::-1]
    digest = streebog256(message)[::-1]
    if not gost_ec.verify(CURVES[paramset], point, digest, _swap_halves(signature)):
        raise GostError("GOST signature does not verify")


def certificate_key(der: bytes) -> tuple[bytes, str] | None:
    """(public key, parameter-set OID) of a GOST-256 certificate; None for any other key."""
    spki = x509.Certificate.load(der)["tbs_certificate"]["subject_public_key_info"]
    info = GostPublicKeyInfo.load(spki.dump())
    if info["algorithm"]["algorithm"].dotted != GOST_KEY:
        return None
    params = GostKeyParams.load(info["algorithm"]["parameters"].dump())
    paramset = params["public_key_param_set"].dotted
    if paramset not in CURVES:
        raise GostError(f"unknown GOST parameter set {paramset}")
    point = core.OctetString.load(info["public_key"].native).native
    if len(point) != 64:
        raise GostError("GOST-256 public key is not 64 bytes")
    return point, paramset


def _name(common_name: str, organization: str = "") -> x509.Name:
    fields = {"common_name": common_name}
    if organization:
        fields["organization_name"] = organization
    return x509.Name.build(fields)


class GostKeyParams(core.Sequence):
    _fields = [
        ("public_key_param_set", core.ObjectIdentifier),
        ("digest_param_set", core.ObjectIdentifier, {"optional": True}),
    ]


class GostKeyAlgorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class GostPublicKeyInfo(core.Sequence):
    """SubjectPublicKeyInfo of a GOST key: asn1crypto's own class knows no GOST OIDs."""

    _fields = [("algorithm", GostKeyAlgorithm), ("public_key", core.OctetBitString)]


def _spki(public_le: bytes, paramset: str) -> keys.PublicKeyInfo:
    info = GostPublicKeyInfo(
        {
            "algorithm": {
                "algorithm": GOST_KEY,
                "parameters": core.Any.load(
                    GostKeyParams(
                        {"public_key_param_set": paramset, "digest_param_set": STREEBOG_256}
                    ).dump()
                ),
            },
            "public_key": core.OctetString(public_le).dump(),
        }
    )
    return keys.PublicKeyInfo.load(info.dump())


@dataclass(frozen=True)
class Issuer:
    """Who signs a certificate: their key and their name (a certification centre)."""

    private_key: bytes
    name: x509.Name
    paramset: str = DEFAULT_PARAMSET


def make_certificate(
    private_le: bytes,
    common_name: str,
    not_before: datetime,
    not_after: datetime,
    serial: int | None = None,
    paramset: str = DEFAULT_PARAMSET,
    issuer: Issuer | None = None,
    ca: bool = False,
) -> bytes:
    """A GOST R 34.10-2012 (256) X.509 certificate, DER: self-signed unless `issuer` signs it."""
    name = _name(common_name, "Учебная среда" if issuer or ca else "")
    issuer = issuer or Issuer(private_le, name, paramset)
    signature_algorithm = {"algorithm": GOST_SIGNATURE}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial or secrets.randbits(63),
            "signature": signature_algorithm,
            "issuer": issuer.name,
            "validity": {
                "not_before": x509.Time({"utc_time": not_before}),
                "not_after": x509.Time({"utc_time": not_after}),
            },
            "subject": name,
            "subject_public_key_info": _spki(public_key(private_le, paramset), paramset),
            "extensions": _extensions(ca),
        }
    )
    signature = sign(issuer.private_key, tbs.dump(), issuer.paramset)
    certificate = x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": signature_algorithm,
            "signature_value": signature,
        }
    )
    return certificate.dump()


def _extensions(ca: bool) -> list:
    usage = {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}
    return [
        {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": ca}},
        {"extn_id": "key_usage", "critical": True, "extn_value": usage},
    ]


def issued_by(der: bytes, issuer_der: bytes, moment: datetime) -> bool:
    """Whether the GOST certificate `der` was signed by the GOST CA `issuer_der` and is valid
    at `moment` (aware): the one-step chain the stand's demo root gives."""
    try:
        cert, ca = x509.Certificate.load(der), x509.Certificate.load(issuer_der)
        key = certificate_key(issuer_der)
        tbs = cert["tbs_certificate"]
        if key is None or cert.issuer != ca.subject or not ca.ca:
            return False
        verify(key[0], tbs.dump(), cert["signature_value"].native, key[1])
        return tbs["validity"]["not_before"].native <= moment <= tbs["validity"]["not_after"].native
    except (GostError, ValueError, TypeError, KeyError):
        return False


def pem(der: bytes) -> str:
    return asn1pem.armor("CERTIFICATE", der).decode()
