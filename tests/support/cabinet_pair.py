"""Two cabinet instances behind nginx (round-robin) on one PostgreSQL: each with a data directory
of its own, the secret key and the master key shared through the environment, the cabinet's
ESIA key pair copied to both as an operator provisions a second host."""

import base64
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.support.databases import ScratchDatabases
from tests.support.servers import free_port, gunicorn, migrate_and_seed, register_cabinet, running

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
UPSTREAM = "X-Upstream"

# What every nginx the tests and the bench start needs: its files under `run`, one worker, so
# round-robin alternates request by request.
NGINX_PRELUDE = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
"""
TEMP_PATHS = """
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
"""
NGINX_CONF = (
    NGINX_PRELUDE
    + """
http {{
    access_log {run}/access.log;"""
    + TEMP_PATHS
    + """    client_max_body_size 12m;
    client_body_buffer_size 12m;
    upstream cabinet {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{portal};
        location / {{
            proxy_pass http://cabinet;
            proxy_next_upstream off;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header {upstream} $upstream_addr always;
        }}
    }}
}}
"""
)


def postgres_server() -> str:
    """The PostgreSQL server of the suite's database, or the local one; skips (fails when the
    run must not skip) without one."""
    configured = os.environ.get("IDP_DATABASE_URL", "")
    server = configured.rsplit("/", 1)[0] if configured.startswith("postgresql") else DEFAULT_SERVER
    try:
        engine = create_engine(f"{server}/postgres")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"no PostgreSQL at {server}")
        pytest.skip(f"no PostgreSQL at {server}")
    return server


def require_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("nginx is not installed (bin/setup --test installs it)")
        pytest.skip("nginx is not installed")


def shared_env(ports: dict, folder: Path, databases: ScratchDatabases) -> dict:
    return {
        "IDP_DATA_DIR": str(folder / "idp"),
        "IDP_DATABASE_URL": databases.make("pair_idp"),
        "PORTAL_DATABASE_URL": databases.make("pair_portal"),
        "IDP_SECRET_KEY": "pair-idp-secret",
        "PORTAL_SECRET_KEY": "pair-portal-secret",
        "PORTAL_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "IDP_FAST_PASSWORD_HASH": "1",
        "IDP_TEST_API": "0",
        "PORTAL_PROXY_FIX": "1",
        "PORTAL_IDP_URL": f"http://127.0.0.1:{ports['idp']}",
        "PORTAL_PUBLIC_URL": f"http://127.0.0.1:{ports['portal']}",
        "PORTAL_ESIA_CERT_PATH": str(folder / "esia-signing.pem"),
        "WEB_CONCURRENCY": "1",
        "THREADS": "2",
    }


def provision(env: dict, folders: list[Path]) -> None:
    """Set up the databases and ESIA registration from the first host; give the second the
    cabinet's ESIA key pair (never the master key: that comes from the environment)."""
    first = {**os.environ, **env, "PORTAL_DATA_DIR": str(folders[0])}
    migrate_and_seed(first)
    register_cabinet(first)
    for other in folders[1:]:
        for keys in ("portal-keys", "portal-keys-gost"):  # the ESIA key pair: RSA or GOST
            if (folders[0] / keys).exists():
                shutil.copytree(folders[0] / keys, other / keys)
    assert not (folders[0] / "portal-keys" / "master.key").exists()


@contextmanager
def cabinet_pair(folder: Path):
    """Yields {"url", "env", "upstreams", "data_dirs"}: nginx's address for the cabinet."""
    require_nginx()
    databases = ScratchDatabases(folder)
    databases.server = postgres_server()
    names = ("idp", "a", "b", "portal")
    ports = {name: free_port() for name in names}
    env, run = shared_env(ports, folder, databases), folder / "nginx"
    data_dirs = [folder / "cabinet-a", folder / "cabinet-b"]
    run.mkdir()
    conf = run / "nginx.conf"
    conf.write_text(NGINX_CONF.format(run=run, upstream=UPSTREAM, **ports))
    try:
        provision(env, data_dirs)
        commands = [gunicorn("idp_mock:create_app()", ports["idp"], env)]
        for port, data_dir in zip((ports["a"], ports["b"]), data_dirs, strict=True):
            commands.append(
                gunicorn("portal:create_app()", port, {**env, "PORTAL_DATA_DIR": str(data_dir)})
            )
        commands.append(
            ([NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"], {}, ports["portal"])
        )
        with running(commands, logs=run):
            yield {
                "url": env["PORTAL_PUBLIC_URL"],
                "env": {**os.environ, **env, "PORTAL_DATA_DIR": str(data_dirs[0])},
                "upstreams": {f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"},
                "data_dirs": data_dirs,
            }
    finally:
        databases.drop()
