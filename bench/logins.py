"""Complete logins per second: what a parallel test suite or a class gets from one stand.

20 client processes, each a browser of its own per login: the ESIA v1 authorization request
(PKCS#7-signed), the password, the SMS code read from the tester API, consent, the token exchange
(PKCS#7 client secret, three JWTs) and `/rs/prns/{oid}` with the access token. The simulator
runs under gunicorn (deploy/gunicorn.conf.py) on SQLite, its personas made through the tester API
(the ASVS 5.0 argon2id minimum). Baseline: argon2id verifications per second of the same cost with
every core busy, measured in the same run — the ceiling a password login cannot pass.
Run alone: .venv/bin/python -m bench.logins (BENCH_CLIENTS=n for another number of clients)
"""

import html
import http.client
import multiprocessing
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from argon2 import PasswordHasher

from common.validators import snils_checksum
from idp_mock.login.passwords import PROFILES
from tests.support.rp import RelyingParty
from tests.support.servers import ROOT, free_port, gunicorn, migrate_and_seed, running

from .lean_browser import LeanBrowser, Reply
from .table import Row

CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
SECONDS = 15
PERSONAS = 600  # more than 20 clients log in in one phase: each person's first login
PASSWORD = "Bench-Pass1!"  # noqa: S105 - the bench personas' password
TIMEOUT = 60
CLIENT_ID = "BENCHRP"


def new_person(number: int) -> dict:
    base = 300_000_000 + number
    return {
        "last_name": "Нагрузова",
        "first_name": "Анна",
        "middle_name": "Петровна",
        "birth_date": "1990-02-03",
        "gender": "F",
        "phone": f"+7916700{number:04d}",
        "email": f"bench{number}@example.ru",
        "snils": f"{base:09d}{snils_checksum(base):02d}",
        "password": PASSWORD,
        "level": "confirmed",
    }


def make_personas(idp: str) -> list[tuple[str, int]]:
    session = requests.Session()
    people = []
    for number in range(PERSONAS):
        person = new_person(number)
        response = session.post(f"{idp}/_mock/api/personas", json=person, timeout=TIMEOUT)
        response.raise_for_status()
        people.append((person["phone"], response.json()["oid"]))
    return people


FORM = re.compile(r'<form method="post" action="([^"]+)"')
CSRF = re.compile(r'name="csrf_token"[^>]* value="([^"]+)"')


def post_form(browser: LeanBrowser, page: Reply, **fields) -> Reply:
    """Post the page's first form where its action says, as a browser does (a regex, not an
    HTML parser: the clients share the stand's two cores, so they must cost little)."""
    action = html.unescape(FORM.search(page.text).group(1))
    data = {"csrf_token": CSRF.search(page.text).group(1), **fields}
    return browser.post(urljoin(page.url, action), data)


def shown(browser: LeanBrowser, response: Reply) -> Reply:
    """The next page: answered in place, or behind a redirect."""
    assert response.status_code in (200, 303), (response.status_code, response.url)
    if response.status_code == 200:
        return response
    return browser.get(urljoin(response.url, response.headers["Location"]))


def one_login(idp: str, rp: RelyingParty, site: LeanBrowser, phone: str, oid: int) -> bool:
    """One person's whole login, as a relying party and a browser see it; fails loudly. The
    browser is new each time (its own connection and cookies); the site's back channel (`site`)
    keeps its connection, as a site's HTTP client pools them. True when consent was asked (a
    returning person's consent is remembered: the code goes straight back to the site)."""
    browser = LeanBrowser(idp, TIMEOUT)
    try:
        page = browser.get("/aas/oauth2/ac", rp.v1_params())
        page = shown(browser, post_form(browser, page, login=phone, password=PASSWORD))
        messages = browser.get("/_mock/api/messages", {"to": phone})
        back = post_form(browser, page, code=messages.json()[0]["code"])
        asked = back.status_code != 302
        if asked:
            back = post_form(browser, shown(browser, back), decision="allow")
    finally:
        browser.close()
    code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    tokens = site.post("/aas/oauth2/te", rp.v1_token_params(code))
    tokens.raise_for_status()
    bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
    site.get(f"/rs/prns/{oid}", headers=bearer).raise_for_status()
    return asked


def client_loop(idp: str, pems, people, start_at: float, done) -> None:
    """Log the client's own personas in, round robin, until the time is up; report the count,
    the failures, the CPU the client spent and how many logins were asked for consent."""
    rp, count, failures, asked = RelyingParty(client_id=CLIENT_ID, pems=pems), 0, [], 0
    site = LeanBrowser(idp, TIMEOUT)
    while time.time() < start_at:
        time.sleep(0.01)
    deadline, cpu = start_at + SECONDS, time.process_time()
    while time.time() < deadline:
        phone, oid = people[count % len(people)]
        try:
            asked += one_login(idp, rp, site, phone, oid)
            count += 1
        except (AssertionError, KeyError, OSError, http.client.HTTPException) as error:
            failures.append(repr(error)[:200])
            site = LeanBrowser(idp, TIMEOUT)
    done.put((count, failures, time.process_time() - cpu, asked))


def logins_per_second(idp: str, rp: RelyingParty, people: list) -> dict:
    """Logins per second, the failures, the clients' CPU seconds per login and the share of
    logins that were asked for consent."""
    done, start_at = multiprocessing.Queue(), time.time() + 3
    clients = [
        multiprocessing.Process(
            target=client_loop, args=(idp, rp.pems, people[i::CLIENTS], start_at, done)
        )
        for i in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    results = [done.get() for _ in clients]
    for client in clients:
        client.join()
    logins = max(sum(result[0] for result in results), 1)
    return {
        "rate": logins / SECONDS,
        "failures": [failure for result in results for failure in result[1]],
        "client_cpu": sum(result[2] for result in results) / logins,
        "asked": sum(result[3] for result in results) / logins,
    }


def hash_loop(encoded: str, seconds: float, done) -> None:
    hasher, count, deadline = PasswordHasher(), 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        hasher.verify(encoded, PASSWORD)
        count += 1
    done.put(count)


def argon2_ceiling(seconds: float = 5) -> float:
    """Verifications per second of the personas' argon2id cost, one process per core."""
    encoded = PasswordHasher.from_parameters(PROFILES["asvs"]).hash(PASSWORD)
    done = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=hash_loop, args=(encoded, seconds, done))
        for _ in range(os.cpu_count() or 1)
    ]
    for worker in workers:
        worker.start()
    total = sum(done.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def server_seconds(port: int) -> float:
    """CPU seconds (user + system) so far of the gunicorn processes serving `port`."""
    total, bind = 0.0, f"BIND=127.0.0.1:{port}".encode()
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and bind in (proc / "environ").read_bytes().split(b"\0"):
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return total


def stand_env(folder: Path) -> dict:
    # One source (loopback) asks for every code: a suite's stand lifts the per-source cap.
    return {
        "IDP_DATA_DIR": str(folder),
        "IDP_SECRET_KEY": "bench-logins",
        "IDP_OTP_MAX_PER_SOURCE": "1000000",
    }


def phase(idp: str, rp: RelyingParty, people: list, port: int) -> dict:
    """One 15-second run of the 20 clients, with the simulator's CPU per login."""
    before = server_seconds(port)
    result = logins_per_second(idp, rp, people)
    result["server_cpu"] = (server_seconds(port) - before) / max(result["rate"] * SECONDS, 1)
    assert not result["failures"], f"{len(result['failures'])} failed: {result['failures'][:3]}"
    return result


def row(label: str, result: dict, ceiling: float) -> Row:
    cpu = f"{result['server_cpu'] * 1000:.0f}+{result['client_cpu'] * 1000:.0f} ms CPU"
    return Row(
        "logins",
        f"complete logins/s, {CLIENTS} clients, {label} ({result['asked']:.0%} asked; {cpu})",
        result["rate"],
        "/s",
        "argon2id verify ceiling, all cores",
        ceiling,
        "≥ 30/s",
        result["rate"] >= 30,
    )


def main() -> list[Row]:
    """Each person's first login (consent asked), then the same people again (consent
    remembered), as a class or a suite logs the same people in many times."""
    folder = Path(tempfile.mkdtemp(prefix="bench-logins-"))
    port = free_port()
    idp, env = f"http://127.0.0.1:{port}", stand_env(folder)
    migrate_and_seed(env, cabinet=False)
    rp = RelyingParty(client_id=CLIENT_ID)
    with running([gunicorn("idp_mock:create_app()", port, env)], folder):
        requests.post(f"{idp}/_mock/api/clients", json=rp.registration(), timeout=TIMEOUT)
        people = make_personas(idp)
        first, again = phase(idp, rp, people, port), phase(idp, rp, people, port)
    ceiling = argon2_ceiling()
    print(f"  logins: logs of the server in {folder}", file=sys.stderr)
    return [
        row("first login of each person", first, ceiling),
        row("the same people again", again, ceiling),
    ]


if __name__ == "__main__":
    from .table import render

    os.chdir(ROOT)
    print(render(main()))
