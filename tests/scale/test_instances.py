"""Two instances of the simulator (gunicorn, two workers each) on one database stay correct:
lockout counters, single-use SMS codes and single-use authorization codes."""

import os
import threading
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.support.constants import DEMO_PASSWORD, OTHER_DOCTOR_PHONE
from tests.support.databases import ScratchDatabases
from tests.support.drivers import step_of
from tests.support.pages import Page
from tests.support.rp import RelyingParty
from tests.support.servers import free_port, gunicorn, migrate_and_seed, running

PHONE = OTHER_DOCTOR_PHONE


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instances")
    databases = ScratchDatabases(folder)
    env = {
        "IDP_DATA_DIR": str(folder / "var"),
        "IDP_SECRET_KEY": "shared-secret",
        "IDP_DATABASE_URL": databases.make("instances"),
        "IDP_FAST_PASSWORD_HASH": "1",
        "WEB_CONCURRENCY": "2",
        "THREADS": "4",
    }
    migrate_and_seed({**os.environ, **env}, cabinet=False)
    ports = [free_port(), free_port()]
    try:
        with running([gunicorn("idp_mock:create_app()", port, env) for port in ports]):
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            relying_party = RelyingParty()
            requests.post(
                f"{urls[0]}/_mock/api/clients", json=relying_party.registration(), timeout=60
            ).raise_for_status()
            yield urls, relying_party
    finally:
        databases.drop()


@pytest.fixture
def fresh(instances):
    urls, _ = instances
    requests.post(f"{urls[1]}/_mock/api/reset", timeout=60).raise_for_status()
    return instances


def login_page(urls, relying_party, browser):
    response = browser.get(f"{urls[0]}/aas/oauth2/ac", params=relying_party.v1_params(), timeout=60)
    assert step_of(response) == "/login"  # the login page, at the authorize address
    return response


def action_of(page) -> str:
    """Where the page's form posts: each login step answers the next page in place."""
    return urljoin(page.url, Page(page).forms()[0].action)


def past_the_password(urls, relying_party, browser, outbox: str):
    """The SMS code page after the right password, and the code the instance at `outbox` sent."""
    page = login_page(urls, relying_party, browser)
    code_page = browser.post(
        action_of(page),
        timeout=60,
        data={"csrf_token": Page(page).csrf_token, "login": PHONE, "password": DEMO_PASSWORD},
    )
    assert step_of(code_page) == "/login/code"
    messages = requests.get(f"{outbox}/_mock/api/messages", params={"to": PHONE}, timeout=60)
    return code_page, messages.json()[0]["code"]


def on(url: str, page_url: str) -> str:
    """The same path and query on another instance."""
    parts = urlsplit(page_url)
    return f"{url}{parts.path}?{parts.query}"


def together(calls) -> list:
    results, threads = [None] * len(calls), []
    for index, call in enumerate(calls):
        thread = threading.Thread(target=lambda i=index, c=call: results.__setitem__(i, c()))
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_wrong_passwords_on_both_instances_lock_after_five_in_total(fresh):
    urls, relying_party = fresh
    browser = requests.Session()
    page = login_page(urls, relying_party, browser)
    token = Page(page).csrf_token
    wrong = {"csrf_token": token, "login": PHONE, "password": "Wrong-pass1"}
    calls = [
        lambda u=urls[i % 2]: browser.post(on(u, action_of(page)), data=wrong, timeout=60)
        for i in range(8)
    ]
    together(calls)
    persona = next(
        p
        for p in requests.get(f"{urls[1]}/_mock/api/personas", timeout=60).json()
        if p["phone"] == PHONE
    )
    assert persona["locked_until"] is not None
    lock_messages = [
        m
        for m in requests.get(
            f"{urls[0]}/_mock/api/messages", params={"to": PHONE}, timeout=60
        ).json()
        if "заблокирован" in m["body"]
    ]
    assert len(lock_messages) == 1


def test_the_right_sms_code_sent_to_both_instances_at_once_works_once(fresh):
    urls, relying_party = fresh
    browser = requests.Session()
    code_page, code = past_the_password(urls, relying_party, browser, urls[1])
    form = {"csrf_token": Page(code_page).csrf_token, "code": code}
    results = together(
        [
            lambda u=u: browser.post(
                on(u, action_of(code_page)), data=form, timeout=60, allow_redirects=False
            )
            for u in urls * 3
        ]
    )
    assert sorted(step_of(r) for r in results) == ["/consent"] + ["422 /login/code"] * 5


def test_one_authorization_code_exchanged_on_both_instances_gives_tokens_once(fresh):
    urls, relying_party = fresh
    browser = requests.Session()
    code_page, code = past_the_password(urls, relying_party, browser, urls[0])
    consent = browser.post(
        action_of(code_page),
        timeout=60,
        data={"csrf_token": Page(code_page).csrf_token, "code": code},
    )
    back = browser.post(
        action_of(consent),
        timeout=60,
        allow_redirects=False,
        data={"csrf_token": Page(consent).csrf_token, "decision": "allow"},
    )
    auth_code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    results = together(
        [
            lambda u=u: requests.post(
                f"{u}/aas/oauth2/te", data=relying_party.v1_token_params(auth_code), timeout=60
            )
            for u in urls * 3
        ]
    )
    assert sorted(r.status_code for r in results) == [200] + [400] * 5
    winner = next(r for r in results if r.status_code == 200).json()
    person = requests.get(
        f"{urls[1]}/rs/prns/{1000000102}",
        timeout=60,
        headers={"Authorization": f"Bearer {winner['access_token']}"},
    )
    assert person.status_code == 401  # the replays revoked what the code gave
