"""A browser for load generators: one keep-alive connection, its cookies, forms posted as a
browser posts them. On http.client rather than requests: the clients share the stand's two
cores with the server they measure, and requests spends about 1 ms of CPU per call on what a
load generator does not need (adapters, hooks, cookie policy, redirects)."""

import http.client
import json
from urllib.parse import urlencode, urljoin, urlsplit


class Reply:
    def __init__(self, url: str, raw: http.client.HTTPResponse):
        self.url, self.status_code, self.body = url, raw.status, raw.read()
        self.headers = raw.headers

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise http.client.HTTPException(f"{self.status_code} {self.url}")


class LeanBrowser:
    """HTTP/1.1 to one origin; never follows redirects (the caller does, as the bench counts
    each request)."""

    def __init__(self, origin: str, timeout: float):
        parts = urlsplit(origin)
        self.origin, self.cookies = origin, {}
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def get(self, url: str, params: dict | None = None, headers: dict | None = None) -> Reply:
        target = url + ("?" + urlencode(params) if params else "")
        return self.send("GET", target, None, headers or {})

    def post(self, url: str, data: dict, headers: dict | None = None) -> Reply:
        form = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.send("POST", url, urlencode(data).encode(), form)

    def send(self, method: str, url: str, body: bytes | None, headers: dict) -> Reply:
        url = urljoin(self.origin + "/", url)
        parts = urlsplit(url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        if self.cookies:
            headers = {**headers, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self.connection.request(method, path, body=body, headers=headers)
        reply = Reply(url, self.connection.getresponse())
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return reply

    def close(self) -> None:
        self.connection.close()
