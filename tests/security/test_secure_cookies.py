"""Cookies served over HTTPS are marked Secure, so a network attacker cannot read them from a
plain-HTTP request the browser makes to the same host; the environment can still say otherwise."""

import pytest
from flask import session

import idp_mock
import portal


def cookie_flags(application) -> str:
    """The Set-Cookie header the app sends when it starts a session."""
    with application.test_request_context():
        session["probe"] = "1"
        response = application.response_class()
        application.session_interface.save_session(application, session, response)
    return response.headers["Set-Cookie"]


FACTORIES = [(portal, "PORTAL", "portal_config"), (idp_mock, "IDP", "idp_config")]


# ASVS 5.0 3.3.1 (Secure attribute); OWASP session management cheat sheet
@pytest.mark.parametrize(("package", "prefix", "config"), FACTORIES)
def test_cookies_are_secure_when_the_public_url_is_https(request, package, prefix, config):
    settings = {**request.getfixturevalue(config), "PUBLIC_URL": "https://accred.example.ru"}
    application = package.create_app(settings)
    assert application.config["SESSION_COOKIE_SECURE"] is True
    assert "; Secure" in cookie_flags(application)


@pytest.mark.parametrize(("package", "prefix", "config"), FACTORIES)
def test_the_environment_still_decides(request, monkeypatch, package, prefix, config):
    monkeypatch.setenv(f"{prefix}_SESSION_COOKIE_SECURE", "false")
    settings = {**request.getfixturevalue(config), "PUBLIC_URL": "https://accred.example.ru"}
    assert package.create_app(settings).config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(("package", "prefix", "config"), FACTORIES)
def test_plain_http_keeps_cookies_usable(request, package, prefix, config):
    settings = {**request.getfixturevalue(config), "PUBLIC_URL": "http://127.0.0.1:8000"}
    application = package.create_app(settings)
    assert "; Secure" not in cookie_flags(application)


def test_the_cabinets_remember_cookie_follows_the_session_cookie(portal_config):
    settings = {**portal_config, "PUBLIC_URL": "https://accred.example.ru"}
    assert portal.create_app(settings).config["REMEMBER_COOKIE_SECURE"] is True
