"""A form body sent chunked (no Content-Length) is still searched for NUL bytes: skipping the
form of a request without a body must not skip one that only hides its length."""

import io

from tests.support.drivers import GosuslugiUser
from tests.support.pages import Page


def test_a_chunked_form_with_a_nul_byte_is_a_400(client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    token = Page(client.get(browser.login_url)).csrf_token
    body = f"csrf_token={token}&login=%2B7916%001234501&password=x".encode()
    response = client.post(
        browser.login_url,
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 400 and "Запрос не удалось обработать" in Page(response).text


def test_a_bodyless_get_with_a_nul_byte_in_its_query_is_a_400(client):
    assert client.get("/?q=a%00b").status_code == 400
