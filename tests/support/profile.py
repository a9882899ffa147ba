"""A person in their own profile at the simulator, driven through the Flask test client."""

from urllib.parse import urlsplit

from .constants import DEMO_PASSWORD
from .drivers import latest_code, local_path, next_url, step_of, submit
from .pages import Page, words

CONSENTS = "/profile/consents"


class ProfileUser:
    """Logs in through the simulator's own pages and reads and posts the profile's pages."""

    def __init__(self, client):
        self.client = client

    def log_in(self, phone: str, password: str = DEMO_PASSWORD, path: str = "/profile"):
        """From a profile page through password and SMS code back to it; the last response."""
        to_login = self.client.get(path)
        assert to_login.status_code == 303, to_login.text
        start = self.client.get(local_path(to_login.headers["Location"]))
        login_url = local_path(start.headers["Location"])
        entered = submit(self.client, login_url, login=phone, password=password)
        assert step_of(entered) == "/login/code", entered.text  # the code page, in place
        back = submit(self.client, next_url(entered), code=latest_code(self.client, phone))
        assert back.status_code == 302, back.text  # the profile asks no consent of its own
        return back

    def page(self, path: str) -> Page:
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        return Page(response)

    def post(self, path: str, action: str | None = None, **fields):
        """Open `path` and send its form (to `action`) with `fields`."""
        return submit(self.client, path, action, **fields)

    def consents(self) -> dict[str, str]:
        """«Разрешения для сайтов»: each site's text by its client id."""
        page = self.page(CONSENTS)
        return {
            item["data-testid"].removeprefix("consent-"): words(item.get_text())
            for item in page.soup.select('[data-testid="consents"] > li')
        }

    def revoke(self, client_id: str, page: str = CONSENTS):
        """Press «Отозвать» beside the site's consent (or send that form with the token of
        another of the person's pages, when theirs lists no such site)."""
        return self.post(page, f"{CONSENTS}/{client_id}/revoke")


def path_of(response) -> str:
    return urlsplit(response.headers["Location"]).path
