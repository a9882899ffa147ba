"""Maintenance commands: `flask --app portal <command>` (run them from cron)."""

import click
from flask import Flask

from . import documents, qualification


def init_app(app: Flask) -> None:
    @app.cli.command("remind-certificates")
    def remind_certificates():
        """Send certificate reminders due today (90, 30, 7 days before and on expiry), each
        doctor's today by their own clock (see the tester API)."""
        click.echo(f"doctors checked: {qualification.remind_everyone()}")

    @app.cli.command("sweep-files")
    @click.option("--older-than", default=3600, help="seconds a stray file must be old")
    def sweep_files(older_than: int):
        """Remove stored files left by processes killed mid-upload."""
        click.echo(f"files removed: {documents.sweep_orphans(older_than)}")
