"""The load section's token exchanges again with the simulator on PostgreSQL (a scratch
database, dropped afterwards), against the same oidc-provider measurement. Part of the load
section; run alone: .venv/bin/python -m bench.exchanges_pg (it then measures oidc-provider too).
"""

import os
import tempfile
from pathlib import Path

from tests.support.cabinet_pair import DEFAULT_SERVER
from tests.support.databases import ScratchDatabases
from tests.support.servers import ROOT, free_port, gunicorn, migrate_and_seed, running

from . import load
from .table import Row


def our_rate_on_postgresql(verifier: str, challenge: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-exchanges-pg-"))
    databases = ScratchDatabases(folder)
    databases.server = databases.server or DEFAULT_SERVER
    port = free_port()
    try:
        env = {
            "IDP_DATABASE_URL": databases.make("bench_idp"),
            "IDP_DATA_DIR": str(folder),
            "IDP_SECRET_KEY": "bench-idp",
        }
        migrate_and_seed(env, cabinet=False)
        idp = f"http://127.0.0.1:{port}"
        with running([gunicorn("idp_mock:create_app()", port, env)], folder):
            load.open_login_page(idp)  # registers the bench's OIDC client
            return load.our_rate(idp, verifier, challenge)
    finally:
        databases.drop()


def row(ours: dict, theirs: dict) -> Row:
    return Row(
        "load",
        f"token exchanges/s on PostgreSQL, PKCE, 8 clients (p99 {ours['p99']:.0f} ms, "
        f"{ours['errors']} failed)",
        ours["rps"],
        "/s",
        f"oidc-provider 9.13 (p99 {theirs['p99']:.0f} ms, {theirs['errors']} failed)",
        theirs["rps"],
        "≥ 1.0x",
        ours["rps"] >= theirs["rps"],
    )


if __name__ == "__main__":
    from .table import render

    os.chdir(ROOT)
    verifier, challenge = load.pkce()
    ours = our_rate_on_postgresql(verifier, challenge)
    print(render([row(ours, load.oidc_provider_rate(verifier, challenge))]))
