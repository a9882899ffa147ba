"""A whole stand as an operator runs it: `app.py` in a process of its own, the apps' `flask`
commands, and a doctor logging in over plain HTTP with what those commands tell."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.support.constants import DEMO_PASSWORD
from tests.support.pages import Page
from tests.support.servers import ROOT, flask, free_port, wait_for

# Variables of the environment that would point a stand at the test run's own databases.
SHARED_SETTINGS = ("IDP_DATABASE_URL", "PORTAL_DATABASE_URL", "IDP_DATA_DIR", "PORTAL_DATA_DIR")


def clean_environment(**settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SETTINGS}
    return {**env, **settings}


@contextmanager
def started_stand(data_dir: Path, **settings: str):
    """`python app.py` on free loopback ports with `settings` in its environment; yields
    {"portal", "idp", "console"}: the two URLs and the file its console output goes to."""
    ports = {"portal": free_port(), "idp": free_port()}
    console = data_dir.parent / f"{data_dir.name}-console.txt"
    argv = [sys.executable, "-u", "app.py", "--data-dir", str(data_dir)]
    argv += ["--portal-port", str(ports["portal"]), "--idp-port", str(ports["idp"])]
    with open(console, "wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own argument list, no shell)
            argv,
            cwd=ROOT,
            env=clean_environment(**settings),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for port in ports.values():
            wait_for(port, seconds=60)
        wait_for_text(console, "Ctrl-C")
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        yield {**urls, "console": console}
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)


def wait_for_text(path: Path, text: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while text not in path.read_text():
        assert time.monotonic() < deadline, f"{path} never said {text!r}"
        time.sleep(0.1)


def outbox_reader(env: dict):
    """The newest code sent to a phone, read as an operator reads it with the tester API off:
    the simulator's `messages` command on the database `env` names."""

    def code_of(phone: str) -> str:
        newest = flask("idp_mock", "messages", "--to", phone, "--limit", "1", env=env)
        return newest.split("\t")[3]

    return code_of


class HttpDoctor:
    """A doctor's browser without JavaScript, as plain HTTP: forms posted with their tokens."""

    def __init__(self, portal_url: str, verify: bool | str = True):
        self.portal_url = portal_url
        self.web = requests.Session()
        self.web.trust_env = False  # REQUESTS_CA_BUNDLE from the environment would win
        self.web.verify = verify

    def submit(self, page: requests.Response, fields: dict) -> requests.Response:
        form = Page(page).forms()[0]  # where it posts: a login step answers the next in place
        data = {"csrf_token": form.csrf_token, **fields}
        url = urljoin(page.url, form.action or page.url)
        return self.web.post(url, data=data, headers={"Referer": page.url}, timeout=30)

    def log_in(self, phone: str, code_of) -> requests.Response:
        """Through ESIA: password, the SMS code `code_of(phone)` reads, consent unless the
        person gave it before; the page the cabinet shows afterwards."""
        page = self.web.get(f"{self.portal_url}/login/esia", timeout=30)
        page = self.submit(page, {"login": phone, "password": DEMO_PASSWORD})
        page = self.submit(page, {"code": code_of(phone)})
        if Page(page).testid("consent-allow") is None:
            return page  # consent remembered: the code went straight back to the cabinet
        return self.submit(page, {"decision": "allow"})
