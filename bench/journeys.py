"""Journeys in Chromium under DevTools network emulation: a doctor's login from the cabinet's
landing page to the dashboard, and filing an application with one 300 KB document; then the
same filing with a 4 MB phone photo on 3G, shrunk in the browser or not (bench/photo_journey.py).

Time and bytes received, cold cache (a new browser context) and warm (the same context again,
cookies cleared for the login). Each row's baseline is the same journey on loopback without
throttling, measured in the same run. Both apps run as `python app.py` on free ports.
Run alone: .venv/bin/python -m bench.journeys
"""

import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from playwright.sync_api import Page, expect, sync_playwright

from tests import files
from tests.support.browsers import CHROMIUM, CHROMIUM_ARGS
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.servers import free_port, running, wait_for

from . import photo_journey
from .table import Row

PHONE, PASSWORD = DOCTOR_PHONE, DEMO_PASSWORD
# Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts): throughput in bytes/s and
# the request latency DevTools applies (5x and 3.75x the target RTT). "3G, RTT only" applies the
# 400 ms RTT the issue names as the latency, for comparison.
PROFILES = {
    "3G": {"latency": 2000, "down": 400_000 / 8, "up": 400_000 / 8},
    "3G, 400 ms latency": {"latency": 400, "down": 400_000 / 8, "up": 400_000 / 8},
    "Slow 4G": {"latency": 562.5, "down": 1_440_000 / 8, "up": 675_000 / 8},
}
UNTHROTTLED = {"latency": 0, "down": -1, "up": -1}
DOCUMENT = files.pdf(padding=300 * 1024 - 600)
TIMEOUT_MS = 120_000


@dataclass
class Stand:
    portal: str
    idp: str


class Meter:
    """Bytes received by the page (bodies and headers, redirects included), through CDP."""

    def __init__(self, page: Page):
        self.received = 0
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.loadingFinished", self.finished)
        self.cdp.on("Network.requestWillBeSent", self.redirected)

    def finished(self, event) -> None:
        self.received += event["encodedDataLength"]

    def redirected(self, event) -> None:
        if "redirectResponse" in event:
            self.received += event["redirectResponse"].get("encodedDataLength", 0)

    def throttle(self, profile: dict) -> None:
        self.cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile["latency"],
                "downloadThroughput": profile["down"],
                "uploadThroughput": profile["up"],
            },
        )


def sms_code(stand: Stand) -> str:
    messages = requests.get(f"{stand.idp}/_mock/api/messages", params={"to": PHONE}, timeout=30)
    return messages.json()[0]["code"]


def log_in(page: Page, stand: Stand) -> None:
    """The cabinet's landing page → Госуслуги → password, SMS code, consent → the dashboard."""
    # A new hour on the simulator's clock: it sends at most five codes an hour to one phone.
    requests.post(f"{stand.idp}/_mock/api/clock", json={"advance_seconds": 3600}, timeout=30)
    page.goto(stand.portal + "/")
    page.get_by_test_id("login-gosuslugi").click()
    page.get_by_test_id("login-input").fill(PHONE)
    page.get_by_test_id("password-input").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(sms_code(stand))
    page.get_by_test_id("code-submit").click()
    allow, cabinet = page.get_by_test_id("consent-allow"), page.get_by_test_id("user-name")
    allow.or_(cabinet).first.wait_for()  # consent is asked once, then remembered
    if allow.is_visible():
        allow.click()
    page.wait_for_url(stand.portal + "/cabinet/")
    expect(page.get_by_test_id("user-name")).to_be_visible()


def file_application(page: Page, stand: Stand, scan: Path) -> None:
    """Upload a passport scan, then «Мои заявки» → a new «Изменение данных» → five steps → sent."""
    page.goto(stand.portal + "/cabinet/documents/passport")
    page.get_by_test_id("file-input").set_input_files(scan)
    page.get_by_test_id("doc-number-input").fill("45 10 123456")
    date = page.get_by_test_id("issue-date-input")
    date.fill("2016-05-12" if date.get_attribute("type") == "date" else "12.05.2016")
    with page.expect_response(lambda r: r.request.method == "POST") as upload:
        page.get_by_test_id("upload-submit").click()
    assert upload.value.status < 400, upload.value.status
    expect(page.get_by_test_id("current-document")).to_contain_text(scan.name)
    page.goto(stand.portal + "/cabinet/applications/new")
    page.get_by_test_id("kind-data_change").check()
    page.get_by_test_id("start-application").click()
    page.get_by_test_id("confirm-input").check()
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(r"/step/2$"))
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(r"/step/3$"))
    page.get_by_test_id("specialty-input").select_option(label="Терапия")
    page.get_by_test_id("workplace-input").fill("ГБУЗ «Городская поликлиника № 2»")
    page.get_by_test_id("licence-input").fill("Л041-01137-77/00368012")
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(r"/step/4$"))
    expect(page.get_by_test_id("passport-present")).to_contain_text(scan.name)
    page.get_by_test_id("pd-consent-input").check()
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(r"/step/5$"))
    page.get_by_test_id("confirm-input").check()
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(r"/cabinet/applications/\d+$"))
    expect(page.get_by_test_id("application-status")).to_be_visible()


def cancel_last(page: Page) -> None:
    """Cancel the application just sent, so the same doctor may file another one."""
    page.goto(page.url + "/cancel")
    page.get_by_test_id("confirm-cancel").click()


def timed(meter: Meter, profile: dict, action) -> tuple[float, int]:
    meter.throttle(profile)
    meter.received = 0
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    meter.throttle(UNTHROTTLED)
    return elapsed, meter.received


def login_runs(browser, stand: Stand, profile: dict, js: bool = True) -> dict:
    context = browser.new_context(locale="ru-RU", java_script_enabled=js)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    meter = Meter(page)
    cold = timed(meter, profile, lambda: log_in(page, stand))
    context.clear_cookies()
    warm = timed(meter, profile, lambda: log_in(page, stand))
    context.close()
    return {"cold": cold, "warm": warm}


def application_runs(browser, stand: Stand, profile: dict, scan: Path) -> dict:
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    meter = Meter(page)
    log_in(page, stand)
    # Cold: only the dashboard was seen, the wizard's pages and the upload are new.
    cold = timed(meter, profile, lambda: file_application(page, stand, scan))
    cancel_last(page)
    warm = timed(meter, profile, lambda: file_application(page, stand, scan))
    cancel_last(page)
    context.close()
    return {"cold": cold, "warm": warm}


def rows_for(journey: str, runs: dict, base: dict, targets: dict) -> list[Row]:
    rows = []
    for profile, result in runs.items():
        for cache in ("cold", "warm"):
            seconds, received = result[cache]
            base_seconds, base_received = base[cache]
            time_target = targets.get(("time", profile, cache))
            byte_target = targets.get(("bytes", cache))
            rows += [
                Row(
                    "journey",
                    f"{journey}, {profile}, {cache}: time",
                    seconds,
                    "s",
                    f"loopback, {cache}",
                    base_seconds,
                    f"≤ {time_target} s" if time_target else "",
                    seconds <= time_target if time_target else None,
                ),
                Row(
                    "journey",
                    f"{journey}, {profile}, {cache}: received",
                    received / 1024,
                    "KB",
                    f"loopback, {cache}",
                    base_received / 1024,
                    f"≤ {byte_target} KB" if byte_target else "",
                    received / 1024 <= byte_target if byte_target else None,
                ),
            ]
    return rows


def main(only=None, folder: Path | None = None) -> list[Row]:
    """Every journey; `only(browser, stand, folder)` instead runs just the rows it returns."""
    folder = folder or Path(tempfile.mkdtemp(prefix="bench-journeys-"))
    ports = {"portal": free_port(), "idp": free_port()}
    stand = Stand(f"http://127.0.0.1:{ports['portal']}", f"http://127.0.0.1:{ports['idp']}")
    argv = [
        sys.executable,
        "app.py",
        "--data-dir",
        str(folder / "var"),
        "--portal-port",
        str(ports["portal"]),
        "--idp-port",
        str(ports["idp"]),
    ]
    with running([(argv, {}, ports["portal"])], folder), sync_playwright() as playwright:
        wait_for(ports["idp"])
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        login_runs(browser, stand, UNTHROTTLED)  # warm-up: the servers' first requests are slow
        rows = (only or every_journey)(browser, stand, folder)
        browser.close()
    return rows


LOGIN_TARGETS = {
    ("time", "3G", "cold"): 12,
    ("bytes", "cold"): 150,
    ("time", "3G, 400 ms latency", "cold"): 12,
    ("bytes", "warm"): 150,
}


def login_rows(browser, stand: Stand, js: bool) -> list[Row]:
    base = login_runs(browser, stand, UNTHROTTLED, js)
    runs = {name: login_runs(browser, stand, p, js) for name, p in PROFILES.items()}
    return rows_for(f"login, JS {'on' if js else 'off'}", runs, base, LOGIN_TARGETS)


def every_journey(browser, stand: Stand, folder: Path) -> list[Row]:
    scan = folder / "Паспорт.pdf"
    scan.write_bytes(DOCUMENT)
    filing_base = application_runs(browser, stand, UNTHROTTLED, scan)
    filings = {
        name: application_runs(browser, stand, p, scan)
        for name, p in PROFILES.items()
        if name != "3G, 400 ms latency"
    }
    return (
        photo_journey.rows(browser, stand, folder)
        + login_rows(browser, stand, js=True)
        + login_rows(browser, stand, js=False)
        + rows_for("application + 300 KB", filings, filing_base, {})
    )

if __name__ == "__main__":
    from .table import render

    print(render(main()))
