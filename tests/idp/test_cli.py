"""The simulator's operator commands, run as `flask --app idp_mock <command>` runs them."""

import json

import pytest
from sqlalchemy import func, inspect, select

import idp_mock
from idp_mock import clock, outbox
from idp_mock.models import Client, Persona, db
from idp_mock.protocol import keys
from tests.support.constants import DOCTOR_PHONE
from tests.support.rp import RelyingParty

TESTRP = RelyingParty()


def run(app, *args: str, stdin: str | None = None):
    result = app.test_cli_runner().invoke(args=list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def registered(app, client_id: str) -> Client | None:
    with app.app_context():
        return db.session.get(Client, client_id)


def test_seeding_twice_leaves_one_demo_cast(app):
    first, second = run(app, "seed-demo"), run(app, "seed-demo")
    assert first.exit_code == second.exit_code == 0
    assert DOCTOR_PHONE in first.output and first.output == second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Persona)) == 7


def test_a_client_is_registered_from_options(app, tmp_path):
    pem = tmp_path / "rp.pem"
    pem.write_text(TESTRP.certificate_pem)
    args = ["register-client", "--client-id", "TESTRP", "--certificate", str(pem)]
    args += ["--redirect-uri", "https://rp.test/cb", "--redirect-uri", "https://rp.test/cb2"]
    result = run(app, *args, "--scope", "openid fullname", "--scope", "registries")
    assert result.exit_code == 0 and "registered TESTRP" in result.output
    client = registered(app, "TESTRP")
    assert client.redirect_uris == ["https://rp.test/cb", "https://rp.test/cb2"]
    assert client.scopes == ["openid", "fullname", "registries"]
    assert client.signature_mode == "strict" and client.certificate_pem == TESTRP.certificate_pem


def test_registering_again_replaces_the_certificate(app):
    run(app, "register-client", "--json", "-", stdin=json.dumps(TESTRP.registration()))
    rotated = RelyingParty().certificate_pem
    body = json.dumps({**TESTRP.registration(), "certificate_pem": rotated})
    result = run(app, "register-client", "--json", "-", stdin=body)
    assert "replaced TESTRP" in result.output
    assert registered(app, "TESTRP").certificate_pem == rotated


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"certificate_pem": "not a certificate"}, "PEM"),
        ({"redirect_uris": []}, "адрес возврата"),
        ({"signature_mode": "sloppy"}, "signature_mode"),
    ],
)
def test_a_bad_registration_is_refused_and_stores_nothing(app, change, words):
    body = json.dumps({**TESTRP.registration(), **change})
    result = app.test_cli_runner().invoke(args=["register-client", "--json", "-"], input=body)
    assert result.exit_code == 2 and words in result.output
    assert registered(app, "TESTRP") is None


def test_the_signing_certificate_is_printed_or_written(app, tmp_path):
    with app.app_context():
        pem = keys.active().certificate_pem
    assert run(app, "signing-cert").output.encode() == pem
    run(app, "signing-cert", "--output", str(tmp_path / "esia.pem"))
    assert (tmp_path / "esia.pem").read_bytes() == pem


def test_the_admin_token_guards_the_tester_api_of_the_next_start(app, idp_config, tmp_path):
    config = {**idp_config, "DATA_DIR": str(tmp_path), "ADMIN_TOKEN": None}
    operator = idp_mock.create_app(config)
    token = run(operator, "issue-admin-token").stdout.strip()
    assert len(token) >= 43 and (tmp_path / "idp-admin-token").stat().st_mode & 0o077 == 0
    restarted = idp_mock.create_app(config).test_client()
    assert restarted.get("/_mock/api/clients").status_code == 401
    opened = restarted.get("/_mock/api/clients", headers={"Authorization": f"Bearer {token}"})
    assert opened.status_code == 200


def test_a_new_admin_token_replaces_the_old_one(app, idp_config, tmp_path):
    config = {**idp_config, "DATA_DIR": str(tmp_path), "ADMIN_TOKEN": None}
    old = run(idp_mock.create_app(config), "issue-admin-token").stdout.strip()
    new = run(idp_mock.create_app(config), "issue-admin-token").stdout.strip()
    restarted = idp_mock.create_app(config).test_client()
    assert old != new
    assert (
        restarted.get("/_mock/api/clients", headers={"Authorization": f"Bearer {old}"}).status_code
        == 401
    )


def test_the_environments_admin_token_wins_over_the_file(app, idp_config, tmp_path):
    run(idp_mock.create_app({**idp_config, "DATA_DIR": str(tmp_path)}), "issue-admin-token")
    configured = idp_mock.create_app(
        {**idp_config, "DATA_DIR": str(tmp_path), "ADMIN_TOKEN": "env"}
    )
    assert configured.config["ADMIN_TOKEN"] == "env"


def test_messages_show_the_codes_sent(app, demo):
    with app.app_context():
        outbox.send_sms(DOCTOR_PHONE, "Код для входа: 123456", code="123456")
        outbox.send_sms("+79160000000", "Код для входа: 654321", code="654321")
        db.session.commit()
    lines = run(app, "messages", "--to", DOCTOR_PHONE).output.splitlines()
    assert [line.split("\t")[2:4] for line in lines] == [[DOCTOR_PHONE, "123456"]]


def test_a_groups_messages_are_read_with_its_id(app, client, demo):
    group = client.post("/_mock/api/groups", json={"name": "Класс", "copies": 1}).get_json()
    phone = group["personas"][0]["phone"]
    with app.app_context():
        clock.use_group(group["id"])
        outbox.send_sms(phone, "Код для входа: 111222", code="111222")
        db.session.commit()
    assert run(app, "messages", "--to", phone).output == ""
    lines = run(app, "messages", "--group", str(group["id"])).output.splitlines()
    assert [line.split("\t")[2:4] for line in lines] == [[phone, "111222"]]


def test_the_tables_are_built_on_an_empty_database(idp_config, scratch_database, tmp_path):
    url = scratch_database("cli_idp")
    fresh = idp_mock.create_app({**idp_config, "DATABASE_URL": url, "DATA_DIR": str(tmp_path)})
    assert "up to date" in run(fresh, "db-upgrade").output
    with fresh.app_context():
        assert {"persona", "client", "issued_token"} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
