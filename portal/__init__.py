"""Личный кабинет медицинского работника: the relying party of the ESIA simulator."""

import io
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Request, current_app
from flask_compress import Compress
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from common import converters, moscow, proxy, security, statics
from common import forms as common_forms
from common.datadir import secret_key
from common.formats import register_filters
from common.migrate import upgrade
from common.responses import register_error_pages
from common.security import allow_form_redirect_to

from . import cli, states, uploads
from .config import Config, database_url
from .models import db
from .sessions import login_manager
from .wizard import LAST_STEP, resume_step

ROOT = Path(__file__).resolve().parent
csrf = CSRFProtect()
compress = Compress()


class InMemoryUploadRequest(Request):
    """Uploads stay in memory (bounded by MAX_CONTENT_LENGTH) until they are encrypted:
    Werkzeug would otherwise spool large files as plaintext to a temporary file on disk."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()



def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT.parent / "templates"), static_folder=None)
    app.request_class = InMemoryUploadRequest
    app.config.from_object(Config)
    app.config.from_prefixed_env("PORTAL")
    if test_config:
        app.config.from_mapping(test_config)
    security.follow_public_url_for_cookies(app, "PORTAL", test_config)
    data_dir = Path(app.config["DATA_DIR"])
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secret_key(data_dir, "portal-secret")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config)
    for extension in (
        db,
        csrf,
        compress,
        security,
        statics,
        moscow,
        login_manager,
        proxy,
        converters,
        common_forms,
    ):
        extension.init_app(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    cli.init_app(app)
    app.context_processor(header_context)
    app.before_request(allow_logout_through_esia)
    return app


def allow_logout_through_esia() -> None:
    """Logout posts here and is redirected to ESIA's /idp/ext/Logout: CSP form-action covers it."""
    idp = urlsplit(current_app.config["IDP_URL"])
    allow_form_redirect_to(f"{idp.scheme}://{idp.netloc}")


def register_blueprints(app: Flask) -> None:
    from .tester import api as tester_api
    from .views import (
        applications,
        auth,
        cabinet,
        documents,
        education,
        pages,
        review,
        status,
        wizard,
    )

    for blueprint in (
        pages.bp,
        auth.bp,
        cabinet.bp,
        documents.bp,
        education.bp,
        applications.bp,
        wizard.bp,
        status.bp,
        review.bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["TEST_API"]:
        app.register_blueprint(tester_api.bp)


def register_template_helpers(app: Flask) -> None:
    """Templates ask the state predicates and read limits from here, never write them out."""
    states.init_app(app)
    app.jinja_env.globals.update(last_step=LAST_STEP, resume_step=resume_step)
    app.jinja_env.filters["megabytes"] = uploads.megabytes
    register_filters(app)


def header_context() -> dict:
    from .access import cabinet_open
    from .notify import unread_count

    if not current_user.is_authenticated:
        return {"me": None}
    return {
        "me": current_user.doctor,
        "unread": unread_count(current_user.doctor_id),
        "full_access": cabinet_open(),
    }


def register_error_handlers(app: Flask) -> None:
    register_error_pages(app, "portal/error.html", on_server_error=db.session.rollback)


def migrate(app: Flask) -> None:
    """Create or upgrade the cabinet's tables."""
    upgrade(app, ROOT / "migrations", db.metadata)
