"""Fixtures: both apps on a fresh database per test (SQLite, or PostgreSQL from the env)."""

import os
import threading
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

import idp_mock
import portal
from idp_mock.models import db as idp_db
from idp_mock.tester.seed import DEMO_PASSWORD, seed_demo
from portal.models import db as portal_db

from .rp import RelyingParty

DOCTOR_PHONE = "+79161234501"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


def database_url(env: str, data_dir: Path, name: str) -> str:
    return os.environ.get(env) or f"sqlite:///{data_dir / name}"


class ScratchDatabases:
    """Empty databases of the kind the suite runs on: new PostgreSQL databases on the server
    of IDP_DATABASE_URL, or SQLite files in `folder`; `drop()` removes the PostgreSQL ones."""

    def __init__(self, folder: Path):
        configured = os.environ.get("IDP_DATABASE_URL", "")
        self.folder, self.created = folder, []
        self.server = configured.rsplit("/", 1)[0] if configured.startswith("postgresql") else None

    def admin(self):
        return create_engine(f"{self.server}/postgres", isolation_level="AUTOCOMMIT")

    def make(self, name: str) -> str:
        if self.server is None:
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        database = f"scratch_{name}_{uuid.uuid4().hex[:8]}"
        engine = self.admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        engine.dispose()
        self.created.append(database)
        return f"{self.server}/{database}"

    def drop(self) -> None:
        if not self.created:
            return
        engine = self.admin()
        with engine.connect() as connection:
            for database in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def scratch_database(tmp_path):
    databases = ScratchDatabases(tmp_path)
    yield databases.make
    databases.drop()


@pytest.fixture(scope="session")
def idp_config(data_dir) -> dict:
    return {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url("IDP_DATABASE_URL", data_dir, "idp.sqlite3"),
        "FAST_PASSWORD_HASH": True,
    }


@pytest.fixture(scope="session")
def portal_config(data_dir) -> dict:
    return {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url("PORTAL_DATABASE_URL", data_dir, "portal.sqlite3"),
    }


def fresh_schema(app, db, migrate) -> None:
    """Drop whatever an earlier run left, then build the schema through the migrations."""
    with app.app_context():
        db.drop_all()
        version_table = f"{app.name.split('.')[0]}_alembic_version"
        with db.engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {version_table}"))
    migrate(app)


@pytest.fixture(scope="session")
def migrated(idp_config, portal_config):
    fresh_schema(idp_mock.create_app(idp_config), idp_db, idp_mock.migrate)
    fresh_schema(portal.create_app(portal_config), portal_db, portal.migrate)


def empty_tables(app, db) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app(migrated, idp_config):
    """The simulator app on an empty database."""
    application = idp_mock.create_app(idp_config)
    yield application
    empty_tables(application, idp_db)


@pytest.fixture
def portal_app(migrated, portal_config):
    application = portal.create_app(portal_config)
    yield application
    empty_tables(application, portal_db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    """The seeded demo personas, as {phone: oid}."""
    with app.app_context():
        return {p.phone: p.oid for p in seed_demo()}


@pytest.fixture(scope="session")
def rp() -> RelyingParty:
    return RelyingParty()


@pytest.fixture
def registered(client, rp):
    response = client.post("/_mock/api/clients", json=rp.registration())
    assert response.status_code == 201
    return rp


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def query_of(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def latest_code(client, phone: str) -> str:
    return client.get("/_mock/api/messages", query_string={"to": phone}).get_json()[0]["code"]


class Browser:
    """A person at the simulator's login pages, driven through the Flask test client."""

    def __init__(self, client):
        self.client = client

    def start(self, params: dict, path: str = "/aas/oauth2/ac"):
        response = self.client.get(path, query_string=params)
        self.login_url = response.headers.get("Location", "")
        return response

    def password(self, login: str, password: str = DEMO_PASSWORD):
        page = self.client.get(self.login_url)
        return self.client.post(
            self.login_url,
            data={"csrf_token": csrf_from(page.text), "login": login, "password": password},
        )

    def code_url(self) -> str:
        return self.login_url.replace("/login?", "/login/code?")

    def enter_code(self, code: str):
        page = self.client.get(self.code_url())
        return self.client.post(
            self.code_url(), data={"csrf_token": csrf_from(page.text), "code": code}
        )

    def consent(self, decision: str = "allow"):
        url = self.login_url.replace("/login?", "/consent?")
        page = self.client.get(url)
        if page.status_code != 200:
            return page
        return self.client.post(
            url, data={"csrf_token": csrf_from(page.text), "decision": decision}
        )

    def log_in(self, params: dict, phone: str = DOCTOR_PHONE, path: str = "/aas/oauth2/ac"):
        """The whole journey; returns the final redirect's query parameters."""
        self.start(params, path)
        assert self.password(phone).status_code == 303
        assert self.enter_code(latest_code(self.client, phone)).status_code == 303
        return query_of(self.consent().headers["Location"])


@pytest.fixture
def browser(client):
    return Browser(client)


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1"):
        self.app = app
        self.server = make_server(host, 0, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright per run: a second sync Playwright cannot start while one is running, and
    both the journeys (tests/e2e) and the audits (tests/budgets) drive Chromium."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def live_idp(migrated, idp_config):
    """The simulator served over real HTTP on a free loopback port."""
    server = LiveServer(idp_mock.create_app(idp_config))
    yield server
    server.stop()
