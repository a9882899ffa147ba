"""Headers and cookies on every response of both apps (ASVS 5.0 3.3, 3.4; v4 14.4, 3.4).

A recorder wraps each app's WSGI callable, the tests walk every GET route (and the login,
upload and error paths), and every response recorded must carry the same protections.
"""

import re
from dataclasses import dataclass, field

import pytest
import requests

import app as launcher
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import arrived_at, query_of
from tests.support.pages import Page

DIRECTIVES_NEEDED = {"default-src", "frame-ancestors", "base-uri", "form-action"}
VERSIONED = re.compile(r"\d+\.\d+")


@dataclass
class Recorder:
    """WSGI middleware keeping (app, path, status, headers) of every response."""

    seen: list = field(default_factory=list)

    def wrap(self, app, name: str):
        inner = app.wsgi_app

        def recording(environ, start_response):
            def start(status, headers, exc_info=None):
                self.seen.append((name, environ.get("PATH_INFO"), status, list(headers)))
                return start_response(status, headers, exc_info)

            return inner(environ, start)

        app.wsgi_app = recording
        return inner


@pytest.fixture
def recorder(cabinet, app, live_idp):
    recorder = Recorder()
    originals = [(a, recorder.wrap(a, n)) for a, n in ((cabinet, "portal"), (app, "idp"))]
    originals.append((live_idp.app, recorder.wrap(live_idp.app, "idp-live")))
    yield recorder
    for application, original in originals:
        application.wsgi_app = original


def problems_of(status: str, headers: list) -> list[str]:
    found, values = [], {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value)
    csp = " ".join(values.get("content-security-policy", []))
    policy = {part.split()[0]: part for part in csp.split(";") if part.split()}
    policy = {k.strip(): v for k, v in policy.items()}
    if missing := DIRECTIVES_NEEDED - set(policy):
        found.append(f"CSP lacks {sorted(missing)}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp or "*" in csp.replace("*/", ""):
        found.append(f"CSP too loose: {csp}")
    if "'none'" not in policy.get("frame-ancestors", ""):
        found.append("frame-ancestors is not 'none'")
    if "'none'" not in policy.get("default-src", "") and "object-src" not in policy:
        found.append("object-src not restricted")
    if values.get("x-content-type-options") != ["nosniff"]:
        found.append("no nosniff")
    if values.get("x-frame-options") != ["DENY"]:
        found.append("no X-Frame-Options DENY")
    for leak in ("x-powered-by", "x-aspnet-version", "x-runtime"):
        if leak in values:
            found.append(f"{leak} sent")
    for server in values.get("server", []):
        if VERSIONED.search(server):
            found.append(f"Server header leaks a version: {server}")
    content_type = (values.get("content-type") or [""])[0]
    if content_type.startswith("text/") and "charset" not in content_type:
        found.append(f"no charset: {content_type}")
    if content_type.startswith("text/html") and not stored_never_or_revalidated(values):
        found.append("HTML page may be cached")
    for cookie in values.get("set-cookie", []):
        flags = cookie.lower()
        if "httponly" not in flags or not re.search(r"samesite=(lax|strict)", flags):
            found.append(f"weak cookie: {cookie}")
    return found


def stored_never_or_revalidated(values: dict) -> bool:
    """HTML is `no-store`, except a polled htmx fragment: `private, no-cache` with an ETag and
    Vary on the htmx headers, so a browser keeps it but asks again every time (STYLE.md 30)."""
    cache = values.get("cache-control", [])
    if any("no-store" in v for v in cache):
        return True
    vary = " ".join(values.get("vary", []))
    return cache == ["private, no-cache"] and bool(values.get("etag")) and "HX-Request" in vary


def assert_all_safe(recorder: Recorder, at_least: int) -> None:
    bad = [
        (app, path, status, problem)
        for app, path, status, headers in recorder.seen
        for problem in problems_of(status, headers)
    ]
    assert bad == []
    assert len(recorder.seen) >= at_least


def filled(rule, values: dict) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:>]+:)?{name}>", str(values.get(name, "1")), path)
    return path


def test_every_response_of_the_cabinet_is_protected(recorder, cabinet, people):
    a, b, reviewer = people["a"].web, people["b"].web, people["reviewer"].web
    ids = {**people["objects"].ids(), "step": 1, "code": "passport", "digest": "0"}
    ids["filename"] = "site.css"
    stranger = cabinet.test_client()
    for rule in cabinet.url_map.iter_rules():
        if "GET" in rule.methods:
            for web in (a, b, reviewer, stranger):
                web.get(filled(rule, ids))
    static = Page(a.get("/cabinet/")).stylesheets[0]
    a.get(static)
    a.get("/no/such/page")
    a.delete("/cabinet/")
    a.get(f"/cabinet/documents/file/{ids['version_id']}")
    a.post("/cabinet/documents/passport", data={"csrf_token": "forged"})
    a.post("/logout", data={"csrf_token": Page(a.get("/cabinet/").text).csrf_token})
    assert_all_safe(recorder, at_least=150)


def test_every_response_of_the_simulator_is_protected(recorder, client, browser, registered, demo):
    oid = demo[DOCTOR_PHONE]
    browser.start(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    browser.password(DOCTOR_PHONE)
    values = {"oid": oid, "rid": rid, "snils": "11223344595", "name": "ctts", "token": "x"}
    values.update(bank_id="sber", digest="0", filename="site.css", item_id=1, org_oid=1)
    for rule in client.application.url_map.iter_rules():
        if "GET" in rule.methods:
            client.get(filled(rule, values))
    client.get("/_mock/dashboard", headers={"HX-Request": "true", "HX-Target": "dashboard-rows"})
    client.get("/no/such/page")
    client.delete("/login")
    client.post("/aas/oauth2/te", data={"grant_type": "authorization_code", "code": "x"})
    client.post("/login?rid=x", data={"login": "x"})
    assert_all_safe(recorder, at_least=60)


def test_the_login_journey_on_both_live_apps_is_protected(recorder, doctor):
    response = doctor.log_in(DOCTOR_PHONE)
    assert arrived_at(response) == "/cabinet/"
    assert_all_safe(recorder, at_least=8)
    names = {c.name for c in doctor.gosuslugi.session.cookies}
    assert names <= {"esia_session"}


def test_the_demo_server_does_not_announce_its_versions(cabinet):
    server = launcher.serve(cabinet, "127.0.0.1", 0)
    try:
        response = requests.get(f"http://127.0.0.1:{server.server_port}/help", timeout=5)
    finally:
        server.shutdown()
    assert not VERSIONED.search(response.headers.get("Server", ""))


FRAGMENT = [("Content-Type", "text/html; charset=utf-8"), ("Vary", "HX-Request, HX-Target")]


@pytest.mark.parametrize(
    ("headers", "cacheable"),
    [
        ([("Cache-Control", "private, no-cache"), ("ETag", '"a1"'), *FRAGMENT], False),
        ([("Cache-Control", "private, no-cache"), *FRAGMENT], True),
        ([("Cache-Control", "private, no-cache"), ("ETag", '"a1"'), FRAGMENT[0]], True),
        ([("Cache-Control", "private, max-age=60"), ("ETag", '"a1"'), *FRAGMENT], True),
        ([("Cache-Control", "no-cache"), ("ETag", '"a1"'), *FRAGMENT], True),
        ([FRAGMENT[0]], True),
    ],
)
def test_html_is_never_stored_but_a_polled_fragment_may_be_revalidated(headers, cacheable):
    assert ("HTML page may be cached" in problems_of("200 OK", headers)) == cacheable
