"""The stand's demo certification centre and the roots the cabinet trusts.

The demo root and the accreditation body's signing certificate it issues are generated into the
data directory on first use (keys are never committed). An uploaded signature counts as verified
only when its certificate chains to one of the trusted roots: the demo root, plus any in the PEM
bundle that `PORTAL_TRUSTED_ROOTS` names.
"""

from functools import partial
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import current_app

from common import certs, trust

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


def trusted_roots() -> list[x509.Certificate]:
    """The demo root and the roots configured by PORTAL_TRUSTED_ROOTS."""
    return [x509.load_pem_x509_certificate(demo_root()[1]), *configured_roots()]
