"""People who drive the apps: a Gosuslugi user at the simulator's pages (Flask test client),
the same person's browser on the live simulator (requests), and a doctor or a reviewer in
the cabinet."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from .constants import DEMO_PASSWORD, DOCTOR_PHONE, PUBLIC_URL
from .pages import Page


def query_of(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def latest_code(client, phone: str) -> str:
    """The last SMS code the simulator sent to `phone`, read through the tester API."""
    return client.get("/_mock/api/messages", query_string={"to": phone}).get_json()[0]["code"]


def step_of(response) -> str:
    """Where a login step led: the path the answered page's main form posts to (the simulator
    answers the next step in place: `/login`, `/login/code`, `/consent`), or a redirect's
    Location (an error or a code going back to the site); another status comes before the path."""
    if response.status_code in (301, 302, 303, 307):
        return response.headers["Location"]
    forms = Page(response).forms()
    path = urlsplit(forms[0].action).path if forms else "no form"
    return path if response.status_code == 200 else f"{response.status_code} {path}"


def next_url(response) -> str:
    """The address of the step answered in place: its main form's action (with the `rid`)."""
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    return Page(response).forms()[0].action.replace("&amp;", "&")


def arrived_at(response) -> str:
    """Where a login ended: a redirect's Location, or the address of the page the callback
    answered in place (its Content-Location: the cabinet's home page, a round trip fewer)."""
    if response.status_code in (301, 302, 303, 307):
        return response.headers["Location"]
    return response.headers.get("Content-Location", f"{response.status_code} in place")


def shown_at(page: requests.Response) -> str:
    """The address of the page a browser ended on: its own, or the one it names when it was
    answered in place of a redirect (the login's callback answers the home page)."""
    return urljoin(page.url, page.headers.get("Content-Location", page.url))


def submit(client, url: str, action: str | None = None, **fields):
    """Open `url`, then post `fields` with its CSRF token to `action` (the same URL if None)."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    return client.post(action or url, data={"csrf_token": Page(page).csrf_token, **fields})


class GosuslugiUser:
    """A person at the simulator's login pages, driven through the Flask test client."""

    def __init__(self, client):
        self.client = client
        self.login_url = ""

    def start(self, params: dict, path: str = "/aas/oauth2/ac"):
        """Open the authorize address: the login page answers there (or a redirect back to the
        site with an error); `login_url` is where the login form lives."""
        response = self.client.get(path, query_string=params)
        self.login_url = response.headers.get("Location", "")
        if response.status_code == 200:  # the login page, or consent when SSO logs one in
            self.login_url = "/login?rid=" + query_of(next_url(response))["rid"]
        return response

    def password(self, login: str, password: str = DEMO_PASSWORD):
        return submit(self.client, self.login_url, login=login, password=password)

    def code_url(self) -> str:
        return self.login_url.replace("/login?", "/login/code?")

    def enter_code(self, code: str):
        return submit(self.client, self.code_url(), code=code)

    def consent(self, decision: str = "allow"):
        url = self.login_url.replace("/login?", "/consent?")
        page = self.client.get(url)
        if page.status_code != 200:
            return page
        token = Page(page).csrf_token
        return self.client.post(url, data={"csrf_token": token, "decision": decision})

    def consented(self, answer):
        """After the last login step: allow on the consent page, or the site's redirect as it
        is when the person allowed everything it asks before (the page is skipped)."""
        return self.consent() if step_of(answer) == "/consent" else answer

    def through_code(self, params: dict, phone: str = DOCTOR_PHONE, path: str = "/aas/oauth2/ac"):
        """Password and SMS code; the code step's answer: the consent page in place, or the
        site's redirect (consent given before, or the site refused)."""
        self.start(params, path)
        assert step_of(self.password(phone)) == "/login/code"  # the code page, in place
        return self.enter_code(latest_code(self.client, phone))

    def log_in(self, params: dict, phone: str = DOCTOR_PHONE, path: str = "/aas/oauth2/ac"):
        """The whole journey; returns the final redirect's query parameters."""
        answer = self.consented(self.through_code(params, phone, path))
        assert answer.status_code == 302, step_of(answer)  # back to the site: a code or an error
        return query_of(answer.headers["Location"])


def tokens_for(app, rp, phone=DOCTOR_PHONE, scope=None, client=None) -> dict:
    """Log `phone` in through a browser of its own and exchange the code at the v1 token step."""
    client, scope = client or app.test_client(), scope or rp.scope
    code = GosuslugiUser(client).log_in(rp.v1_params(scope=scope), phone)["code"]
    response = client.post("/aas/oauth2/te", data=rp.v1_token_params(code, scope=scope))
    assert response.status_code == 200, response.get_json()
    return {**response.get_json(), "code": code}


@dataclass
class Gosuslugi:
    """A person's browser on the live simulator: real HTTP with its own cookies."""

    idp_url: str

    def __post_init__(self):
        self.session = requests.Session()

    def sms_code(self, phone: str) -> str:
        messages = requests.get(
            f"{self.idp_url}/_mock/api/messages", params={"to": phone}, timeout=5
        ).json()
        return messages[0]["code"]

    def post_form(self, page, allow_redirects: bool = True, **fields):
        """Post the page's form (where its action says) with `fields` and its CSRF token."""
        form = Page(page).forms()[0]
        return self.session.post(
            urljoin(page.url, form.action),
            timeout=5,
            data={"csrf_token": form.csrf_token, **fields},
            allow_redirects=allow_redirects,
        )

    def approve(self, authorization_url: str, phone: str, decision: str = "allow") -> str:
        """Log in on the simulator's pages; return where it sends the browser back (at once,
        with a code, when the person is logged in and allowed this site before)."""
        page = self.session.get(authorization_url, timeout=5, allow_redirects=False)
        if page.status_code == 200 and "/consent?" not in Page(page).forms()[0].action:
            page = self.post_form(page, login=phone, password=DEMO_PASSWORD)
            page = self.post_form(page, allow_redirects=False, code=self.sms_code(phone))
        if page.status_code == 302:  # consent given before: the site gets its code
            return page.headers["Location"]
        response = self.post_form(page, allow_redirects=False, decision=decision)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


@dataclass
class CabinetUser:
    """A person using the cabinet: its test client plus their browser on the simulator."""

    web: object
    gosuslugi: Gosuslugi

    def start_login(self, next_path: str | None = None) -> str:
        response = self.web.get(
            "/login/esia", query_string={"next": next_path} if next_path else {}
        )
        assert response.status_code == 303
        return response.headers["Location"]

    def landing_login_url(self, next_path: str | None = None) -> str:
        """Where the landing page's Gosuslugi button leads: the authorize address itself."""
        landing = self.web.get("/", query_string={"next": next_path} if next_path else {})
        assert landing.status_code == 200, landing.headers.get("Location")
        return Page(landing).testid("login-gosuslugi")["href"]

    def login_states(self) -> list[str]:
        """The states of the logins this browser has started and not finished."""
        with self.web.session_transaction() as session:
            return [attempt["state"] for attempt in session.get("esia_logins", [])]

    def come_back(self, callback: str):
        """The simulator sends the browser back to the cabinet's callback."""
        assert callback.startswith(PUBLIC_URL), callback
        return self.web.get(local_path(callback))

    def log_in(self, phone: str, decision: str = "allow", next_path: str | None = None):
        return self.come_back(self.gosuslugi.approve(self.start_login(next_path), phone, decision))

    def switch_to(self, phone: str) -> None:
        """Log another person in from a fresh browser (the simulator remembers the last one)."""
        self.gosuslugi.session = requests.Session()
        self.log_in(phone)


class Doctor(CabinetUser):
    """A doctor in the cabinet."""


class Reviewer(CabinetUser):
    """An accreditation centre's reviewer in the cabinet's review console."""

    def act_on(self, application_id: int, action: str, **fields):
        """Post one of the case page's forms: `take`, `decision` or `comment`."""
        case = f"/review/applications/{application_id}"
        return submit(self.web, case, f"{case}/{action}", **fields)

    def decide_document(self, document_id: int, decision: str, reason: str = ""):
        """Decide on a document from the documents queue."""
        action = f"/review/documents/{document_id}"
        return submit(self.web, "/review/documents", action, decision=decision, reason=reason)


def person(cabinet, idp_url: str, phone: str, kind=Doctor) -> CabinetUser:
    """Someone logged into the cabinet from a browser of their own."""
    someone = kind(cabinet.test_client(), Gosuslugi(idp_url))
    response = someone.log_in(phone)
    assert response.status_code == 200 and "Content-Location" in response.headers, response.text
    return someone


def token_of(web, path: str) -> str:
    """A valid CSRF token of this browser, taken from a page it may open."""
    return Page(web.get(path)).csrf_token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def api(client, path: str, token: str, **kwargs):
    """GET an ESIA REST resource with the access token as a Bearer."""
    return client.get(path, headers=bearer(token), **kwargs)


def assert_unauthorized(response) -> None:
    """The REST API's 401: JSON, with a Bearer challenge."""
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["code"] == "UNAUTHORIZED"
