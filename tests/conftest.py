"""Fixtures: both apps on a fresh database per test (SQLite, or PostgreSQL from the env)."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import text

import idp_mock
import portal
from idp_mock.models import db as idp_db
from idp_mock.tester.seed import seed_demo
from portal import esia_client
from portal.models import db as portal_db
from tests.support.constants import PUBLIC_URL
from tests.support.databases import ScratchDatabases, database_url, empty_tables
from tests.support.drivers import Doctor, Gosuslugi, GosuslugiUser
from tests.support.rp import RelyingParty
from tests.support.servers import LiveServer, register


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture
def scratch_database(tmp_path):
    databases = ScratchDatabases(tmp_path)
    yield databases.make
    databases.drop()


def config_for_tests(data_dir: Path, database_env: str, database_file: str) -> dict:
    """An app's test configuration, on the database the environment names or an SQLite file."""
    return {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url(database_env, data_dir, database_file),
        # Tests that look at stored files find them in the directory on either database;
        # tests of the database store ask for it.
        "FILE_STORAGE": "directory",
    }


@pytest.fixture(scope="session")
def idp_config(data_dir) -> dict:
    config = config_for_tests(data_dir, "IDP_DATABASE_URL", "idp.sqlite3")
    return {**config, "FAST_PASSWORD_HASH": True}


@pytest.fixture(scope="session")
def portal_config(data_dir) -> dict:
    return config_for_tests(data_dir, "PORTAL_DATABASE_URL", "portal.sqlite3")


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


@pytest.fixture
def browser(client):
    return GosuslugiUser(client)


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
    """The cabinet on its test client, registered with the live simulator, personas seeded."""
    portal_app.config.update(cabinet_config)
    register(live_idp.url, esia_client.registration(portal_app))
    return portal_app


@pytest.fixture
def web(cabinet):
    return cabinet.test_client()


@pytest.fixture
def doctor(web, live_idp) -> Doctor:
    return Doctor(web, Gosuslugi(live_idp.url))
