"""Every page a doctor, a reviewer and a trainer reach fits a phone: at 375 and 320 px nothing
scrolls sideways, no word is broken across lines (tables stack into labelled rows, the header
stays compact) and every checkbox and radio sits beside its label.

The pages are the ones the package's crawl found by following same-origin links from the start
pages after login (tests/budgets/conftest.py), plus the trainer's console crawled here from
/_mock/. A word is broken when a DOM Range over it has client rects on more than one line.
"""

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.support.browsers import TIMEOUT_MS
from tests.support.site import Visit, Visitor

pytestmark = pytest.mark.browser

WIDTHS = (375, 320)
TRAINER_PAGES = 40
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
# The innermost elements that stick out on the right (outside any scrolling box): what to fix
# when a page scrolls sideways.
STICKING_OUT = """() => {
  const out = (e) => e.getBoundingClientRect().right > window.innerWidth + 1;
  const scrolled = (e) => e.parentElement?.closest(".seq-scroll, [style*=overflow]") ||
    [...ancestors(e)].some((a) => getComputedStyle(a).overflowX !== "visible");
  function* ancestors(e) { for (let a = e.parentElement; a; a = a.parentElement) yield a; }
  return [...document.body.querySelectorAll("*")]
    .filter((e) => out(e) && ![...e.children].some(out) && !scrolled(e))
    .slice(0, 3).map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute("class")}">` +
                            e.textContent.slice(0, 60));
}"""
# A token wider than its line (a URL, an id) must wrap somewhere; any other breaks only after a
# hyphen or a slash, never inside a word.
BROKEN_WORDS = """() => {
  const hidden = "script,style,noscript,textarea,select,svg,title";
  const tokens = /[^\\s\\u200b]+/g;
  const words = /[^\\-\\u2010-\\u2014/]+[\\-\\u2010-\\u2014/]?/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const rects = (start, end) => {
    range.setStart(walker.currentNode, start);
    range.setEnd(walker.currentNode, end);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const lines = (found) => new Set(found.map((r) => Math.round(r.bottom))).size;
  const width = (found) => found.reduce((sum, r) => sum + r.width, 0);
  // The room a line has: that of the nearest block whose width is not set by its content
  // (an inline box, a table cell, a flex or grid item shrinks to what it holds).
  const sized = (e) => /^(inline|table)/.test(getComputedStyle(e).display) ||
    /(flex|grid)$/.test(getComputedStyle(e.parentElement).display);
  const line = (element) => {
    let block = element;
    while (block.parentElement && sized(block)) block = block.parentElement;
    const style = getComputedStyle(block);
    return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  };
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || node.parentElement.closest(hidden)) continue;
    const room = line(node.parentElement);
    for (const token of node.data.matchAll(tokens)) {
      const whole = rects(token.index, token.index + token[0].length);
      if (lines(whole) < 2 || width(whole) > room) continue;
      for (const word of token[0].matchAll(words)) {
        const start = token.index + word.index;
        if (lines(rects(start, start + word[0].length)) > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


# Checkboxes and radios stretched wide (the box drawn mid-line) or whose label is not right
# beside them (same line, within 2 rem).
ASTRAY_BOXES = """() => [...document.querySelectorAll("input[type=checkbox], input[type=radio]")]
  .filter((box) => box.getClientRects().length && (box.labels || []).length)
  .filter((box) => {
    const b = box.getBoundingClientRect(), l = box.labels[0].getBoundingClientRect();
    const gap = l.left >= b.right ? l.left - b.right : Math.max(0, b.left - l.right);
    return b.width > 32 || gap > 32 || l.top > b.bottom || l.bottom < b.top;
  }).map((box) => box.labels[0].textContent.trim().slice(0, 40))"""


@pytest.fixture(scope="module")
def trainer_pages(world) -> list[Visit]:
    """The simulator's console as a trainer opens it (a training stand: no token)."""
    trainer = Visitor("trainer", world.portal, world.idp)
    pages = trainer.crawl([f"{world.idp}/_mock/"], {world.idp}, limit=TRAINER_PAGES)
    assert any("/_mock/dashboard" in page.url for page in pages), [p.url for p in pages]
    return pages


def phone(chromium: Browser, width: int, cookies: list[dict]) -> BrowserContext:
    context = chromium.new_context(locale="ru-RU", viewport={"width": width, "height": 740})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies(cookies)
    return context


def problems_of(page) -> list[str]:
    sideways = page.evaluate(SIDEWAYS)
    problems = []
    if sideways > 0:
        problems.append(f"scrolls sideways by {sideways} px: {page.evaluate(STICKING_OUT)}")
    broken = page.evaluate(BROKEN_WORDS)
    astray = page.evaluate(ASTRAY_BOXES)
    problems += [f"words broken: {broken[:8]}"] if broken else []
    return problems + ([f"checkboxes away from their labels: {astray[:4]}"] if astray else [])


def audited(chromium, width: int, role: str, pages: list[Visit], cookies: list[dict]):
    problems = []
    context = phone(chromium, width, cookies)
    try:
        page = context.new_page()
        for crawled in pages:
            page.goto(crawled.url)
            problems += [f"{role} {crawled.path}: {p}" for p in problems_of(page)]
    finally:
        context.close()
    return problems


def pages_of_role(world, role: str) -> list[Visit]:
    """The crawled pages of `role`; the doctor's also the draft's wizard steps, which a crawl
    by links reaches only one at a time (their checkboxes are on steps 1 and 4)."""
    pages = [p for p in world.pages if p.role == role]
    if role == "doctor":
        steps = f"{world.portal}/cabinet/applications/{world.draft_id}/step/"
        pages += [world.visitors[role].page(f"{steps}{number}") for number in (1, 2, 3, 4)]
    return list({p.url: p for p in pages}.values())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["doctor", "reviewer", "anonymous"])
def test_every_page_of_the_cabinet_fits_a_phone(world, chromium_for_audits, role, width):
    pages = pages_of_role(world, role)
    assert pages, f"the crawl found no page for {role}"
    cookies = world.cookies(role) if role != "anonymous" else []
    assert audited(chromium_for_audits, width, role, pages, cookies) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_trainers_console_fits_a_phone(trainer_pages, chromium_for_audits, width):
    assert audited(chromium_for_audits, width, "trainer", trainer_pages, []) == []
