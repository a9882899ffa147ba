"""The cabinet's identity as an ESIA relying party: its key and certificate, made on first start."""

from pathlib import Path

from flask import Flask

from common import certs

CLIENT_ID = "MEDACCRED"


def load_or_create(app: Flask) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) the cabinet signs its ESIA requests with."""
    return certs.load_or_create(Path(app.config["DATA_DIR"]) / "portal-keys", CLIENT_ID)


def registration(app: Flask, scopes: list[str]) -> dict:
    """The tester-API body that registers the cabinet with the simulator."""
    _, cert_pem = load_or_create(app)
    return {
        "client_id": CLIENT_ID,
        "name": "Личный кабинет медицинского работника",
        "certificate_pem": cert_pem.decode(),
        "redirect_uris": [app.config["PUBLIC_URL"].rstrip("/") + "/login/esia/callback"],
        "scopes": scopes,
        "signature_mode": "strict",
    }
