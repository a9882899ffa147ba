"""Личный кабинет медицинского работника: the relying party of the ESIA simulator."""

import io
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, flash, redirect, render_template, request
from flask_compress import Compress
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from common import converters, moscow, proxy, security, statics
from common.datadir import secret_key
from common.migrate import upgrade
from common.security import allow_form_redirect_to

from . import cli
from .config import Config, database_url
from .models import db
from .sessions import login_manager

ROOT = Path(__file__).resolve().parent
csrf = CSRFProtect()
compress = Compress()
ERRORS = {
    400: "Запрос не удалось обработать",
    401: "Войдите через Госуслуги",
    403: "Эта страница вам недоступна",
    404: "Страница не найдена",
    405: "Так эту страницу открыть нельзя",
    413: "Файл слишком большой",
    500: "Что-то пошло не так",
}


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
    ):
        extension.init_app(app)
    register_blueprints(app)
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
    from .views import applications, auth, cabinet, documents, education, outbox, pages, review

    for blueprint in (
        pages.bp,
        auth.bp,
        cabinet.bp,
        documents.bp,
        education.bp,
        applications.bp,
        review.bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["TEST_API"]:
        app.register_blueprint(outbox.bp)


def header_context() -> dict:
    from .notify import unread_count

    if not current_user.is_authenticated:
        return {"me": None}
    return {
        "me": current_user.doctor,
        "unread": unread_count(current_user.doctor_id),
        "full_access": current_user.access == "full",
    }


def error_page(error):
    code = getattr(error, "code", 500) or 500
    if code == 500:
        db.session.rollback()
    title = ERRORS.get(code, ERRORS[500])
    return render_template("portal/error.html", title=title, code=code), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error):
        flash("Форма устарела. Попробуйте ещё раз.")
        referrer = request.referrer or ""
        return redirect(referrer if referrer.startswith(request.host_url) else "/", 303)

    for code in ERRORS:
        app.register_error_handler(code, error_page)


def migrate(app: Flask) -> None:
    """Create or upgrade the cabinet's tables."""
    upgrade(app, ROOT / "migrations", db.metadata)
