"""Pages that say why something failed: their code, their reference, the way on; and a person
who waits out a lockout on the simulator's login page."""

import requests

from .constants import DEMO_PASSWORD
from .pages import Page


class FailurePage(Page):
    """An error page of either app: what went wrong, its code and reference, what to do next."""

    @property
    def code(self) -> str:
        return self.text_of("error-code")

    @property
    def reference(self) -> str:
        tag = self.testid("error-reference")
        return tag.get_text(strip=True) if tag else ""

    @property
    def retry(self) -> str | None:
        link = self.testid("login-retry")
        return link["href"] if link else None

    @property
    def next_steps(self) -> list[str]:
        """Links in the page's main part that lead on: not the skip link, not this page."""
        main = self.soup.find("main") or self.soup
        return [a["href"] for a in main.find_all("a", href=True) if not a["href"].startswith("#")]


def referenced_in_log(records, reference: str, code: str) -> bool:
    return any(reference in r.getMessage() and code in r.getMessage() for r in records)


def wait_out_lockout(gosuslugi, idp_url: str, authorization_url: str, phone: str, seconds: int):
    """Lock `phone` with five wrong passwords, wait `seconds` on the simulator's clock on the same
    page, then press «Войти» with the right password; the simulator's answer (not followed)."""
    page = gosuslugi.session.get(authorization_url, timeout=5)
    for _ in range(5):
        page = gosuslugi.post_form(page, login=phone, password="Wrong-pass1")
    clock = requests.post(
        f"{idp_url}/_mock/api/clock", json={"advance_seconds": seconds}, timeout=5
    )
    assert clock.status_code == 200, clock.text
    return gosuslugi.session.post(
        page.url,
        allow_redirects=False,
        timeout=5,
        data={"csrf_token": Page(page).csrf_token, "login": phone, "password": DEMO_PASSWORD},
    )
