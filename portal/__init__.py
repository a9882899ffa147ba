"""Личный кабинет медицинского работника: the relying party of the ESIA simulator."""

from pathlib import Path

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

from common import moscow, security, statics
from common.datadir import secret_key
from common.migrate import upgrade

from .config import Config, database_url
from .models import db

ROOT = Path(__file__).resolve().parent
csrf = CSRFProtect()
compress = Compress()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT.parent / "templates"), static_folder=None)
    app.config.from_object(Config)
    app.config.from_prefixed_env("PORTAL")
    if test_config:
        app.config.from_mapping(test_config)
    data_dir = Path(app.config["DATA_DIR"])
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secret_key(data_dir, "portal-secret")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config)
    for extension in (db, csrf, compress, security, statics, moscow):
        extension.init_app(app)
    from .views import pages

    app.register_blueprint(pages.bp)
    return app


def migrate(app: Flask) -> None:
    """Create or upgrade the cabinet's tables."""
    upgrade(app, ROOT / "migrations", db.metadata)
