"""Every page of both apps fits a slow line: its bytes, its caching, its compression, its polls.

Sizes are the bodies as sent to a browser that accepts gzip only (an old one), so they are the
bytes that cross the line; headers are not counted. A repeat visit fetches the HTML again and
nothing else, as the styles and scripts it references are fingerprinted and immutable.
"""

from urllib.parse import urljoin, urlsplit

import pytest

from common.statics import STATIC_DIR
from tests.support.page_kinds import app_of, kind_of, kinds
from tests.support.site import FINGERPRINTED, Visit, origin, parts_of

FIRST_VISIT = 30 * 1024
REPEAT_VISIT = 10 * 1024
POLL = 1024
COMPRESS_FROM = 500  # bytes: Flask-Compress's COMPRESS_MIN_SIZE; smaller bodies gain nothing


def external_resources(page: Visit) -> list[str]:
    base = origin(page.url)
    return [
        src[:80]
        for src in page.parts.resources
        if not src.startswith("data:") and origin(urljoin(page.url, src)) != base
    ]


def weight_problems(page: Visit) -> list[str]:
    problems = []
    if page.first_visit > FIRST_VISIT:
        problems.append(f"first visit {page.first_visit} B > {FIRST_VISIT} B")
    if page.repeat_visit > REPEAT_VISIT:
        problems.append(f"repeat visit {page.repeat_visit} B > {REPEAT_VISIT} B")
    for asset in page.assets:
        if not FINGERPRINTED.match(urlsplit(asset.url).path):
            problems.append(f"{asset.url} has no content hash in its URL")
        if "immutable" not in asset.headers.get("Cache-Control", ""):
            problems.append(f"{asset.url} is not cached as immutable")
        if len(asset.content) >= COMPRESS_FROM and asset.encoding != "gzip":
            problems.append(f"{asset.url} is sent uncompressed")
    return problems


def markup_problems(page: Visit) -> list[str]:
    problems = [f"loads {src} from another origin" for src in external_resources(page)]
    for script in page.parts.scripts:
        if "src" not in script:
            problems.append("has an inline script")
        elif "defer" not in script and "async" not in script:
            problems.append(f"{script['src']} blocks rendering (no defer)")
    return problems


def compression_problems(page: Visit) -> list[str]:
    problems = []
    if len(page.wire.content) >= COMPRESS_FROM:
        if page.wire.encoding != "gzip":
            problems.append(f"HTML sent as {page.wire.encoding} to a gzip-only browser")
        if page.br.encoding != "br":
            problems.append(f"HTML sent as {page.br.encoding} to a browser that accepts br")
    return problems


@pytest.mark.parametrize("kind", kinds("budget"))
def test_every_page_keeps_to_its_budget(world, kind):
    problems = [
        f"{page.role} {page.url}: {problem}"
        for page in world.pages_of(kind)
        for problem in weight_problems(page) + markup_problems(page) + compression_problems(page)
    ]
    assert problems == []


def test_every_crawled_page_has_a_name(world):
    unnamed = [
        p.url for p in world.every_page if kind_of(p.path, app_of(p.url, world.portal)) is None
    ]
    assert unnamed == [], "name these pages in tests/support/page_kinds.py"


def test_the_crawl_reached_every_role_and_both_apps(world):
    roles = {page.role for page in world.pages}
    apps = {app_of(page.url, world.portal) for page in world.every_page}
    assert roles == {"anonymous", "doctor", "reviewer"} and apps == {"portal", "idp"}
    assert len(world.every_page) >= 30


def test_static_files_are_compressed_with_brotli_when_the_browser_accepts_it(world):
    visitor = world.visitors["anonymous"]
    for asset in {a.url for page in world.every_page for a in page.assets}:
        gz, br = visitor.fetch(asset, "gzip"), visitor.fetch(asset, "gzip, deflate, br")
        assert (gz.encoding, br.encoding) == ("gzip", "br"), asset
        assert br.content == gz.content and br.size < gz.size, asset
        assert "Accept-Encoding" in br.headers["Vary"]


def test_a_browser_without_compression_gets_the_plain_files(world):
    visitor = world.visitors["anonymous"]
    page = world.pages_of("portal-landing")[0]
    for asset in page.assets:
        plain = visitor.fetch(asset.url, "identity")
        assert plain.encoding is None and plain.body == asset.content


def test_a_form_sent_back_with_its_errors_is_compressed_too(world):
    doctor = world.visitors["doctor"]
    url = f"{world.portal}/cabinet/education/"
    page = doctor.fetch(url)
    for encoding in ("gzip", "br"):
        response = doctor.session.post(
            url,
            data={"csrf_token": parts_of(page.text).csrf, "kind": "", "number": ""},
            headers={"Accept-Encoding": encoding},
            stream=True,
            timeout=10,
        )
        body = response.raw.read(decode_content=False)
        assert response.status_code == 422
        assert response.headers["Content-Encoding"] == encoding and len(body) < 4096


def test_no_web_fonts_and_no_images_but_inline_ones():
    css = (STATIC_DIR / "site.css").read_text()
    assert "@font-face" not in css and "url(" not in css
    assert not [p for p in STATIC_DIR.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf"}]


def pollers(world, app: str) -> list[tuple[str, str]]:
    """(URL, HX-Target) of every element on a crawled page of `app` that polls."""
    found = set()
    for page in world.every_page:
        if app_of(page.url, world.portal) != app:
            continue
        for element in page.parts.pollers:
            target = element.get("hx-target", "this")
            target_id = element.get("id", "") if target == "this" else target.lstrip("#")
            found.add((urljoin(page.url, element["hx-get"]), target_id))
    return sorted(found)


def poll_problems(world, app: str) -> list[str]:
    visitor = {"portal": world.visitors["doctor"], "idp": world.visitors["anonymous"]}[app]
    problems = []
    for url, target in pollers(world, app):
        headers = {"HX-Request": "true", "HX-Target": target}
        first = visitor.fetch(url, headers=headers)
        if first.size > POLL:
            problems.append(f"{url}: {first.size} B > {POLL} B")
        etag = first.headers.get("ETag")
        if etag is None:
            problems.append(f"{url}: no ETag")
            continue
        again = visitor.fetch(url, headers={**headers, "If-None-Match": etag})
        if again.status != 304 or again.size:
            problems.append(f"{url}: unchanged answers {again.status}, {again.size} B, not 304")
    return problems


def test_every_status_poll_of_the_cabinet_is_small_and_304_when_unchanged(world):
    assert len(pollers(world, "portal")) >= 2  # Мои заявки and an application's status
    assert poll_problems(world, "portal") == []


def test_every_poll_of_the_simulator_is_small_and_304_when_unchanged(world):
    assert poll_problems(world, "idp") == []
