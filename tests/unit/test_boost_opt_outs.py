"""The cabinet is boosted by default; only what leaves the origin or downloads a file opts out."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "portal"
LEAVES_OR_DOWNLOADS = (
    "auth.start",
    "login_url",
    "auth.logout",
    "retry",
    "documents.download",
    ".extract",
    "config.IDP_URL",
)


def opted_out_tags() -> list[tuple[str, str]]:
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<(?:a|form)\b[^>]*>", template.read_text()):
            if 'hx-boost="false"' in tag:
                found.append((template.name, tag))
    return found


def test_only_esia_login_logout_and_downloads_opt_out_of_boost():
    tags = opted_out_tags()
    assert tags
    for name, tag in tags:
        assert any(target in tag for target in LEAVES_OR_DOWNLOADS), f"{name}: {tag}"


def test_the_body_boosts_by_default():
    assert '<body hx-boost="true"' in (TEMPLATES / "base.html").read_text()
