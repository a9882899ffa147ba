"""What the tests of the cabinet's ESIA recheck need: the simulator's tester API on people and
faults, a count of the calls reaching the simulator, and a way to let the recheck interval pass."""

import time
from collections import Counter
from datetime import timedelta

import requests
from sqlalchemy import select

from portal.models import UserSession, db

from .drivers import Gosuslugi


def change_person(idp_url: str, oid: int, changes: dict) -> None:
    response = requests.patch(f"{idp_url}/_mock/api/personas/{oid}", json=changes, timeout=5)
    assert response.status_code == 200, response.text


def arm_fault(idp_url: str, fault: dict) -> None:
    response = requests.post(f"{idp_url}/_mock/api/faults", json=fault, timeout=5)
    assert response.status_code == 201, response.text


def clear_faults(idp_url: str) -> None:
    assert requests.delete(f"{idp_url}/_mock/api/faults", timeout=5).status_code == 200


def wrong_passwords(idp_url: str, authorization_url: str, phone: str, times: int) -> None:
    """Type a wrong password `times` times on the simulator's login page."""
    browser = Gosuslugi(idp_url)
    page = browser.session.get(authorization_url, timeout=5)
    for _ in range(times):  # the login form posts to its own address, not the authorize one
        page = browser.post_form(page, login=phone, password="Wrong-1234")


def wait_out_interval(cabinet) -> None:
    """Let the configured recheck interval pass in real time (keep it tiny in such tests)."""
    time.sleep(cabinet.config["ESIA_RECHECK_SECONDS"] + 0.2)


def make_recheck_due(cabinet) -> None:
    """Move every open session's last ESIA check back past the interval, as time passing would."""
    interval = timedelta(seconds=cabinet.config["ESIA_RECHECK_SECONDS"] + 1)
    with cabinet.app_context():
        for record in db.session.scalars(select(UserSession).where(UserSession.ended_at.is_(None))):
            record.esia_checked_at -= interval
        db.session.commit()


class CountingCalls:
    """WSGI middleware counting the requests that reach the simulator, by path."""

    def __init__(self, app):
        self.app, self.paths = app, Counter()

    def __call__(self, environ, start_response):
        self.paths[environ.get("PATH_INFO", "")] += 1
        return self.app(environ, start_response)

    def total(self) -> int:
        return sum(self.paths.values())
