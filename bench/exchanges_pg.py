"""The load section's token exchanges again as a scaled-out stand serves them: nginx
(round-robin, upstream keep-alive) to two simulator instances (2 gthread workers × 4 threads
each) on one PostgreSQL scratch database, dropped afterwards; against the same oidc-provider
measurement. Part of the load section; run alone: .venv/bin/python -m bench.exchanges_pg (it
then measures oidc-provider too).
"""

import os
import tempfile
from pathlib import Path

from tests.support.cabinet_pair import DEFAULT_SERVER
from tests.support.databases import ScratchDatabases
from tests.support.servers import ROOT, free_port, gunicorn, migrate_and_seed, running

from . import load
from .nginx import nginx_conf, start_nginx
from .table import Row


def servers(folder: Path, ports: dict, env: dict) -> list:
    # Two workers per instance: the two instances together have about the load section's five.
    instance = {**env, "WEB_CONCURRENCY": "2", "IDP_PROXY_FIX": "1"}
    commands = [gunicorn("idp_mock:create_app()", ports[name], instance) for name in ("a", "b")]
    conf = nginx_conf(
        folder / "nginx", {"simulator": [ports["a"], ports["b"]]}, {ports["idp"]: "simulator"}
    )
    return [*commands, start_nginx(folder, conf, ports["idp"])]


def our_rate_on_postgresql(verifier: str, challenge: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-exchanges-pg-"))
    databases = ScratchDatabases(folder)
    databases.server = databases.server or DEFAULT_SERVER
    ports = {name: free_port() for name in ("a", "b", "idp")}
    try:
        env = {
            "IDP_DATABASE_URL": databases.make("bench_idp"),
            "IDP_DATA_DIR": str(folder),
            "IDP_SECRET_KEY": "bench-idp",
        }
        migrate_and_seed(env, cabinet=False)
        idp = f"http://127.0.0.1:{ports['idp']}"
        with running(servers(folder, ports, env), folder):
            load.open_login_page(idp)  # registers the bench's OIDC client
            return load.our_rate(idp, verifier, challenge)
    finally:
        databases.drop()


def row(ours: dict, theirs: dict) -> Row:
    return Row(
        "load",
        f"token exchanges/s, nginx → 2 instances, PostgreSQL, PKCE, 8 clients "
        f"(p99 {ours['p99']:.0f} ms, {ours['errors']} failed)",
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
