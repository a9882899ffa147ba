"""Every error page of the simulator leads somewhere: no page ends the journey."""

import pytest

from tests.support.failures import FailurePage

API = "/_mock/api"


@pytest.fixture
def broken(app):
    """The simulator with a page that fails as a bug would, answered as in production."""

    def fail():
        raise RuntimeError("a bug in the simulator")

    app.add_url_rule("/broken-for-the-test", "broken_for_the_test", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app.test_client()


def leads_on(response, path: str) -> bool:
    steps = FailurePage(response).next_steps
    return bool(steps) and all(step.split("?")[0] != path for step in steps)


@pytest.mark.parametrize(
    "path,status",
    [
        ("/no-such-page", 404),
        ("/_mock/clock/reset", 405),
        ("/login?rid=nobody-knows-this", 400),
        ("/aas/oauth2/ac?client_id=NOBODY&redirect_uri=http://x.test/", 400),
    ],
    ids=["404", "405", "login-gone", "untrusted-client"],
)
def test_each_error_page_offers_a_next_step(client, demo, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert leads_on(response, path.split("?")[0])


def test_the_maintenance_page_offers_a_next_step(client, demo):
    fault = {"kind": "maintenance", "path": "/login", "retry_after": 60}
    assert client.post(f"{API}/faults", json=fault).status_code == 201
    response = client.get("/login?rid=x")
    assert response.status_code == 503 and leads_on(response, "/login")


def test_a_bug_says_so_with_a_reference_and_a_next_step(broken, demo, caplog):
    response = broken.get("/broken-for-the-test")
    page = FailurePage(response)
    assert response.status_code == 500 and leads_on(response, "/broken-for-the-test")
    assert page.reference and any(page.reference in r.getMessage() for r in caplog.records)
