"""Alembic migrations run programmatically against an app's own engine."""

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask

from . import sqlite  # noqa: F401 - tunes every SQLite connection both apps open


def alembic_config(migrations_dir: Path, metadata) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["target_metadata"] = metadata
    # Each app keeps its own version table, so both may share one database.
    config.attributes["version_table"] = f"{migrations_dir.parent.name}_alembic_version"
    return config


def upgrade(app: Flask, migrations_dir: Path, metadata) -> None:
    """Bring the app's database to the newest schema."""
    db = app.extensions["sqlalchemy"]
    with app.app_context(), db.engine.begin() as connection:
        config = alembic_config(migrations_dir, metadata)
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
