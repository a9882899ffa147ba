"""What the browser audits share: axe-core for accessibility, the page budgets, a phone's width."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .browsers import TIMEOUT_MS

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FIRST_VISIT = 30 * 1024
REPEAT_VISIT = 10 * 1024
PHONE = {"width": 375, "height": 740}
SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""
WIDEST = "() => document.documentElement.scrollWidth"


@contextmanager
def audit_page(chromium, width: int) -> Iterator:
    """A page `width` wide that axe can be injected into."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci`")
    # axe is injected as an inline script, which our CSP forbids: this context bypasses it.
    context = chromium.new_context(bypass_csp=True, locale="ru-RU",
                                   viewport={"width": width, "height": 800})  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def serious_violations(page) -> list[str]:
    """axe's serious and critical findings on the page as it is now."""
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(SERIOUS)
