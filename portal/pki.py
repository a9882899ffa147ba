"""The stand's demo certification centre and the roots the cabinet trusts.

The demo roots (RSA, and GOST R 34.10-2012 beside it) and the accreditation body's signing
certificate the RSA root issues are generated into the data directory on first use (keys are
never committed). An uploaded signature counts as verified only when its certificate chains to
one of the trusted roots: the demo roots, plus any in the PEM bundle `PORTAL_TRUSTED_ROOTS` names.
"""

from functools import partial
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import current_app

from common import certs, gost_ca, trust

ROOT_NAME = "ДЕМО Корневой УЦ учебной среды"
BODY_NAME = "ДЕМО ФАЦ: учебная подпись"
ORGANISATION = "Учебная среда"


def data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def demo_root() -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) of the stand's root certification centre."""
    return certs.load_or_create(data_dir() / "demo-ca", ROOT_NAME, ORGANISATION, certs.make_root)


def body_key():
    """The accreditation body's signing key and its certificate, issued by the demo root."""
    root_key_pem, root_pem = demo_root()
    issue = partial(
        certs.issue_signing,
        serialization.load_pem_private_key(root_key_pem, None),
        x509.load_pem_x509_certificate(root_pem),
    )
    key_pem, cert_pem = certs.load_or_create(
        data_dir() / "fac-signing", BODY_NAME, ORGANISATION, issue
    )
    return serialization.load_pem_private_key(key_pem, None), x509.load_pem_x509_certificate(
        cert_pem
    )


def configured_roots() -> list[x509.Certificate]:
    """The roots of the PORTAL_TRUSTED_ROOTS bundle; none, and an error in the log, when it
    cannot be read: a broken setting trusts less, never more."""
    path = current_app.config.get("TRUSTED_ROOTS")
    try:
        return trust.load_bundle(path)
    except (OSError, ValueError) as error:
        current_app.logger.error("PORTAL_TRUSTED_ROOTS %s is not a PEM bundle: %s", path, error)
        return []


def demo_gost_root() -> x509.Certificate:
    """The stand's GOST R 34.10-2012 root (`DATA_DIR/demo-ca-gost/`), which issues the persons'
    electronic-signature certificates at the simulator and signs the trainers' demo document."""
    return x509.load_der_x509_certificate(gost_ca.demo_root(data_dir())[1])


def trusted_roots() -> list[x509.Certificate]:
    """The demo roots (RSA and GOST) and the roots configured by PORTAL_TRUSTED_ROOTS."""
    demo = x509.load_pem_x509_certificate(demo_root()[1])
    return [demo, demo_gost_root(), *configured_roots()]
