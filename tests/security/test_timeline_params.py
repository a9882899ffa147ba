"""A client names its request parameters: names the timeline uses for itself (step, text, ok)
must not break the protocol step that records them."""

import pytest

from tests.support.drivers import GosuslugiUser, step_of

OWN_NAMES = ["step", "text", "ok", "auth_request_id"]


@pytest.mark.parametrize("name", OWN_NAMES)
def test_an_authorize_request_may_carry_any_extra_parameter(client, registered, demo, name):
    response = GosuslugiUser(client).start({**registered.v1_params(), name: "x"})
    assert step_of(response) == "/login"  # the login page, at the authorize address


@pytest.mark.parametrize("name", OWN_NAMES)
def test_a_token_request_may_carry_any_extra_parameter(client, registered, demo, name):
    query = GosuslugiUser(client).log_in(registered.v1_params())
    data = {**registered.v1_token_params(query["code"]), name: "x"}
    response = client.post("/aas/oauth2/te", data=data)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["access_token"]
