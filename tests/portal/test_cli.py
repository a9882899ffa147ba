"""The cabinet's operator commands, run as `flask --app portal <command>` runs them."""

import json

from cryptography import x509
from sqlalchemy import inspect

import portal
from common.certs import make_self_signed
from portal import esia_client
from portal.models import db


def run(app, *args: str, stdin: bytes | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def own_cabinet(portal_config, tmp_path, **settings):
    """The cabinet with a data directory of its own (its keys, ESIA's certificate)."""
    config = {**portal_config, "DATA_DIR": str(tmp_path), "ESIA_CERT_PATH": None}
    return portal.create_app({**config, "PUBLIC_URL": "https://cabinet.example", **settings})


def test_the_registration_names_the_client_its_certificate_and_its_return_address(
    portal_app, portal_config, tmp_path
):
    cabinet = own_cabinet(portal_config, tmp_path)
    result = run(cabinet, "esia-registration")
    assert result.exit_code == 0, result.output
    registration = json.loads(result.output)
    assert registration["client_id"] == "MEDACCRED"
    assert registration["redirect_uris"] == ["https://cabinet.example/login/esia/callback"]
    assert "registries" in registration["scopes"] and registration["signature_mode"] == "gost"
    key_and_cert = (tmp_path / "portal-keys-gost").glob("*.pem")
    assert any(path.read_text() == registration["certificate_pem"] for path in key_and_cert)


def test_the_certificate_alone_is_pem(portal_app, portal_config, tmp_path):
    cabinet = own_cabinet(portal_config, tmp_path)
    pem = run(cabinet, "esia-registration", "--pem").output.encode()
    with cabinet.app_context():
        assert pem.decode() == esia_client.registration(cabinet)["certificate_pem"]
    assert x509.load_pem_x509_certificate(pem).subject


def test_esias_certificate_is_installed_where_the_cabinet_reads_it(
    portal_app, portal_config, tmp_path
):
    cabinet = own_cabinet(portal_config, tmp_path)
    _, esia_pem = make_self_signed("ESIA")
    result = run(cabinet, "install-esia-cert", "-", stdin=esia_pem)
    assert result.exit_code == 0, result.output
    installed = esia_client.esia_cert_path(cabinet)
    assert installed.read_bytes() == esia_pem and installed.stat().st_mode & 0o077 == 0


def test_the_configured_certificate_path_wins(portal_app, portal_config, tmp_path):
    target = tmp_path / "elsewhere" / "esia.pem"
    cabinet = own_cabinet(portal_config, tmp_path / "data", ESIA_CERT_PATH=str(target))
    source = tmp_path / "esia.pem"
    source.write_bytes(make_self_signed("ESIA")[1])
    assert run(cabinet, "install-esia-cert", str(source)).exit_code == 0
    assert target.read_bytes() == source.read_bytes()


def test_a_file_that_is_not_a_certificate_is_refused(portal_app, portal_config, tmp_path):
    cabinet = own_cabinet(portal_config, tmp_path)
    result = run(cabinet, "install-esia-cert", "-", stdin=b"-----BEGIN NONSENSE-----")
    assert result.exit_code == 2 and "not a PEM certificate" in result.output
    assert not esia_client.esia_cert_path(cabinet).exists()


def test_the_tables_are_built_on_an_empty_database(portal_config, scratch_database, tmp_path):
    url = scratch_database("cli_portal")
    fresh = own_cabinet(portal_config, tmp_path, DATABASE_URL=url)
    result = run(fresh, "db-upgrade")
    assert result.exit_code == 0 and "up to date" in result.output
    with fresh.app_context():
        assert {"doctor", "application"} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
