"""Server load on loopback: gunicorn (deploy/gunicorn.conf.py) on this machine, wrk as the client.

- status polls per second and p50/p99 at 50 connections, the full fragment and the 304 path,
  against a Flask "Hello, World!" under the same gunicorn settings;
- password logins per second (argon2id) against the argon2id ceiling of this machine;
- token-endpoint exchanges (authorization code + PKCE, RS256 ID token) against oidc-provider
  from npm on the same machine, codes minted beforehand on both so only the exchange counts,
  with the simulator on SQLite;
- the status polls again through nginx to two cabinet instances on PostgreSQL (scaled_load.py),
  and the token exchanges through nginx to two simulator instances on PostgreSQL (exchanges_pg.py).
Run alone: .venv/bin/python -m bench.load
"""

import base64
import hashlib
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import requests

import idp_mock
import portal
from idp_mock.tester.seed import seed_demo
from portal.models import Application, Doctor, UserSession, db
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.servers import ROOT, free_port, gunicorn, running

from . import exchanges_pg, scaled_load
from .logins import argon2_ceiling
from .table import Row

SECONDS = 8
PHONE, PASSWORD = DOCTOR_PHONE, DEMO_PASSWORD
CALLBACK = "http://rp.example.test/esia/callback"
CODES, BATCH = 600, 200


def wrk(url: str, connections: int, headers: dict, script: Path | None = None) -> dict:
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency", url]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    if script:
        argv += ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def portal_stand(folder: Path, secret: str, database_url: str | None = None) -> tuple[str, int]:
    """A doctor with one application under review, logged in: (cookie, application id)."""
    config = {"DATA_DIR": str(folder), "SECRET_KEY": secret}
    app = portal.create_app({**config, "DATABASE_URL": database_url} if database_url else config)
    portal.migrate(app)
    moment = datetime.now()
    with app.app_context():
        doctor = Doctor(
            esia_oid=1_000_000_101,
            last_name="Иванова",
            trusted=True,
            checks=[],
            created_at=moment,
            updated_at=moment,
        )
        db.session.add(doctor)
        db.session.flush()
        application = Application(
            number="З-00000001",
            doctor_id=doctor.id,
            kind="primary",
            status="in_review",
            created_at=moment,
            submitted_at=moment,
            status_changed_at=moment,
            updated_at=moment,
        )
        record = UserSession(
            id=secrets.token_urlsafe(32),
            doctor_id=doctor.id,
            access="full",
            created_at=moment,
            last_seen_at=moment,
        )
        db.session.add_all([application, record])
        db.session.commit()
        signed = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": record.id, "_fresh": True}
        )
        return f"portal_session={signed}", application.id


def idp_stand(folder: Path, secret: str) -> None:
    app = idp_mock.create_app({"DATA_DIR": str(folder), "SECRET_KEY": secret})
    idp_mock.migrate(app)
    with app.app_context():
        seed_demo()


def open_login_page(idp: str) -> tuple[requests.Session, requests.Response]:
    """Register an OIDC client without a signature, then open its login page in a browser."""
    registration = {
        "client_id": "bench-oidc",
        "certificate_pem": "",
        "signature_mode": "off",
        "redirect_uris": [CALLBACK],
    }
    requests.post(f"{idp}/_mock/api/clients", json=registration, timeout=30).raise_for_status()
    _, challenge = pkce()
    params = {
        "client_id": "bench-oidc",
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": "openid",
        "state": "s",
        "nonce": "n",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    browser = requests.Session()
    return browser, browser.get(f"{idp}/oidc/authorize", timeout=30, params=params)


def login_script(folder: Path, idp: str) -> tuple[Path, str, str]:
    """A login page opened as a browser would; wrk then posts the right password to it."""
    browser, page = open_login_page(idp)
    body = requests.models.RequestEncodingMixin._encode_params(
        {"csrf_token": Page(page).csrf_token, "login": PHONE, "password": PASSWORD}
    )
    # The login page answers at the authorize address; its form posts where its action says.
    action = urljoin(page.url, Page(page).form().action)
    first = browser.post(
        action,
        data=body,
        timeout=30,
        allow_redirects=False,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert Page(first).testid("code-input") is not None, first.status_code  # the code page
    script = folder / "login.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    return script, action, cookie


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def our_codes(idp: str, challenge: str) -> list[str]:
    oid = next(
        p["oid"]
        for p in requests.get(f"{idp}/_mock/api/personas", timeout=30).json()
        if p["phone"] == PHONE
    )
    body = {
        "client_id": "bench-oidc",
        "redirect_uri": CALLBACK,
        "oid": oid,
        "scope": "openid",
        "protocol": "oidc",
        "code_challenge": challenge,
        "nonce": "n1",
    }
    session = requests.Session()
    return [
        session.post(f"{idp}/_mock/api/codes", json=body, timeout=30).json()["code"]
        for _ in range(CODES)
    ]


def exchange_all(url: str, client_id: str, codes: list[str], verifier: str) -> dict:
    """Redeem every code with 8 concurrent keep-alive clients: seconds, latencies, failures."""
    latencies, failures, lock = [], [], threading.Lock()
    queue = list(codes)

    def client():
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                code = queue.pop(0)
            start = time.perf_counter()
            response = session.post(
                url,
                timeout=30,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": CALLBACK,
                    "client_id": client_id,
                    "code_verifier": verifier,
                },
            )
            with lock:
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    failures.append(response.status_code)

    threads = [threading.Thread(target=client) for _ in range(8)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.perf_counter() - start, "latencies": latencies, "failures": failures}


def summary(batches: list[dict]) -> dict:
    latencies = [x for batch in batches for x in batch["latencies"]]
    failures = sum(len(batch["failures"]) for batch in batches)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": (len(latencies) - failures) / sum(b["seconds"] for b in batches),
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "errors": failures,
    }


def oidc_provider_rate(verifier: str, challenge: str) -> dict:
    """oidc-provider's development adapter keeps at most 1,000 objects (an LRU): codes, grants
    and the tokens they give are minted and redeemed in batches that fit."""
    port, mint_port = free_port(), free_port()
    node = (["node", "bench/node/server.mjs", str(port), str(mint_port)], {}, port)
    batches = []
    with running([node], Path(tempfile.gettempdir())):
        for _ in range(CODES // BATCH):
            codes = requests.get(
                f"http://127.0.0.1:{mint_port}/",
                timeout=60,
                params={"n": BATCH, "challenge": challenge},
            ).json()
            batches.append(exchange_all(f"http://127.0.0.1:{port}/token", "bench", codes, verifier))
    return summary(batches)


def our_rate(idp: str, verifier: str, challenge: str) -> dict:
    batches = []
    for _ in range(CODES // BATCH):
        codes = our_codes(idp, challenge)
        batches.append(exchange_all(f"{idp}/oidc/token", "bench-oidc", codes, verifier))
    return summary(batches)


def status_polls(portal: str, application_id: int, cookie: str) -> dict[str, dict]:
    """wrk on the polls: the whole status fragment, then 304s for the ETag it carried, and the
    304s of the polled list of applications."""
    status = f"{portal}/cabinet/applications/{application_id}/status"
    headers = {"Cookie": cookie, "HX-Request": "true"}
    first = requests.get(status, headers=headers, timeout=30)
    assert first.status_code == 200, first.status_code
    listed = f"{portal}/cabinet/applications/"
    rows = {**headers, "HX-Target": "application-rows"}
    list_etag = requests.get(listed, headers=rows, timeout=30).headers["ETag"]
    return {
        "full fragment": wrk(status, 50, headers),
        "304 If-None-Match": wrk(status, 50, {**headers, "If-None-Match": first.headers["ETag"]}),
        "list, 304 If-None-Match": wrk(listed, 50, {**rows, "If-None-Match": list_etag}),
    }


def poll_rows(
    label: str, result: dict, hello: dict, base: str = "Flask hello, same gunicorn"
) -> list[Row]:
    """A 304 is held to half the Flask hello's rate; the full fragment to 1,000/s."""
    revalidated = "304" in label
    rate_target = "≥ 0.5x" if revalidated else "≥ 1,000/s"
    rate_ok = result["rps"] >= (0.5 * hello["rps"] if revalidated else 1000)
    return [
        Row(
            "load",
            f"polls/s, 50 conns, {label}",
            result["rps"],
            "/s",
            base,
            hello["rps"],
            rate_target,
            rate_ok,
        ),
        Row("load", f"poll p50, {label}", result["p50"], "ms", base, hello["p50"]),
        Row(
            "load",
            f"poll p99, {label}",
            result["p99"],
            "ms",
            base,
            hello["p99"],
            "≤ 100 ms",
            result["p99"] <= 100,
        ),
    ]


def login_rows(logins: dict, ceiling: float, ours: dict, theirs: dict) -> list[Row]:
    return [
        Row(
            "load",
            "password logins/s (argon2id m=19M t=2 p=1, the personas' cost)",
            logins["rps"],
            "/s",
            "argon2id verify ceiling, all cores",
            ceiling,
            "≥ 0.8x",
            logins["rps"] >= 0.8 * ceiling,
        ),
        Row(
            "load",
            f"token exchanges/s, PKCE, 8 clients (p99 {ours['p99']:.0f} ms, "
            f"{ours['errors']} failed)",
            ours["rps"],
            "/s",
            f"oidc-provider 9.13 (p99 {theirs['p99']:.0f} ms, {theirs['errors']} failed)",
            theirs["rps"],
            "≥ 0.5x",
            ours["rps"] >= 0.5 * theirs["rps"],
        ),
    ]


def main() -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    ports = {name: free_port() for name in ("hello", "portal", "idp")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    env = {
        "PORTAL_DATA_DIR": str(folder),
        "PORTAL_SECRET_KEY": "bench-portal",
        "IDP_DATA_DIR": str(folder),
        "IDP_SECRET_KEY": "bench-idp",
        "PORTAL_IDP_URL": urls["idp"],
    }
    cookie, application_id = portal_stand(folder, "bench-portal")
    idp_stand(folder, "bench-idp")
    servers = [
        gunicorn("bench.hello:create_app()", ports["hello"], env),
        gunicorn("portal:create_app()", ports["portal"], env),
        gunicorn("idp_mock:create_app()", ports["idp"], env),
    ]
    verifier, challenge = pkce()
    with running(servers, folder):
        hello = wrk(urls["hello"] + "/", 50, {})
        polls = status_polls(urls["portal"], application_id, cookie)
        script, login_url, idp_cookie = login_script(folder, urls["idp"])
        logins = wrk(login_url, 8, {"Cookie": idp_cookie}, script)
        ceiling = argon2_ceiling()
        ours = our_rate(urls["idp"], verifier, challenge)
    theirs = oidc_provider_rate(verifier, challenge)
    on_postgresql = exchanges_pg.our_rate_on_postgresql(verifier, challenge)
    print(f"  load: logs of the servers in {folder}", file=sys.stderr)
    for name, result in {**polls, "logins": logins}.items():
        assert result["errors"] == 0, f"{name}: {result['errors']} non-2xx/3xx answers"
    rows = [row for label, result in polls.items() for row in poll_rows(label, result, hello)]
    rows += [*login_rows(logins, ceiling, ours, theirs), exchanges_pg.row(on_postgresql, theirs)]
    return rows + scaled_load.main()


if __name__ == "__main__":
    from .table import render

    os.chdir(ROOT)
    print(render(main()))
