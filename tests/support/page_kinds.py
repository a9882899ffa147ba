"""Every kind of page the two apps serve, named, so each can be held to its budget on its own.

A crawl that finds a page no pattern here names fails `test_every_crawled_page_has_a_name`:
a new page is added here, and so gets weighed and audited like the others.
"""

import re

import pytest

# name: (app, path pattern)
KINDS = {
    "portal-landing": ("portal", r"/"),
    "portal-help": ("portal", r"/help"),
    "portal-error": ("portal", r"/no-such-page"),
    "portal-dashboard": ("portal", r"/cabinet/"),
    "portal-notifications": ("portal", r"/cabinet/notifications"),
    "portal-documents": ("portal", r"/cabinet/documents/"),
    "portal-document-type": ("portal", r"/cabinet/documents/[a-z_]+"),
    "portal-education": ("portal", r"/cabinet/education/"),
    "portal-applications": ("portal", r"/cabinet/applications/"),
    "portal-application-new": ("portal", r"/cabinet/applications/new"),
    "portal-wizard-step": ("portal", r"/cabinet/applications/\d+/step/\d"),
    "portal-application-detail": ("portal", r"/cabinet/applications/\d+"),
    "portal-application-cancel": ("portal", r"/cabinet/applications/\d+/cancel"),
    "portal-application-delete": ("portal", r"/cabinet/applications/\d+/delete"),
    "portal-accreditation": ("portal", r"/cabinet/accreditation"),
    "portal-review-console": ("portal", r"/review/"),
    "portal-review-applications": ("portal", r"/review/applications"),
    "portal-review-application": ("portal", r"/review/applications/\d+"),
    "portal-review-documents": ("portal", r"/review/documents"),
    "idp-home": ("idp", r"/"),
    "idp-login": ("idp", r"/login"),
    # The login page (or consent under SSO) answered at the authorize address itself.
    "idp-authorize": ("idp", r"/aas/oauth2(/v2)?/ac|/oidc/authorize"),
    "idp-code": ("idp", r"/login/code"),
    "idp-consent": ("idp", r"/consent"),
    "idp-login-way": ("idp", r"/login/(?!code$)[a-z_-]+(/install)?"),
    # The app on the phone: its sign-in (what a scanned QR code opens first) and a request.
    "idp-app-phone": ("idp", r"/app(/qr/[\w-]+|/login(/code)?)?"),
    "idp-recovery": ("idp", r"/recovery(/[a-z_-]+)?"),
    "idp-bank": ("idp", r"/bank/[\w-]+/[a-z_-]+"),
}

# Pages of the simulator that miss a rule, with the reason; strict, so a fix shows up.
# The simulator's templates belong to another part of the team (templates/idp/**).
KNOWN_IDP_FAILURES: dict[str, dict[str, str]] = {
    "budget": {},
    "axe": {},
    "narrow": {},
}


def app_of(url: str, portal: str) -> str:
    return "portal" if url.startswith(portal) else "idp"


def kind_of(path: str, app: str) -> str | None:
    for name, (kind_app, pattern) in KINDS.items():
        if kind_app == app and re.fullmatch(pattern, path):
            return name
    return None


def kinds(rule: str) -> list:
    """The page kinds as pytest parameters, with the simulator's known failures of `rule`."""
    known = KNOWN_IDP_FAILURES[rule]
    return [
        pytest.param(
            name, marks=pytest.mark.xfail(strict=True, reason=known[name]) if name in known else ()
        )
        for name in KINDS
    ]
