"""Both apps as a browser on a slow line sees them: every page, its bytes on the wire, its links.

A `Visitor` is one person's browser (a requests session: cookies of both apps, since cookies
ignore ports). It fetches pages the way an old browser would, asking for gzip only, and keeps
the body exactly as it was sent, so its length is the number of bytes that crossed the line.
"""

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import brotli
import requests

from tests import files

from .constants import DEMO_PASSWORD
from .pages import Page, WizardStep

TIMEOUT = 10
FINGERPRINTED = re.compile(r"^/static/[0-9a-f]{12}/")
# GET links that end a session, start a new login or return data rather than a page.
NOT_CRAWLED = re.compile(
    r"(logout|/login/esia|/aas/oauth2/|/oidc/|/_mock/api/|/rs/|/registries/|/\.well-known/"
    r"|/documents/file/|/documents/issued/|/extract)",
    re.IGNORECASE,
)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    return body


@dataclass
class Wire:
    """One response as it crossed the line."""

    url: str
    status: int
    headers: dict
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body)

    @property
    def encoding(self) -> str | None:
        return self.headers.get("Content-Encoding")

    @property
    def content(self) -> bytes:
        return decoded(self.body, self.encoding)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    @property
    def is_html(self) -> bool:
        return self.headers.get("Content-Type", "").startswith("text/html")


@dataclass
class Parts:
    """The links a page offers and the files it makes the browser load."""

    links: list[str]
    resources: list[str]
    scripts: list[dict]
    pollers: list[dict]
    csrf: str | None


LOADED = ("script", "img", "iframe", "source", "audio", "video", "embed")


def attributes(tag) -> dict[str, str]:
    """A tag's attributes as the browser reads them: every value one string."""
    return {
        name: " ".join(value) if isinstance(value, list) else value or ""
        for name, value in tag.attrs.items()
    }


def resources_of(tags: list[dict]) -> list[str]:
    found = []
    for name, a in tags:
        if name == "link" and a.get("href") and a.get("rel") not in ("icon", None):
            found.append(a["href"])
        if name == "link" and a.get("rel") == "icon" and not a.get("href", "").startswith("data:"):
            found.append(a["href"])
        if name in LOADED and a.get("src"):
            found.append(a["src"])
    return found


def form_action(url: str, html: str) -> str:
    """Where the page's first form posts, as a full address."""
    return urljoin(url, Page(html).forms()[0].action)


def parts_of(html: str) -> Parts:
    page = Page(html)
    tags = [(tag.name, attributes(tag)) for tag in page.soup.find_all(True)]
    csrf = page.soup.find("input", attrs={"name": "csrf_token"})
    return Parts(
        links=[a["href"] for name, a in tags if name == "a" and a.get("href")],
        resources=resources_of(tags),
        scripts=[a for name, a in tags if name == "script"],
        pollers=[a for _, a in tags if "hx-get" in a and "every" in a.get("hx-trigger", "")],
        csrf=csrf.get("value") if csrf else None,
    )


@dataclass
class Visit:
    """An HTML page somebody in `role` opened, with what its first and repeat visits cost."""

    role: str
    wire: Wire
    br: Wire
    assets: list[Wire]

    @property
    def url(self) -> str:
        return self.wire.url

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def parts(self) -> Parts:
        return parts_of(self.wire.text)

    @property
    def first_visit(self) -> int:
        return self.wire.size + sum(asset.size for asset in self.assets)

    @property
    def repeat_visit(self) -> int:
        """Only what the browser must fetch again: files not cached as immutable."""
        refetched = [
            a for a in self.assets if "immutable" not in a.headers.get("Cache-Control", "")
        ]
        return self.wire.size + sum(asset.size for asset in refetched)


@dataclass
class Visitor:
    role: str
    portal: str
    idp: str
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self):
        self.session.trust_env = False

    def fetch(self, url: str, encoding: str = "gzip", headers: dict | None = None) -> Wire:
        response = self.session.get(
            url,
            headers={"Accept-Encoding": encoding, **(headers or {})},
            stream=True,
            timeout=TIMEOUT,
        )
        body = response.raw.read(decode_content=False)
        return Wire(response.url, response.status_code, dict(response.headers), body)

    def post(self, url: str, data: dict, **kwargs) -> requests.Response:
        response = self.session.post(url, data=data, timeout=TIMEOUT, **kwargs)
        assert response.status_code < 400, (url, response.status_code, response.text[:500])
        return response

    def submit(self, url: str, **values) -> requests.Response:
        """Open a page and post its form back with its CSRF token."""
        page = self.fetch(url)
        return self.post(page.url, {"csrf_token": parts_of(page.text).csrf, **values})

    def log_in(self, phone: str, journey: list["Visit"] | None = None) -> None:
        """Log in to the cabinet through the simulator's pages, keeping each page seen."""
        journey = [] if journey is None else journey
        page = self.page(f"{self.portal}/login/esia")  # the login page at the authorize address
        journey.append(page)
        page = self.page(form_action(page.url, page.wire.text))  # the same at its own address
        journey.append(page)
        # Each step answers the next page in place; it is weighed at its own address (its form's).
        for step in ("password", "code"):
            fields = {"login": phone, "password": DEMO_PASSWORD}
            if step == "code":
                fields = {"code": self.sms_code(phone)}
            action = form_action(page.url, page.wire.text)
            response = self.post(action, {**fields, "csrf_token": page.parts.csrf})
            page = self.page(form_action(response.url, response.text))
            journey.append(page)
        allow = {"csrf_token": page.parts.csrf, "decision": "allow"}
        response = self.post(form_action(page.url, page.wire.text), allow)
        assert response.url.startswith(self.portal), response.url

    def sms_code(self, phone: str) -> str:
        messages = requests.get(
            f"{self.idp}/_mock/api/messages", params={"to": phone}, timeout=TIMEOUT
        ).json()
        return messages[0]["code"]

    def upload(self, code: str) -> None:
        url = f"{self.portal}/cabinet/documents/{code}"
        page = self.fetch(url)
        fields = {
            "csrf_token": parts_of(page.text).csrf,
            "doc_number": "123456",
            "issue_date": "12.05.2016",
        }
        self.post(url, fields, files={"file": ("scan.pdf", files.pdf(), "application/pdf")})

    def start_application(self, kind: str) -> int:
        response = self.submit(f"{self.portal}/cabinet/applications/new", kind=kind)
        return int(re.search(r"/applications/(\d+)/step", response.url).group(1))

    def fill_steps(self, application_id: int, last: int) -> None:
        step = f"{self.portal}/cabinet/applications/{application_id}/step/"
        values = {
            1: {"confirm": "y"},
            2: {"phone": "8 916 123-45-01", "email": "ivanova.ms@example.ru"},
            3: {
                "specialty": "Терапия",
                "workplace": "ГБУЗ ГП № 2",
                "licence_number": "Л041-01137-77/00368012",
            },
        }
        for number in range(1, min(last, 3) + 1):
            self.submit(f"{step}{number}", **values[number])
        if last >= 4:
            page = self.fetch(f"{step}4")
            documents = Page(page.text).form().options("documents")
            self.submit(f"{step}4", documents=documents, pd_consent="y")
        if last >= 5:
            page = self.fetch(f"{step}5")
            key = WizardStep(page.text).submission_key
            self.submit(f"{step}5", submission_key=key, confirm="y")

    def page(self, url: str) -> Visit | None:
        """The page at `url` with everything it loads, or None if it is not an HTML page."""
        wire = self.fetch(url)
        if not wire.is_html:
            return None
        base = origin(wire.url)
        assets = [
            self.fetch(urljoin(wire.url, src))
            for src in parts_of(wire.text).resources
            if origin(urljoin(wire.url, src)) == base
        ]
        return Visit(self.role, wire, self.fetch(wire.url, "br"), assets)

    def crawl(self, starts: list[str], origins: set[str], limit: int = 120) -> list[Visit]:
        """Every page reachable by links from `starts` without leaving `origins`."""
        queue, seen, pages = list(starts), set(), []
        while queue and len(pages) < limit:
            url = without_fragment(queue.pop(0))
            if url in seen:
                continue
            seen.add(url)
            page = self.page(url)
            if page is None or page.url in {p.url for p in pages}:
                continue
            pages.append(page)
            for href in page.parts.links:
                target = without_fragment(urljoin(page.url, href))
                if origin(target) in origins and not NOT_CRAWLED.search(urlsplit(target).path):
                    queue.append(target)
        return pages
