"""The cabinet on its test client, logging in through the simulator live on loopback."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests

from portal import esia_client
from tests.conftest import DEMO_PASSWORD

PUBLIC_URL = "http://cabinet.test"


@pytest.fixture
def cabinet_config(portal_config, live_idp, data_dir) -> dict:
    certificate = live_idp.app.extensions["signing_key"].certificate_pem
    cert_path = data_dir / "esia-signing-for-portal.pem"
    cert_path.write_bytes(certificate)
    return {
        **portal_config,
        "IDP_URL": live_idp.url,
        "PUBLIC_URL": PUBLIC_URL,
        "ESIA_CERT_PATH": str(cert_path),
        "HTTP_TIMEOUT": (2, 3),
    }


@pytest.fixture
def cabinet(portal_app, cabinet_config, live_idp, app, demo):
    """The cabinet, registered with the live simulator, with the demo personas seeded."""
    portal_app.config.update(cabinet_config)
    registration = esia_client.registration(portal_app)
    response = requests.post(f"{live_idp.url}/_mock/api/clients", json=registration, timeout=5)
    assert response.status_code == 201, response.text
    return portal_app


@pytest.fixture
def web(cabinet):
    return cabinet.test_client()


def csrf_in(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@dataclass
class Gosuslugi:
    """A person's browser on the simulator: real HTTP with its own cookies."""

    idp_url: str

    def __post_init__(self):
        self.session = requests.Session()

    def sms_code(self, phone: str) -> str:
        messages = requests.get(
            f"{self.idp_url}/_mock/api/messages", params={"to": phone}, timeout=5
        ).json()
        return messages[0]["code"]

    def approve(self, authorization_url: str, phone: str, decision: str = "allow") -> str:
        """Log in on the simulator's pages; return where it sends the browser back."""
        page = self.session.get(authorization_url, timeout=5)
        if "/consent?" not in page.url:
            page = self.session.post(
                page.url,
                timeout=5,
                data={"csrf_token": csrf_in(page.text), "login": phone, "password": DEMO_PASSWORD},
            )
            page = self.session.post(
                page.url,
                timeout=5,
                data={"csrf_token": csrf_in(page.text), "code": self.sms_code(phone)},
            )
        response = self.session.post(
            page.url,
            allow_redirects=False,
            timeout=5,
            data={"csrf_token": csrf_in(page.text), "decision": decision},
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


@dataclass
class Doctor:
    """A person using the cabinet: the cabinet's test client plus their simulator browser."""

    web: object
    gosuslugi: Gosuslugi

    def start_login(self, next_path: str | None = None) -> str:
        response = self.web.get(
            "/login/esia", query_string={"next": next_path} if next_path else {}
        )
        assert response.status_code == 303
        return response.headers["Location"]

    def log_in(self, phone: str, decision: str = "allow", next_path: str | None = None):
        callback = self.gosuslugi.approve(self.start_login(next_path), phone, decision)
        assert callback.startswith(PUBLIC_URL)
        return self.web.get(local_path(callback))


@pytest.fixture
def doctor(web, live_idp) -> Doctor:
    return Doctor(web, Gosuslugi(live_idp.url))
