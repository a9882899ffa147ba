"""The cabinet's identity as an ESIA relying party: its key and certificate, made on first start."""

from pathlib import Path

from flask import Flask

from common import certs


def load_or_create_in(data_dir: Path) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) the cabinet signs its ESIA requests with."""
    return certs.load_or_create(Path(data_dir) / "portal-keys", "MEDACCRED")


def esia_cert_path(app: Flask) -> Path:
    """Where the certificate of ESIA's token-signing key is kept (fetched once by app.py)."""
    return Path(app.config["DATA_DIR"]) / "portal-keys" / "esia-signing.pem"


def registration(app: Flask) -> dict:
    """The tester-API body that registers the cabinet with the simulator."""
    _, cert_pem = load_or_create_in(Path(app.config["DATA_DIR"]))
    return {
        "client_id": app.config["ESIA_CLIENT_ID"],
        "name": "Личный кабинет медицинского работника",
        "certificate_pem": cert_pem.decode(),
        "redirect_uris": [app.config["PUBLIC_URL"].rstrip("/") + "/login/esia/callback"],
        "scopes": app.config["ESIA_SCOPES"].split(),
        "signature_mode": "strict",
    }
