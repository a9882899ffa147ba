"""The ESIA (Gosuslugi) simulator: an identity provider speaking the real ESIA wire protocol."""

from pathlib import Path

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

from common import converters, forms, moscow, proxy, security, statics
from common.datadir import secret_key
from common.formats import register_filters
from common.migrate import upgrade
from common.responses import register_error_pages
from idp_mock import group_scope
from idp_mock.config import Config, database_url
from idp_mock.models import db
from idp_mock.protocol import keys
from idp_mock.tester import faults

ROOT = Path(__file__).resolve().parent
csrf = CSRFProtect()
compress = Compress()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT.parent / "templates"), static_folder=None)
    app.config.from_object(Config)
    app.config.from_prefixed_env("IDP")
    if test_config:
        app.config.from_mapping(test_config)
    security.follow_public_url_for_cookies(app, "IDP", test_config)
    data_dir = Path(app.config["DATA_DIR"])
    app.config.setdefault("SECRET_KEY", None)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or secret_key(data_dir, "idp-secret")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config)
    app.extensions["signing_key"] = keys.load_or_create(data_dir)
    init_extensions(app)
    register_commands(app)
    register_blueprints(app)
    register_error_handlers(app)
    app.before_request(group_scope.attribute)  # first: the faults are the request's group's
    app.before_request(faults.inject)
    return app


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    security.init_app(app)
    statics.init_app(app)
    moscow.init_app(app)
    proxy.init_app(app)
    converters.init_app(app)
    forms.init_app(app)
    register_filters(app)


def register_commands(app: Flask) -> None:
    from idp_mock import cli

    cli.init_app(app)


def register_blueprints(app: Flask) -> None:
    from idp_mock import registries
    from idp_mock.login import flow
    from idp_mock.login.views import (
        app_login,
        bank,
        biometrics,
        consent,
        esign,
        pages,
        password,
        recovery,
        sms,
    )
    from idp_mock.profile.views import (
        account,
        common,
        consents,
        contacts,
        overview,
        personal,
        security,
    )
    from idp_mock.protocol.views import oauth, oidc, rest

    ways_in = (password, sms, app_login, esign, biometrics, bank)
    person_facing = (pages, *ways_in, consent, recovery)
    for area in (registries, oauth, rest, oidc, *person_facing):
        app.register_blueprint(area.bp)
    flow.init_app(app)
    for area in (overview, personal, contacts, security, account, consents):
        app.register_blueprint(area.bp)
    common.init_app(app)
    for machine_facing in (oauth, rest, oidc):
        csrf.exempt(machine_facing.bp)
    if app.config["TEST_API"]:
        register_tester(app)


def register_tester(app: Flask) -> None:
    from idp_mock.tester.api import app_codes, faults, people, state
    from idp_mock.tester.api import groups as groups_api
    from idp_mock.tester.console import app_codes as console_app_codes
    from idp_mock.tester.console import (
        clock,
        dashboard,
        entry,
        groups,
        logins,
        outbox,
        sessions,
        snapshots,
    )
    from idp_mock.tester.console import faults as console_faults
    from idp_mock.tester.console import people as console_people

    for api in (people, state, faults, groups_api, app_codes):
        app.register_blueprint(api.bp)
        csrf.exempt(api.bp)
    console = (entry, logins, console_people, outbox, clock, console_faults, snapshots, sessions)
    console += (groups, dashboard, console_app_codes)
    for area in console:
        app.register_blueprint(area.bp)


def register_error_handlers(app: Flask) -> None:
    register_error_pages(app, "idp/error.html", on_server_error=db.session.rollback)


def migrate(app: Flask) -> None:
    """Create or upgrade the simulator's tables."""
    upgrade(app, ROOT / "migrations", db.metadata)
