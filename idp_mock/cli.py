"""Operator commands: `flask --app idp_mock <command>`.

What the tester API does for a training stand, an operator does here for a stand whose tester API
is off (IDP_TEST_API=0): build the tables, seed the demo cast, register relying parties, hand out
the signing certificate and the tester API's admin token.
"""

import json
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from common.datadir import ensure_dir, write_private
from common.errors import ServiceError
from common.tester_api.contract import fitting
from idp_mock import outbox
from idp_mock.models import Client, db
from idp_mock.protocol import keys
from idp_mock.tester import clients
from idp_mock.tester.api import bodies
from idp_mock.tester.seed import DEMO_PASSWORD, seed_demo

ADMIN_TOKEN_FILE = "idp-admin-token"  # noqa: S105 (a file name, not a secret)


def demo_lines(people) -> list[str]:
    """One console line per demo persona: how to log in as them and who they are."""
    return [f"  {p.phone}  {p.email:26} {p.full_name} — {p.description}" for p in people]


def admin_token_path(app: Flask) -> Path:
    return Path(app.config["DATA_DIR"]) / ADMIN_TOKEN_FILE


def stored_admin_token(app: Flask) -> str | None:
    """The token `issue-admin-token` last wrote to the data directory, if any."""
    path = admin_token_path(app)
    return path.read_text().strip() or None if path.exists() else None


def registration_from(source: dict) -> dict:
    """A relying party's registration checked as the tester API checks it."""
    try:
        body = fitting(bodies.ClientRegistration, json.dumps(source, ensure_ascii=False))
    except ServiceError as error:
        raise click.BadParameter(error.message, param_hint=error.field) from None
    return body.model_dump()


def read_options(options: dict) -> dict:
    """The registration from a JSON file (`esia-registration`'s output), options overriding."""
    source = json.load(options["json_file"]) if options["json_file"] else {}
    certificate = options["certificate"]
    given = {
        "client_id": options["client_id"],
        "certificate_pem": certificate.read() if certificate else None,
        "redirect_uris": list(options["redirect_uris"]) or None,
        "scopes": [s for value in options["scopes"] for s in value.split()] or None,
        "signature_mode": options["signature_mode"],
        "name": options["name"],
    }
    return {**source, **{key: value for key, value in given.items() if value is not None}}


def register_client(source: dict) -> tuple[Client, bool]:
    """Register the relying party; True when it replaced an earlier registration."""
    data = registration_from(source)
    known = db.session.get(Client, data["client_id"]) is not None
    try:
        return clients.register(data), known
    except ServiceError as error:
        raise click.BadParameter(error.message, param_hint=error.field) from None


def init_app(app: Flask) -> None:
    """Add the commands, and take the admin token from the data directory when the
    environment gives none."""
    app.config["ADMIN_TOKEN"] = app.config.get("ADMIN_TOKEN") or stored_admin_token(app)
    commands = (db_upgrade, seed_demo_command, register_client_command, signing_cert)
    for command in (*commands, issue_admin_token, messages):
        app.cli.add_command(command)


@click.command("db-upgrade")
@with_appcontext
def db_upgrade():
    """Create or upgrade the simulator's tables (Alembic)."""
    from idp_mock import migrate

    migrate(current_app)
    click.echo("simulator tables are up to date")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create the demo personas unless they exist, and list them."""
    people = seed_demo()
    click.echo(f"demo personas (password {DEMO_PASSWORD}):")
    click.echo("\n".join(demo_lines(people)))


@click.command("register-client")
@with_appcontext
@click.option("--json", "json_file", type=click.File(), help="a registration as JSON ('-': stdin)")
@click.option("--client-id", help="the system's mnemonic, e.g. MEDACCRED")
@click.option("--certificate", type=click.File(), help="the system's certificate, PEM")
@click.option("--redirect-uri", "redirect_uris", multiple=True, help="repeat for each URI")
@click.option("--scope", "scopes", multiple=True, help="repeat, or give several at once")
@click.option("--signature-mode", type=click.Choice(["strict", "gost", "lenient", "off"]))
@click.option("--name", help="the system's name, shown to the person at consent")
def register_client_command(**options):
    """Register a relying party, or replace its registration (a new certificate takes the old
    one's place at once: rotate by registering the new certificate, then switching the key)."""
    client, replaced = register_client(read_options(options))
    click.echo(f"{'replaced' if replaced else 'registered'} {client.client_id}")


@click.command("signing-cert")
@with_appcontext
@click.option("--output", type=click.Path(dir_okay=False), help="write the PEM here instead")
def signing_cert(output):
    """Print the certificate whose key signs the simulator's tokens (PEM)."""
    pem = keys.active().certificate_pem
    if output:
        Path(output).write_bytes(pem)
        click.echo(f"written to {output}", err=True)
    else:
        click.echo(pem.decode(), nl=False)


@click.command("issue-admin-token")
@with_appcontext
def issue_admin_token():
    """Make a new admin token for the tester API and console, replacing the previous one."""
    token = secrets.token_urlsafe(32)
    data_dir = ensure_dir(Path(current_app.config["DATA_DIR"]))
    write_private(data_dir / ADMIN_TOKEN_FILE, token.encode())
    click.echo(token)
    click.echo(
        f"kept in {data_dir / ADMIN_TOKEN_FILE}; restart the simulator to apply it, or set "
        "IDP_ADMIN_TOKEN to it on every instance (the variable wins over the file)",
        err=True,
    )


@click.command("messages")
@with_appcontext
@click.option("--to", default="", help="a phone or e-mail, or part of one")
@click.option("--limit", default=10, show_default=True)
@click.option("--group", type=int, default=None, help="a group's id: that group's outbox")
def messages(to: str, limit: int, group: int | None):
    """The newest SMS and e-mails the simulator "sent", with their codes (tab-separated)."""
    for message in outbox.latest(to, limit=limit, group=group):
        sent = message.created_at.isoformat(sep=" ", timespec="seconds")
        fields = [sent, message.channel, message.to, message.code or "-", message.body]
        click.echo("\t".join(fields))
