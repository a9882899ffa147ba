"""GOST R 34.10-2012 (256) key pairs made once into the data directory: the cabinet's own key
for signing its ESIA requests, and the stand's demo certification centre, whose root issues
the persons' electronic-signature certificates a tester asks for and signs the trainers' demo
document. Keys are PKCS#8 as OpenSSL gost-engine writes them, generated on first start and never
committed."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import core
from asn1crypto import pem as asn1pem
from asn1crypto import x509 as asn1_x509

from . import gost
from .certs import load_or_create

ROOT_NAME = "ДЕМО Корневой УЦ ГОСТ учебной среды"
ROOT_FOLDER = "demo-ca-gost"


class GostPrivateKeyInfo(core.Sequence):
    """PKCS#8 of a GOST key: asn1crypto's own class knows no GOST OIDs."""

    _fields = [
        ("version", core.Integer),
        ("algorithm", gost.GostKeyAlgorithm),
        ("private_key", core.OctetString),
    ]


def private_pem(private_le: bytes, paramset: str = gost.DEFAULT_PARAMSET) -> bytes:
    params = gost.GostKeyParams(
        {"public_key_param_set": paramset, "digest_param_set": gost.STREEBOG_256}
    )
    info = GostPrivateKeyInfo(
        {
            "version": 0,
            "algorithm": {"algorithm": gost.GOST_KEY, "parameters": core.Any.load(params.dump())},
            "private_key": core.OctetString(private_le).dump(),
        }
    )
    return asn1pem.armor("PRIVATE KEY", info.dump())


def private_key(key_pem: bytes) -> bytes:
    """The 32 key octets (little-endian) of a PKCS#8 GOST key this module wrote."""
    info = GostPrivateKeyInfo.load(asn1pem.unarmor(key_pem)[2])
    return core.OctetString.load(info["private_key"].native).native


def self_signed(common_name: str, _organization: str = "") -> tuple[bytes, bytes]:
    """A fresh key and a ten-year self-signed certificate, both PEM."""
    key, start = gost.new_private_key(), datetime.now(UTC) - timedelta(days=1)
    der = gost.make_certificate(key, common_name, start, start + timedelta(days=3650))
    return private_pem(key), gost.pem(der).encode()


def make_root(common_name: str, _organization: str = "") -> tuple[bytes, bytes]:
    key, start = gost.new_private_key(), datetime.now(UTC) - timedelta(days=1)
    der = gost.make_certificate(key, common_name, start, start + timedelta(days=3650), ca=True)
    return private_pem(key), gost.pem(der).encode()


def key_pair(folder: Path, common_name: str) -> tuple[bytes, bytes]:
    """(key octets, certificate DER) of a self-signed GOST key made once in `folder`."""
    key_pem, cert_pem = load_or_create(folder, common_name, make=self_signed)
    return private_key(key_pem), asn1pem.unarmor(cert_pem)[2]


def demo_root(data_dir: Path) -> tuple[bytes, bytes]:
    """(key octets, certificate DER) of the stand's GOST root certification centre."""
    key_pem, cert_pem = load_or_create(Path(data_dir) / ROOT_FOLDER, ROOT_NAME, make=make_root)
    return private_key(key_pem), asn1pem.unarmor(cert_pem)[2]


def issue(data_dir: Path, common_name: str, starts: datetime, days: int) -> tuple[bytes, bytes]:
    """A fresh key and a signing certificate for `common_name` from the demo root (DER)."""
    root_key, root_der = demo_root(data_dir)
    issuer = gost.Issuer(root_key, asn1_x509.Certificate.load(root_der).subject)
    key = gost.new_private_key()
    der = gost.make_certificate(
        key, common_name, starts, starts + timedelta(days=days), issuer=issuer
    )
    return key, der
