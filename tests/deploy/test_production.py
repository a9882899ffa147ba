"""The production set-up, started for real: gunicorn for each app behind nginx with HTTPS, the
tester API off, set up with the operator commands the README's «Deploying» names."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from deploy.render_nginx import render
from tests import files
from tests.support.constants import DOCTOR_PHONE
from tests.support.databases import ScratchDatabases
from tests.support.drivers import shown_at
from tests.support.pages import Page
from tests.support.servers import (
    free_port,
    gunicorn,
    migrate_and_seed,
    register_cabinet,
    running,
    wait_for,
)
from tests.support.stand import HttpDoctor, outbox_reader

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def tls_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for nginx on 127.0.0.1, made with openssl as an operator would."""
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-addext", "basicConstraints=critical,CA:TRUE"]
        + ["-keyout", str(key_path), "-out", str(cert_path)],
        check=True,
        capture_output=True,
    )
    return cert_path, key_path


def production_env(ports: dict, data_dir: Path, cert: Path, databases) -> dict:
    return {
        "IDP_DATA_DIR": str(data_dir),
        "PORTAL_DATA_DIR": str(data_dir),
        "IDP_DATABASE_URL": databases.make("prod_idp"),
        "PORTAL_DATABASE_URL": databases.make("prod_portal"),
        "IDP_SECRET_KEY": "prod-idp-secret",
        "PORTAL_SECRET_KEY": "prod-portal-secret",
        "IDP_PROXY_FIX": "1",
        "PORTAL_PROXY_FIX": "1",
        "IDP_FAST_PASSWORD_HASH": "1",
        "IDP_TEST_API": "0",
        "IDP_SESSION_COOKIE_SECURE": "true",
        "PORTAL_SESSION_COOKIE_SECURE": "true",
        "PORTAL_IDP_URL": f"https://127.0.0.1:{ports['idp']}",
        "PORTAL_PUBLIC_URL": f"https://127.0.0.1:{ports['portal']}",
        "PORTAL_IDP_CA_BUNDLE": str(cert),
        "PORTAL_ESIA_CERT_PATH": str(data_dir / "esia-signing.pem"),
        "WEB_CONCURRENCY": "2",
        "THREADS": "2",
    }


def nginx(run_dir: Path, cert: Path, key: Path, ports: dict) -> tuple[list[str], dict, int]:
    """nginx in front of both apps, as `running` starts it (it listens on both public ports)."""
    conf = run_dir / "nginx.conf"
    settings = {
        "run_dir": run_dir,
        "certificate": cert,
        "certificate_key": key,
        "server_name": "127.0.0.1",
        "portal_port": ports["portal"],
        "idp_port": ports["idp"],
        "portal_upstream": ports["portal_up"],
        "idp_upstream": ports["idp_up"],
    }
    conf.write_text(render(settings))
    return [NGINX, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"], {}, ports["portal"]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    if not Path(NGINX).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("nginx is not installed (bin/setup --test installs it)")
        pytest.skip("nginx is not installed")
    tmp_path = tmp_path_factory.mktemp("production")
    databases = ScratchDatabases(tmp_path)
    run_dir, data_dir = tmp_path / "nginx", tmp_path / "var"
    run_dir.mkdir()
    cert, key = tls_certificate(tmp_path)
    ports = {name: free_port() for name in ("idp_up", "portal_up", "idp", "portal")}
    env = production_env(ports, data_dir, cert, databases)
    operator_env = {**os.environ, **env}
    migrate_and_seed(operator_env)
    register_cabinet(operator_env)
    commands = [
        gunicorn("idp_mock:create_app()", ports["idp_up"], env),
        gunicorn("portal:create_app()", ports["portal_up"], env),
        nginx(run_dir, cert, key, ports),
    ]
    try:
        with running(commands):
            wait_for(ports["idp"])
            portal_url, idp_url = env["PORTAL_PUBLIC_URL"], env["PORTAL_IDP_URL"]
            yield {"portal": portal_url, "idp": idp_url, "cert": str(cert), "env": operator_env}
    finally:
        databases.drop()


def log_in(production) -> tuple[requests.Session, requests.Response]:
    """A doctor through ESIA, the SMS code read with the simulator's `messages` command."""
    doctor = HttpDoctor(production["portal"], verify=production["cert"])
    return doctor.web, doctor.log_in(DOCTOR_PHONE, outbox_reader(production["env"]))


def post_form(browser: requests.Session, page, fields: dict, **kwargs):
    """Submit the page's form as a browser does over HTTPS: with its same-origin Referer."""
    return browser.post(
        page.url,
        timeout=30,
        headers={"Referer": page.url},
        data={"csrf_token": Page(page).csrf_token, **fields},
        **kwargs,
    )


def test_https_pages_carry_hsts_compression_and_no_version(production):
    response = requests.get(production["portal"] + "/", verify=production["cert"], timeout=10)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["Server"] == "nginx"
    css = next(href for href in Page(response).stylesheets if href.endswith("site.css"))
    styled = requests.get(
        production["portal"] + css,
        verify=production["cert"],
        timeout=10,
        headers={"Accept-Encoding": "gzip"},
    )
    assert styled.headers["Content-Encoding"] == "gzip"


def test_a_doctor_logs_in_over_https_with_secure_cookies(production):
    browser, dashboard = log_in(production)
    assert shown_at(dashboard) == production["portal"] + "/cabinet/"
    assert Page(dashboard).text_of("user-name") == "Иванова Мария Сергеевна"
    cookies = {c.name: c for c in browser.cookies}
    assert cookies["portal_session"].secure and cookies["esia_session"].secure


def test_an_upload_through_the_proxy_lands_and_comes_back(production):
    browser, _ = log_in(production)
    page = browser.get(production["portal"] + "/cabinet/documents/passport", timeout=10)
    original = files.pdf(padding=1024 * 1024)
    response = post_form(
        browser,
        page,
        {"doc_number": "1", "issue_date": "12.05.2016"},
        files={"file": ("scan.pdf", original, "application/pdf")},
    )
    assert response.status_code == 200 and "Загружен" in Page(response).text
    link = next(h for h in Page(response).hrefs if re.fullmatch(r"/cabinet/documents/file/\d+", h))
    assert browser.get(production["portal"] + link, timeout=10).content == original


def test_the_simulator_sees_the_public_https_address_behind_the_proxy(production):
    session = requests.Session()
    session.trust_env = False
    config = session.get(
        production["idp"] + "/.well-known/openid-configuration",
        verify=production["cert"],
        timeout=10,
    )
    assert config.status_code == 200
    assert json.loads(config.text)["userinfo_endpoint"].startswith(production["idp"])


def test_the_tester_api_is_off_and_the_registries_want_the_cabinets_token(production):
    session = requests.Session()
    session.trust_env = False
    session.verify = production["cert"]
    assert session.get(production["idp"] + "/_mock/api/clients", timeout=10).status_code == 404
    registry = session.get(production["idp"] + "/registries/sfr/snils/11223340183", timeout=10)
    assert registry.status_code == 401
