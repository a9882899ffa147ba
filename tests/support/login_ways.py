"""The simulator's other ways to log in, driven through the Flask test client: the Gosuslugi
app (a desktop showing a QR code and a phone, signed in as its person, scanning it), a bank,
an electronic signature (containers imported into the browser), biometrics."""

import io

from idp_mock.login import esign, key_containers

from .constants import DEMO_PASSWORD, DEMO_PIN, DOCTOR_PHONE
from .drivers import GosuslugiUser, latest_code, query_of, submit
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
    """Another device with the Gosuslugi app: its own cookies and CSRF tokens."""

    def __init__(self, app, url: str = "/app"):
        self.client, self.url = app.test_client(), url.replace("http://localhost", "")

    def sign_in(self, login: str = DOCTOR_PHONE, password: str = DEMO_PASSWORD):
        """Sign the app in as the person, as the real app asks: password, then the SMS code
        (read from the tester API; `login` is the phone)."""
        response = self.password(login, password)
        if response.status_code != 303:
            return response
        return self.code(latest_code(self.client, login))

    def password(self, login: str = DOCTOR_PHONE, password: str = DEMO_PASSWORD):
        return submit(self.client, "/app/login", login=login, password=password)

    def code(self, code: str):
        return submit(self.client, "/app/login/code", code=code)

    def open(self):
        return self.client.get(self.url)

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
    """A person logging in with one of the certificates installed in this browser."""

    path = "/login/signature"

    def container_of(self, position: int, pin: str = DEMO_PIN) -> bytes:
        """The key container of the demo certificate at `position`, as its owner holds it."""
        with self.client.application.app_context():
            certificate = esign.demo_certificates()[position - 1]
            return key_containers.container(certificate, pin)

    def install(self, position: int = VALID, pin: str = DEMO_PIN, data: bytes | None = None):
        """Import a key container into this browser's plugin."""
        url = self.url.replace("/login/signature?", "/login/signature/install?")
        page = Page(self.client.get(url))
        container = (io.BytesIO(data or self.container_of(position)), "key.p12")
        fields = {"csrf_token": page.csrf_token, "pin": pin, "container": container}
        return self.client.post(url, data=fields, content_type="multipart/form-data")

    def install_all(self) -> None:
        """Every demo certificate, so the page lists them in the order of the constants."""
        for position in (VALID, EXPIRED, REVOKED, STRANGER):
            assert self.install(position).status_code == 303

    def choose(self, position: int | None, pin: str = DEMO_PIN):
        page = Page(self.client.get(self.url))
        values = page.form().options("certificate")
        data = {"csrf_token": page.csrf_token, "pin": pin}
        if position:
            data["certificate"] = values[position - 1]
        return self.client.post(self.url, data=data)


class Camera(LoginWay):
    """A person showing their face to the biometrics page."""

    path = "/login/biometrics"

    def look(self, outcome: str = ""):
        return submit(self.client, self.url, outcome=outcome)
