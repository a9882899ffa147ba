"""The logins this browser has started and not finished, kept in its session by state.

The landing page starts one each time it is shown, so its Gosuslugi button can go straight to
ESIA. A few are kept, so the landing opened in a second tab does not spoil a login already
under way in the first. An attempt whose signed request ESIA refused as too old (the page was
left open) is started afresh instead of ending on an error page.
"""

from flask import session

from . import esia_client

KEPT = 3
# ESIA refuses a request signed more than 10 minutes before it arrives. A refusal of an attempt
# younger than this means the cabinet's clock is off: starting again would be refused again.
SAFE_AGE = 5 * 60
STALE_REQUEST = "ESIA-007015"


def start(next_path: str) -> str:
    """A new attempt that returns to `next_path`; its signed ESIA authorization URL."""
    attempt = esia_client.new_login() | {"next": next_path}
    session["esia_logins"] = [*session.get("esia_logins", [])[-(KEPT - 1) :], attempt]
    return esia_client.authorization_url(attempt)


def take(state: str) -> dict | None:
    """The attempt ESIA came back for, no longer kept: each state is good for one callback."""
    attempts = session.get("esia_logins", [])
    found = next((a for a in attempts if a["state"] == state), None)
    if found is not None:
        session["esia_logins"] = [a for a in attempts if a is not found]
    return found


def age(attempt: dict) -> float:
    return esia_client.wall_clock() - attempt.get("issued", 0)


def went_stale(attempt: dict | None, esia_code: str) -> bool:
    """ESIA refused the request for its timestamp after the page had been open a while (or the
    attempt is no longer kept): worth a fresh attempt rather than an error."""
    return esia_code == STALE_REQUEST and (attempt is None or age(attempt) > SAFE_AGE)
