"""How expensive a whole ESIA login is, as a ratio to the cheapest request measured in the same run.

Run: .venv/bin/python bench/login_flow.py [rounds]
Prints: mean time of a baseline GET, of each step of a login, their ratios, and page weights.
Machines here are shared and noisy: compare ratios, not absolute times.
"""

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import idp_mock  # noqa: E402
from idp_mock.tester.seed import seed_demo  # noqa: E402
from tests.support.constants import DOCTOR_PHONE as PHONE  # noqa: E402
from tests.support.drivers import GosuslugiUser, latest_code  # noqa: E402
from tests.support.rp import RelyingParty  # noqa: E402


def timed(action, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build():
    app = idp_mock.create_app({"DATA_DIR": tempfile.mkdtemp(), "SECRET_KEY": "bench"})
    idp_mock.migrate(app)
    with app.app_context():
        seed_demo()
    client = app.test_client()
    rp = RelyingParty()
    client.post("/_mock/api/clients", json=rp.registration())
    return app, client, rp


def one_login(client, rp) -> dict:
    browser = GosuslugiUser(client)
    steps = {}
    start = time.perf_counter()
    browser.start(rp.v1_params())
    steps["authorize (PKCS#7 check)"] = time.perf_counter() - start
    start = time.perf_counter()
    browser.password(PHONE)
    steps["password (argon2id) + SMS"] = time.perf_counter() - start
    start = time.perf_counter()
    answer = browser.enter_code(latest_code(client, PHONE))
    steps["SMS code"] = time.perf_counter() - start
    start = time.perf_counter()
    back = browser.consented(answer)  # the page is skipped once the person allowed the site
    code = back.headers["Location"].split("code=")[1].split("&")[0]
    steps["consent"] = time.perf_counter() - start
    start = time.perf_counter()
    client.post("/aas/oauth2/te", data=rp.v1_token_params(code))
    steps["token (PKCS#7 + 3 JWT)"] = time.perf_counter() - start
    client.get(
        "/idp/ext/Logout", query_string={"client_id": rp.client_id, "redirect_url": rp.redirect_uri}
    )
    client.post("/_mock/api/clock", json={"advance_seconds": 3600})  # stay under 5 SMS an hour
    return steps


def page_weights(client, rp) -> dict:
    browser = GosuslugiUser(client)
    browser.start(rp.v1_params())
    pages = {"login page": client.get(browser.login_url).data}
    for name in ("site.css", "vendor/htmx.min.js"):
        pages[name] = (Path(idp_mock.ROOT.parent / "static" / name)).read_bytes()
    return {name: len(gzip.compress(body)) for name, body in pages.items()}


def main(rounds: int = 20) -> None:
    app, client, rp = build()
    baseline = timed(lambda: client.get("/_mock/api/clock"), rounds * 5)
    runs = [one_login(client, rp) for _ in range(rounds)]
    print(f"baseline GET /_mock/api/clock: {baseline * 1000:.2f} ms (= 1.0)")
    total = 0.0
    for step in runs[0]:
        median = statistics.median(run[step] for run in runs)
        total += median
        print(f"{step:28} {median * 1000:8.2f} ms  {median / baseline:7.1f}x")
    print(f"{'whole login':28} {total * 1000:8.2f} ms  {total / baseline:7.1f}x")
    weights = page_weights(client, rp)
    for name, size in weights.items():
        print(f"gzip {name:22} {size / 1024:6.1f} KB")
    print(f"first visit of the login page: {sum(weights.values()) / 1024:.1f} KB (budget 30 KB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
