"""Ending an SSO session, by ESIA logout, OIDC end_session or the tester's console, is one
operation: the session ends and every token issued in it is revoked."""

import pytest

from tests.support.pages import Page

API = "/_mock/api"


def confirmed_logout(client, path: str):
    """A logout link without a registered return address asks first; the person confirms."""
    form = Page(client.get(path)).form(path)
    return client.post(path, data={"csrf_token": form.csrf_token})


def esia_logout(client, sso_id: str):
    return confirmed_logout(client, "/idp/ext/Logout")


def oidc_end_session(client, sso_id: str):
    return confirmed_logout(client, "/oidc/logout")


def console_revoke(client, sso_id: str):
    page = client.get("/_mock/sessions")
    return client.post(
        f"/_mock/sessions/{sso_id}/revoke", data={"csrf_token": Page(page.text).csrf_token}
    )


@pytest.mark.parametrize("end", [esia_logout, oidc_end_session, console_revoke])
def test_each_way_out_ends_the_session_and_revokes_its_tokens(browser, registered, demo, end):
    code = browser.log_in(registered.v1_params())["code"]
    issued = browser.client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    access_token = issued.get_json()["access_token"]
    [sso] = browser.client.get(f"{API}/sessions").get_json()
    assert sso["active"] and all(t["active"] for t in tokens(browser.client))

    assert end(browser.client, sso["id"]).status_code in (200, 302, 303)

    [after] = browser.client.get(f"{API}/sessions").get_json()
    assert after["id"] == sso["id"] and after["active"] is False
    assert tokens(browser.client) and not any(t["active"] for t in tokens(browser.client))
    userinfo = browser.client.get(
        "/oidc/userinfo", headers={"Authorization": f"Bearer {access_token}"}
    )
    assert userinfo.status_code == 401


def tokens(client) -> list[dict]:
    return client.get(f"{API}/tokens").get_json()


@pytest.mark.parametrize("path", ["/idp/ext/Logout", "/oidc/logout"])
def test_logging_out_without_a_session_is_harmless(client, path):
    assert client.get(path).status_code == 200
