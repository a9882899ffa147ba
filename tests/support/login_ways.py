"""The simulator's other ways to log in, driven through the Flask test client: the Gosuslugi
app (a desktop showing a QR code and a phone scanning it), a bank, an electronic signature,
biometrics."""

from .constants import DOCTOR_PHONE
from .drivers import GosuslugiUser, query_of, submit
from .pages import Page

APP_LINK_PREFIX = "http://localhost/app/qr/"
# The demo certificates in the order the signature page lists them.
VALID, EXPIRED, REVOKED, STRANGER = 1, 2, 3, 4


class LoginWay:
    """A login started at the relying party, then taken another way than the password form:
    the page of that way is `path` in place of /login."""

    path = "/login"

    def __init__(self, client, registered):
        self.client = client
        self.browser = GosuslugiUser(client)
        self.browser.start(registered.v1_params())
        self.url = self.browser.login_url.replace("/login?", f"{self.path}?")
        self.rid = query_of(self.url)["rid"]


class Desktop(LoginWay):
    """The computer where the login started, showing the app's QR code."""

    path = "/login/app"

    def open(self, **headers):
        return self.client.get(self.url, headers=headers)

    def qr_page(self) -> tuple[str, str]:
        """The number to match and the link the QR code holds."""
        response = self.open()
        assert response.status_code == 200
        page = Page(response)
        number, link = page.text_of("app-number"), page.testid("app-link")["href"]
        assert number.isdigit() and link.startswith(APP_LINK_PREFIX), (number, link)
        return number, link


class Phone:
    """Another device: its own cookies and CSRF tokens."""

    def __init__(self, app, url: str):
        self.client, self.url = app.test_client(), url.replace("http://localhost", "")

    def who(self, login: str = DOCTOR_PHONE):
        page = self.client.get(self.url)
        return self.client.post(
            self.url + "/who", data={"csrf_token": Page(page).csrf_token, "login": login}
        )

    def decide(self, decision: str, number: str | None = None):
        fields = {"decision": decision, **({"number": number} if number else {})}
        return submit(self.client, self.url, **fields)


class AtTheBank(LoginWay):
    """A person logging in through a bank's pages."""

    def __init__(self, client, registered, bank: str = "simbank"):
        super().__init__(client, registered)
        self.bank = bank

    def post(self, step: str, **fields):
        return submit(self.client, f"/bank/{self.bank}/{step}?rid={self.rid}", **fields)

    def phone(self, phone: str = "8 916 123-45-01"):
        return self.post("login", login=phone)

    def code(self, code: str):
        return self.post("code", code=code)


class SignatureLogin(LoginWay):
    """A person logging in with one of the certificates the signature page lists."""

    path = "/login/signature"

    def choose(self, position: int | None):
        page = Page(self.client.get(self.url))
        values = page.form().options("certificate")
        data = {"csrf_token": page.csrf_token}
        if position:
            data["certificate"] = values[position - 1]
        return self.client.post(self.url, data=data)


class Camera(LoginWay):
    """A person showing their face to the biometrics page."""

    path = "/login/biometrics"

    def look(self, outcome: str = ""):
        return submit(self.client, self.url, outcome=outcome)
