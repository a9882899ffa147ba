"""The status polls of the load section again, through nginx (round-robin) to two cabinet
instances with data directories of their own on one PostgreSQL, against Flask's "Hello, World!"
behind the same nginx. Part of the load section; run alone: .venv/bin/python -m bench.scaled_load
"""

import base64
import os
import tempfile
import time
from pathlib import Path

import requests

from tests.support.cabinet_pair import DEFAULT_SERVER
from tests.support.databases import ScratchDatabases
from tests.support.servers import ROOT, free_port, gunicorn, running

from . import load
from .nginx import nginx_conf, start_nginx
from .table import Row


def servers(folder: Path, ports: dict, database_url: str) -> list:
    env = {
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": "bench-portal",
        "PORTAL_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "PORTAL_PROXY_FIX": "1",
        # No simulator in this section: a port nobody listens on refuses at once.
        "PORTAL_IDP_URL": f"http://127.0.0.1:{free_port()}",
        # Two workers per instance: the two instances together have about the load section's five.
        "WEB_CONCURRENCY": "2",
    }
    commands = [gunicorn("bench.hello:create_app()", ports["hello_up"], env)]
    for name in ("a", "b"):
        data_dir = {"PORTAL_DATA_DIR": str(folder / f"cabinet-{name}")}
        commands.append(gunicorn("portal:create_app()", ports[name], {**env, **data_dir}))
    conf = nginx_conf(
        folder / "nginx",
        {"cabinet": [ports["a"], ports["b"]], "hello": [ports["hello_up"]]},
        {ports["portal"]: "cabinet", ports["hello"]: "hello"},
    )
    return [*commands, start_nginx(folder, conf, ports["portal"])]  # listens on both ports


def warmed(url: str, cookie: str) -> None:
    """Every worker of both instances has started (gunicorn listens before its workers load
    the app): answers through nginx until eight in a row come back at once."""
    deadline, quick = time.monotonic() + 180, 0
    while quick < 8:
        assert time.monotonic() < deadline, "the instances never answered quickly"
        start = time.monotonic()
        answer = requests.get(url, headers={"Cookie": cookie}, timeout=120)
        assert answer.status_code == 200, answer.status_code
        quick = quick + 1 if time.monotonic() - start < 0.5 else 0


def rows_of(polls: dict, hello: dict) -> list[Row]:
    base, where = "Flask hello, same nginx and gunicorn", "nginx → 2 instances, PostgreSQL"
    return [
        row
        for label, result in polls.items()
        for row in load.poll_rows(f"{label}, {where}", result, hello, base)
    ]


def main() -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="bench-scaled-"))
    databases = ScratchDatabases(folder)
    configured = os.environ.get("PORTAL_DATABASE_URL", "")
    databases.server = (
        configured.rsplit("/", 1)[0] if configured.startswith("postgresql") else DEFAULT_SERVER
    )
    ports = {name: free_port() for name in ("hello_up", "a", "b", "portal", "hello")}
    try:
        url = databases.make("bench_portal")
        cookie, application_id = load.portal_stand(folder / "cabinet-a", "bench-portal", url)
        with running(servers(folder, ports, url), folder):
            warmed(
                f"http://127.0.0.1:{ports['portal']}/cabinet/applications/{application_id}", cookie
            )
            hello = load.wrk(f"http://127.0.0.1:{ports['hello']}/", 50, {})
            polls = load.status_polls(f"http://127.0.0.1:{ports['portal']}", application_id, cookie)
    finally:
        databases.drop()
    for name, result in polls.items():
        assert result["errors"] == 0, f"{name}: {result['errors']} non-2xx/3xx answers"
    return rows_of(polls, hello)


if __name__ == "__main__":
    from .table import render

    os.chdir(ROOT)
    print(render(main()))
