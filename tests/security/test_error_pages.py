"""Both apps answer errors with the same Russian pages; an expired form goes back to its page."""

import pytest
from bs4 import BeautifulSoup

from common.responses import ERROR_TITLES, FORM_EXPIRED


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def flashes(response) -> list[str]:
    return [item.get_text(" ", strip=True) for item in page(response).select(".flash")]


@pytest.fixture
def cabinet_client(portal_app):
    return portal_app.test_client()


@pytest.mark.parametrize("path", ["/login/code/resend", "/_mock/clock/reset"])
def test_the_simulator_answers_a_get_on_a_post_only_url_in_russian(client, path):
    response = client.get(path)
    assert response.status_code == 405
    assert page(response).h1.get_text(strip=True) == ERROR_TITLES[405]
    assert "Method Not Allowed" not in response.get_data(as_text=True)


def test_the_cabinet_answers_a_get_on_a_post_only_url_in_russian(cabinet_client):
    response = cabinet_client.get("/logout")
    assert response.status_code == 405
    assert page(response).h1.get_text(strip=True) == ERROR_TITLES[405]


def test_an_expired_post_only_simulator_form_returns_to_its_page_with_a_message(client):
    form_page = "http://localhost/_mock/personas"
    response = client.post("/_mock/clock/reset", data={}, headers={"Referer": form_page})
    assert response.status_code == 303
    assert response.headers["Location"] == "/_mock/personas"
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200
    assert FORM_EXPIRED in flashes(shown)


def test_an_expired_cabinet_form_returns_to_its_page(cabinet_client):
    response = cabinet_client.post("/logout", data={}, headers={"Referer": "http://localhost/help"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/help"
    assert FORM_EXPIRED in flashes(cabinet_client.get("/help"))


@pytest.mark.parametrize(
    "referrer",
    ["https://evil.example/help", "//evil.example/x", "http://localhost.evil.example/", ""],
)
def test_an_expired_form_never_returns_to_another_site(client, referrer):
    response = client.post("/_mock/clock/reset", data={}, headers={"Referer": referrer})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
