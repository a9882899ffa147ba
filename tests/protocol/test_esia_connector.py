"""The unchanged PyPI client esia-connector 0.16 against the live simulator, over real HTTP.

The client runs in its own virtualenv (it needs PyJWT 1.x) through
tests/support/esia_connector.py, which plays the person at the simulator's real login pages.
"""

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from common.certs import make_self_signed
from idp_mock.models import AuthRequest, db
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE

DRIVER = Path(__file__).resolve().parents[1] / "support" / "esia_connector.py"
CLIENT_ID = "ESIACONN"
REDIRECT_URI = "http://localhost:8000/esia/callback"
SCOPE = "openid fullname birthdate gender snils contacts id_doc"
SNILS = re.compile(r"\d{3}-\d{3}-\d{3} \d{2}")


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def idp_public_key(base_url: str) -> bytes:
    """The simulator's token-signing public key, from the certificate it publishes."""
    response = requests.get(f"{base_url}/_mock/api/signing-cert", timeout=10)
    response.raise_for_status()
    return (
        x509.load_pem_x509_certificate(response.content)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def register(base_url: str, certificate_pem: bytes) -> None:
    response = requests.post(
        f"{base_url}/_mock/api/clients",
        json={
            "client_id": CLIENT_ID,
            "name": "esia-connector 0.16",
            "certificate_pem": certificate_pem.decode(),
            "redirect_uris": [REDIRECT_URI],
            "scopes": [],
            "signature_mode": "strict",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def settings(live_idp, app, tmp_path) -> dict:
    """EsiaSettings for a relying party whose key and certificate esia-connector signs with."""
    key_pem, certificate_pem = make_self_signed(CLIENT_ID)
    return {
        "esia_client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "certificate_file": write(tmp_path / "client.crt", certificate_pem),
        "private_key_file": write(tmp_path / "client.key", key_pem),
        "esia_service_url": live_idp.url,
        "esia_scope": SCOPE,
        "esia_token_check_key": write(tmp_path / "esia_pub.pem", idp_public_key(live_idp.url)),
    }


def certificate_of(settings: dict) -> bytes:
    return Path(settings["certificate_file"]).read_bytes()


def run_driver(python: Path, settings: dict, mode: str, workdir: Path) -> dict:
    job = {"settings": settings, "mode": mode, "phone": DOCTOR_PHONE, "password": DEMO_PASSWORD}
    result = subprocess.run(
        [str(python), "-I", str(DRIVER)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=workdir,
    )
    assert result.returncode == 0, (
        f"esia-connector driver failed ({result.returncode})\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    return json.loads(result.stdout)


def query_of(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def elements_of(collection: dict, kind: str) -> list[dict]:
    return [item for item in collection["elements"] if item["type"] == kind]


def test_unchanged_esia_connector_logs_the_doctor_in_and_reads_her_person_contacts_and_documents(
    esia_connector_python, live_idp, settings, demo, tmp_path
):
    register(live_idp.url, certificate_of(settings))

    result = run_driver(esia_connector_python, settings, "login", tmp_path)

    assert result["consent_decision"] == {"decision": "allow"}
    assert result["callback"]["state"] == query_of(result["auth_url"])["state"]
    assert result["oid"] == demo[DOCTOR_PHONE]
    main = result["main"]
    assert main["lastName"] == "Иванова"
    assert main["firstName"]
    assert SNILS.fullmatch(main["snils"]), main["snils"]
    assert main["trusted"] is True
    contacts = result["contacts"]
    assert [c["value"] for c in elements_of(contacts, "MBT")] == ["+7(916)1234501"]
    assert elements_of(contacts, "EML")
    assert elements_of(result["documents"], "RF_PASSPORT")


def test_esia_connector_signing_with_a_key_other_than_the_registered_certificate_is_refused(
    esia_connector_python, live_idp, app, settings, demo, tmp_path
):
    _, other_certificate = make_self_signed(CLIENT_ID)
    register(live_idp.url, other_certificate)

    result = run_driver(esia_connector_python, settings, "authorize", tmp_path)

    assert result["status"] in (302, 303), result["body"]
    location = result["location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    error = query_of(location)
    assert error["error"] == "invalid_client"
    assert error["error_description"].startswith("ESIA-007053"), error
    assert error["state"] == query_of(result["auth_url"])["state"]
    assert "code" not in error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuthRequest)) == 0
