"""Live apps on loopback, for the protocol tests, the browser tests, the budgets, the
production and scale tests and the bench: in a thread of this process, or as processes
of their own stopped by their ids."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from werkzeug.serving import make_server

import portal
from portal import esia_client
from portal.models import db as portal_db

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nobody listens on right now (an app must know its URL up front)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


class LiveServer:
    """A WSGI app served over real HTTP from a thread, on `port` or a free one."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0):
        self.app = app
        self.server = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def register(idp_url: str, registration: dict) -> None:
    """Register a relying party at the live simulator through the tester API."""
    with requests.Session() as http:
        http.trust_env = False  # never through a proxy from the environment
        response = http.post(f"{idp_url}/_mock/api/clients", json=registration, timeout=10)
    assert response.status_code == 201, response.text


@contextmanager
def live_portal(live_idp, portal_config: dict, certificate: Path):
    """The cabinet on a free loopback port, logging in through `live_idp`, registered there."""
    certificate.write_bytes(live_idp.app.extensions["signing_key"].certificate_pem)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    application = portal.create_app(
        {
            **portal_config,
            "IDP_URL": live_idp.url,
            "PUBLIC_URL": url,
            "ESIA_CERT_PATH": str(certificate),
            "HTTP_TIMEOUT": (2, 5),
        }
    )
    server = LiveServer(application, port=port)
    try:
        register(live_idp.url, esia_client.registration(application))
        yield server
    finally:
        server.stop()
        with application.app_context():
            portal_db.engine.dispose()


def flask(app: str, *args: str, env: dict, stdin: bytes | None = None) -> str:
    """Run the operator command `flask --app <app> <args>` at the project's root, with `env`;
    its standard output."""
    done = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        [sys.executable, "-m", "flask", "--app", app, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def gunicorn(app: str, port: int, env: dict) -> tuple[list[str], dict, int]:
    """The production server's command for `app` on `port`, as `running` takes it."""
    argv = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", app]
    return argv, {**env, "BIND": f"127.0.0.1:{port}"}, port


@contextmanager
def running(commands: list[tuple[list[str], dict, int]], logs: Path | None = None):
    """Start each (argv, env, port) and wait until it listens; stop them all afterwards.
    Their error output goes to `logs`/<port>.log when `logs` is given."""
    with ExitStack() as files:
        processes = [
            subprocess.Popen(  # noqa: S603 (our own argument lists, no shell)
                argv,
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=files.enter_context(open(logs / f"{port}.log", "wb"))
                if logs
                else subprocess.DEVNULL,
                start_new_session=True,
            )
            for argv, env, port in commands
        ]
        yield from supervise(processes, [port for _, _, port in commands])


def supervise(processes, ports: list[int]):
    try:
        for port in ports:
            wait_for(port)
        yield
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


class CallbackHandler(BaseHTTPRequestHandler):
    """The relying party's redirect_uri: remembers each hit and answers with a page «ok»."""

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/callback":
            self.send_error(404)
            return
        self.server.hits.append(self.path)
        body = b"<!doctype html><html lang='ru'><title>ok</title><p>ok</p></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def callback_server():
    """A relying party's callback page on a free loopback port; yields its URL and its hits."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), CallbackHandler)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/callback", server.hits
    finally:
        server.shutdown()
        server.server_close()


def migrate_and_seed(env: dict, cabinet: bool = True) -> None:
    """Build the schemas of the databases `env` names and seed the demo personas, with the
    commands an operator runs."""
    flask("idp_mock", "db-upgrade", env=env)
    flask("idp_mock", "seed-demo", env=env)
    if cabinet:
        flask("portal", "db-upgrade", env=env)


def register_cabinet(env: dict) -> None:
    """What an operator does for the cabinet on ESIA's technology portal, with the commands:
    register its client and certificate, and give it ESIA's signing certificate."""
    registration = flask("portal", "esia-registration", env=env)
    flask("idp_mock", "register-client", "--json", "-", env=env, stdin=registration.encode())
    esia_certificate = flask("idp_mock", "signing-cert", env=env)
    flask("portal", "install-esia-cert", "-", env=env, stdin=esia_certificate.encode())
