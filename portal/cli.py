"""Operator commands: `flask --app portal <command>` (the daily ones run from cron)."""

import json
from pathlib import Path

import click
from cryptography import x509
from flask import Flask, current_app
from flask.cli import with_appcontext

from common.datadir import ensure_dir, write_private

from . import documents, esia_client, qualification


def init_app(app: Flask) -> None:
    for command in (remind_certificates, sweep_files, db_upgrade, esia_registration):
        app.cli.add_command(command)
    app.cli.add_command(install_esia_cert)


@click.command("remind-certificates")
@with_appcontext
def remind_certificates():
    """Send certificate reminders due today (90, 30, 7 days before and on expiry), each
    doctor's today by their own clock (see the tester API)."""
    click.echo(f"doctors checked: {qualification.remind_everyone()}")


@click.command("sweep-files")
@with_appcontext
@click.option("--older-than", default=3600, help="seconds a stray file must be old")
def sweep_files(older_than: int):
    """Remove stored files left by processes killed mid-upload."""
    click.echo(f"files removed: {documents.sweep_orphans(older_than)}")


@click.command("db-upgrade")
@with_appcontext
def db_upgrade():
    """Create or upgrade the cabinet's tables (Alembic)."""
    from . import migrate

    migrate(current_app)
    click.echo("cabinet tables are up to date")


@click.command("esia-registration")
@with_appcontext
@click.option("--pem", is_flag=True, help="only the cabinet's certificate, PEM")
def esia_registration(pem: bool):
    """What the operator registers for the cabinet with ESIA: client_id, certificate,
    redirect URIs, scopes (JSON, as `flask --app idp_mock register-client --json` reads it)."""
    registration = esia_client.registration(current_app)
    if pem:
        click.echo(registration["certificate_pem"], nl=False)
    else:
        click.echo(json.dumps(registration, ensure_ascii=False, indent=2))


def esia_cert_target(app: Flask) -> Path:
    return Path(app.config["ESIA_CERT_PATH"] or esia_client.esia_cert_path(app))


@click.command("install-esia-cert")
@with_appcontext
@click.argument("source", type=click.File("rb"))
def install_esia_cert(source):
    """Keep ESIA's token-signing certificate (a PEM file, or '-' for stdin) for the cabinet."""
    pem = source.read()
    try:
        x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise click.BadParameter("not a PEM certificate", param_hint="SOURCE") from None
    target = esia_cert_target(current_app)
    ensure_dir(target.parent)
    write_private(target, pem)
    click.echo(f"ESIA's signing certificate installed in {target}")
