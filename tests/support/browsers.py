"""Headless Chromium for the browser journeys (tests/e2e) and the audits (tests/budgets)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
FAILED_LOAD = "Failed to load resource"


def no_browser(reason: str) -> None:
    """Skip on a machine without Chromium, unless REQUIRE_BROWSER says it must be there."""
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason)


def launch_chromium(playwright: Playwright) -> Browser:
    """Chromium headless with the flags of every browser test; skips when it cannot start."""
    if not CHROMIUM.is_file():
        no_browser(f"Chromium is not installed at {CHROMIUM}")
    try:
        return playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Error as error:
        no_browser(f"Chromium at {CHROMIUM} did not start: {error.message}")
